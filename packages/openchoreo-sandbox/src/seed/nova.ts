import { randomUUID } from 'node:crypto';
import type { Cluster } from '../apiserver/cluster';
import type { KObject } from '../apiserver/types';
import { hex, isoSeconds, podName, rng } from '../controller/argo/names';
import { workloadRunAnnotations } from '../controller/workflowRun/workloadAnnotation';
import { V1_ORG } from '../crds/v1';
import {
  OWNER_LABEL,
  SAMPLE_REPO,
  SEED_CATALOG,
  SeedComponent,
  SeedOrg,
} from './catalog';
import {
  readV1Sample,
  V1_CLUSTER_WORKFLOWS,
  V1_COMPONENT_TYPES,
  V1_WORKFLOW_TEMPLATES,
} from './v1Samples';

const OC = 'openchoreo.dev/v1alpha1';
const HOUR = 3600 * 1000;

/** What seeding `nova` needs from the sandbox. */
export interface NovaSeedContext {
  control: Cluster;
  build: Cluster;
  observerUrl: string;
  caPem: string;
}

/** The planeIDs the agents of nova's planes register with at the gateway (`workflowplane/{planeID}`). */
export const NOVA_PLANE_IDS = {
  /** WorkflowPlane `nova/default`. */
  namespaced: 'nova-builder',
  /** ClusterWorkflowPlane `default`, which the sample ClusterWorkflows name. */
  cluster: 'default',
} as const;

/** Where v1.2.3 runs the Argo Workflows of a namespace's runs (`internal/pipeline/workflow/pipeline.go@v1.2.3:211`). */
export function v1BuildNamespace(namespace: string): string {
  return `workflows-${namespace}`;
}

function novaOrg(): SeedOrg {
  const org = SEED_CATALOG.find(o => o.org === V1_ORG);
  if (!org) throw new Error(`SEED_CATALOG has no ${V1_ORG} organization`);
  return org;
}

const described = (title: string, description: string) => ({
  'openchoreo.dev/display-name': title,
  'openchoreo.dev/description': description,
});

/** A namespace as an organization: v1.2.3 marks it `openchoreo.dev/control-plane=true` (`internal/openchoreo-api/services/namespace/service.go@v1.2.3:57`). */
function organizationNamespace(name: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'openchoreo.dev/control-plane': 'true' } },
  };
}

/** The planes and the observability planes they name; agent mode is the only mode of a v1 plane. */
function planes(ctx: NovaSeedContext): Array<[KObject, string]> {
  const clusterAgent = { clientCA: { value: ctx.caPem } };
  return [
    [
      {
        apiVersion: OC,
        kind: 'ClusterObservabilityPlane',
        metadata: {
          name: 'default',
          annotations: described(
            'Sandbox Observability Plane',
            "The sandbox observer: the build plane's archived container logs",
          ),
        },
        // Cluster-scoped planes require a planeID (openchoreo.dev_clusterobservabilityplanes.yaml@v1.2.3).
        spec: {
          planeID: 'default',
          observerURL: ctx.observerUrl,
          clusterAgent,
        },
      },
      'clusterobservabilityplanes',
    ],
    [
      {
        apiVersion: OC,
        kind: 'ObservabilityPlane',
        metadata: {
          name: 'default',
          namespace: V1_ORG,
          annotations: described(
            'Nova Observability Plane',
            "The sandbox observer, named by nova's WorkflowPlane",
          ),
        },
        spec: { observerURL: ctx.observerUrl, clusterAgent },
      },
      'observabilityplanes',
    ],
    [
      {
        apiVersion: OC,
        kind: 'ClusterWorkflowPlane',
        metadata: {
          name: 'default',
          annotations: described(
            'Shared Workflow Plane',
            'Cluster-scoped workflow plane (v1.2.3) the sample ClusterWorkflows run on, reached through the cluster gateway',
          ),
        },
        spec: {
          planeID: NOVA_PLANE_IDS.cluster,
          clusterAgent,
          secretStoreRef: { name: 'default' },
          observabilityPlaneRef: {
            kind: 'ClusterObservabilityPlane',
            name: 'default',
          },
        },
      },
      'clusterworkflowplanes',
    ],
    [
      {
        apiVersion: OC,
        kind: 'WorkflowPlane',
        metadata: {
          name: 'default',
          namespace: V1_ORG,
          annotations: described(
            'Nova Workflow Plane',
            `Namespaced workflow plane (v1.2.3) in agent mode with planeID ${NOVA_PLANE_IDS.namespaced}`,
          ),
        },
        spec: {
          planeID: NOVA_PLANE_IDS.namespaced,
          clusterAgent,
          secretStoreRef: { name: 'default' },
          observabilityPlaneRef: {
            kind: 'ObservabilityPlane',
            name: 'default',
          },
        },
      },
      'workflowplanes',
    ],
  ];
}

/**
 * nova's own Workflow: the sample ClusterWorkflow `paketo-buildpacks-builder` as a namespaced
 * Workflow on nova's WorkflowPlane, so runs use both plane paths (`workflowPlaneRef`,
 * `api/v1alpha1/workflow_types.go@v1.2.3`).
 */
function namespacedWorkflow(): KObject {
  const sample = readV1Sample('ci-workflows', 'paketo-buildpacks-builder');
  const spec = sample.spec as Record<string, unknown>;
  return {
    apiVersion: OC,
    kind: 'Workflow',
    metadata: {
      name: 'paketo-buildpacks',
      namespace: V1_ORG,
      labels: { 'openchoreo.dev/workflow-type': 'component' },
      annotations: described(
        'Paketo Buildpacks (nova plane)',
        "Build with Paketo Buildpacks on nova's own WorkflowPlane",
      ),
    },
    spec: {
      ...spec,
      workflowPlaneRef: { kind: 'WorkflowPlane', name: 'default' },
    },
  };
}

/** nova's ComponentType `service`: the sample's, allowing nova's Workflow and the docker ClusterWorkflow. */
function namespacedComponentType(): KObject {
  const sample = readV1Sample('component-types', 'service');
  return {
    apiVersion: OC,
    kind: 'ComponentType',
    metadata: {
      name: 'service',
      namespace: V1_ORG,
      annotations: sample.metadata.annotations,
    },
    spec: {
      ...(sample.spec as Record<string, unknown>),
      allowedWorkflows: [
        { kind: 'Workflow', name: 'paketo-buildpacks' },
        { kind: 'ClusterWorkflow', name: 'dockerfile-builder' },
      ],
    },
  };
}

/** `spec.workflow.parameters`: the repository fields (marked `x-openchoreo-component-parameter-repository-*`) and the rest. */
function workflowParameters(
  c: SeedComponent,
  commit?: string,
): Record<string, unknown> {
  return {
    repository: {
      url: SAMPLE_REPO,
      revision: { branch: 'main', ...(commit ? { commit } : {}) },
      appPath: c.appPath,
    },
    ...c.parameters,
  };
}

function component(org: SeedOrg, c: SeedComponent): KObject {
  return {
    apiVersion: OC,
    kind: 'Component',
    metadata: {
      name: c.name,
      namespace: org.org,
      labels: { [OWNER_LABEL]: org.owner },
      annotations: described(c.title, c.description),
    },
    spec: {
      owner: { projectName: org.project },
      componentType: {
        kind: c.componentTypeKind ?? 'ClusterComponentType',
        name: c.componentType,
      },
      autoDeploy: true,
      ...(c.autoBuild === undefined ? {} : { autoBuild: c.autoBuild }),
      workflow: {
        kind: c.workflowKind ?? 'ClusterWorkflow',
        name: c.workflow,
        parameters: workflowParameters(c),
      },
    },
  };
}

/** The steps of the sample ClusterWorkflows' `build-workflow`: step name and the referenced template. */
const STEPS = [
  { name: 'checkout-source', template: 'checkout' },
  { name: 'build-image', template: 'build-image' },
  { name: 'publish-image', template: 'publish-image' },
  { name: 'generate-workload-cr', template: 'generate-workload-cr' },
] as const;

/** The main container's lines of one step (abridged from the sample templates' `echo`s). */
function stepLines(
  step: (typeof STEPS)[number]['name'],
  c: SeedComponent,
  image: string,
  commit: string,
  failing: boolean,
): string[] {
  switch (step) {
    case 'checkout-source':
      return [
        `>> Cloning ${SAMPLE_REPO} (branch main)`,
        `>> Checked out commit ${commit.slice(0, 8)}`,
      ];
    case 'build-image':
      if (failing)
        return [
          `>> Building image from ${c.appPath}`,
          `Error: no Dockerfile or buildpack-detectable app found at ${c.appPath}/missing`,
        ];
      return [
        `>> Building image from ${c.appPath}`,
        '>> Image built and saved to /mnt/vol/app-image.tar',
      ];
    case 'publish-image':
      return [
        `>> Source image: ${image.slice('ttl.sh/openchoreo-builds/'.length)}`,
        '>> Registry: ttl.sh/openchoreo-builds',
        `>> Image published successfully: ${image}`,
      ];
    default:
      return [
        `>> Creating workload for ${c.name}`,
        '>> Workload updated successfully (HTTP 200)',
        '>> Updating WorkflowRun with workload annotation',
      ];
  }
}

type Outcome = 'succeeded' | 'failed';

/** The finished conditions of `controller_conditions.go@v1.2.3:52-96`. */
function finishedConditions(outcome: Outcome, at: string): KObject[] {
  const condition = (
    type: string,
    status: string,
    reason: string,
    message: string,
  ) => ({
    type,
    status,
    reason,
    message,
    lastTransitionTime: at,
    observedGeneration: 1,
  });
  const running = condition(
    'WorkflowRunning',
    'False',
    'WorkflowRunning',
    'Argo Workflow running has completed',
  );
  if (outcome === 'succeeded')
    return [
      running,
      condition(
        'WorkflowSucceeded',
        'True',
        'WorkflowSucceeded',
        'Workflow completed successfully',
      ),
      condition(
        'WorkflowCompleted',
        'True',
        'WorkflowSucceeded',
        'Workflow has completed successfully',
      ),
    ] as unknown as KObject[];
  return [
    running,
    condition(
      'WorkflowFailed',
      'True',
      'WorkflowFailed',
      'Workflow execution failed',
    ),
    condition(
      'WorkflowCompleted',
      'True',
      'WorkflowFailed',
      'Workflow has completed with failure',
    ),
  ] as unknown as KObject[];
}

/**
 * A finished WorkflowRun as the v1.2.3 controller leaves it, and its archived step logs in the
 * observer (namespace `workflows-nova`, Argo v2 pod names). The run's Argo Workflow is not
 * seeded: the history reads like runs whose Workflow is gone, their logs in the archive only.
 */
function seedHistoryRun(
  ctx: NovaSeedContext,
  org: SeedOrg,
  c: SeedComponent,
  outcome: Outcome,
  createdMs: number,
  random: () => number,
): void {
  // `<component>-run-<8 hex>` as openchoreo-api names runs (`services/workflowrun/service.go@v1.2.3:971-978`).
  const name = `${c.name}-run-${hex(random, 8)}`;
  const commit = hex(random, 40);
  // The sample runTemplate's image-name/-tag and publish-image's `$REGISTRY_ENDPOINT/$SRC_IMAGE`.
  const image = `ttl.sh/openchoreo-builds/${org.org}-${org.project}-${
    c.name
  }:v1-${commit.slice(0, 8)}`;
  const ns = v1BuildNamespace(org.org);
  const tasks: Array<Record<string, string>> = [];
  let at = createdMs + 2000;
  for (const step of STEPS) {
    const failing = outcome === 'failed' && step.name === 'build-image';
    const lines = stepLines(step.name, c, image, commit, failing);
    const startedMs = at;
    const endMs = startedMs + 5000 + Math.floor(random() * 40000);
    const pod = podName(name, step.template, `${name}[0].${step.name}`);
    const log = ctx.build.logs.register(ns, pod, 'main', randomUUID(), name, {
      'workflows.argoproj.io/workflow': name,
    });
    lines.forEach((text, i) =>
      ctx.build.logs.append(
        log,
        text,
        startedMs + ((endMs - startedMs) * (i + 1)) / (lines.length + 1),
      ),
    );
    ctx.build.logs.end(log);
    tasks.push({
      name: step.name,
      phase: failing ? 'Failed' : 'Succeeded',
      startedAt: isoSeconds(startedMs),
      completedAt: isoSeconds(endMs),
      ...(failing ? { message: 'Error (exit code 1)' } : {}),
    });
    at = endMs + 1000;
    if (failing) break;
  }
  const completedAt = isoSeconds(at);
  // generate-workload-cr annotates a succeeded run with the Workload it posted, exactly as a run
  // the controller builds does.
  const annotations: Record<string, string> =
    outcome === 'succeeded'
      ? workloadRunAnnotations({
          namespace: org.org,
          project: org.project,
          component: c.name,
          image,
        })
      : {};
  ctx.control.create(
    {
      apiVersion: OC,
      kind: 'WorkflowRun',
      metadata: {
        name,
        namespace: org.org,
        creationTimestamp: isoSeconds(createdMs),
        labels: {
          'openchoreo.dev/project': org.project,
          'openchoreo.dev/component': c.name,
        },
        annotations,
      },
      spec: {
        workflow: {
          kind: c.workflowKind ?? 'ClusterWorkflow',
          name: c.workflow,
          parameters: workflowParameters(c, commit),
        },
        ttlAfterCompletion: '1d',
      },
      status: {
        conditions: finishedConditions(outcome, completedAt),
        runReference: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          name,
          namespace: ns,
        },
        startedAt: isoSeconds(createdMs + 1000),
        completedAt,
        tasks,
      },
    },
    'workflowruns',
  );
}

/**
 * Build-plane side: the ClusterWorkflowTemplates the sample ClusterWorkflows reference (as
 * `samples/getting-started/workflow-templates.yaml@v1.2.3` installs them) and the namespace runs
 * execute in.
 */
function seedBuildPlane(build: Cluster): void {
  for (const name of V1_WORKFLOW_TEMPLATES) {
    const template = readV1Sample('workflow-templates', name);
    if (
      !build.get(
        'argoproj.io/v1alpha1',
        'clusterworkflowtemplates',
        undefined,
        template.metadata.name!,
      )
    )
      build.create(template, 'clusterworkflowtemplates');
  }
  build.ensureNamespace(v1BuildNamespace(V1_ORG));
}

/** Seeds the organization `nova` on the v1.2.3 API (both sandbox modes). */
export function seedNova(ctx: NovaSeedContext): void {
  const { control } = ctx;
  const org = novaOrg();
  seedBuildPlane(ctx.build);
  control.create(organizationNamespace(org.org), 'namespaces');
  for (const [obj, plural] of planes(ctx)) control.create(obj, plural);
  for (const name of V1_CLUSTER_WORKFLOWS)
    control.create(readV1Sample('ci-workflows', name), 'clusterworkflows');
  control.create(namespacedWorkflow(), 'workflows');
  for (const name of V1_COMPONENT_TYPES)
    control.create(
      readV1Sample('component-types', name),
      'clustercomponenttypes',
    );
  control.create(namespacedComponentType(), 'componenttypes');
  control.create(
    {
      apiVersion: OC,
      kind: 'Project',
      metadata: {
        name: org.project,
        namespace: org.org,
        labels: { [OWNER_LABEL]: org.owner },
        annotations: described(org.projectTitle, org.projectDescription),
      },
      spec: {
        deploymentPipelineRef: { name: 'default' },
        type: { kind: 'ClusterProjectType', name: 'default' },
      },
    },
    'projects',
  );
  const now = Date.now();
  for (const c of org.components) {
    control.create(component(org, c), 'components');
    const random = rng(`${org.org}/${c.name}`);
    seedHistoryRun(ctx, org, c, 'failed', now - 26 * HOUR, random);
    seedHistoryRun(ctx, org, c, 'succeeded', now - 2 * HOUR, random);
  }
}
