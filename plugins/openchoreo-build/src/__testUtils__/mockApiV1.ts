import {
  findRepositoryFields,
  type BuildPlaneSummary,
  type ComponentDetail,
  type ComponentWorkflowSummary,
  type RunDetail,
  type Workflow,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { loadReferenceYaml } from './reference';
import { runDetail } from '../testUtils/mockApi';

/*
 * OpenChoreo v1.x fixtures, shaped like the sandbox's `nova` organization
 * (`packages/openchoreo-sandbox/src/seed/catalog.ts`): the project storefront, the component
 * greeting-service built by the ClusterWorkflow dockerfile-builder, a namespaced Workflow
 * paketo-buildpacks, and runs the controller deleted after `ttlAfterCompletion`.
 */

const SAMPLE_REPO = 'https://github.com/openchoreo/sample-workloads';

/** A sample (Cluster)Workflow of `samples/getting-started/ci-workflows/<file>.yaml@v1.2.3`, unchanged. */
export function sampleWorkflow(file: string): Workflow {
  const [workflow] = loadReferenceYaml<Workflow>(
    `openchoreo/samples-v1.2.3/ci-workflows/${file}.yaml`,
  );
  return workflow;
}

/**
 * A v1 workflow as `GET /workflows` lists it: the schema is the sample's `openAPIV3Schema` as
 * written (markers included), the repository fields found by the shared rule.
 */
function v1WorkflowSummary(
  workflow: Workflow,
  kind: 'Workflow' | 'ClusterWorkflow',
  overrides: Partial<ComponentWorkflowSummary>,
): ComponentWorkflowSummary {
  const schema = workflow.spec?.parameters?.openAPIV3Schema ?? {};
  const plane = workflow.spec?.workflowPlaneRef;
  return {
    namespace: 'nova',
    name: workflow.metadata?.name ?? '',
    generation: 'v1',
    kind,
    repositoryFields: findRepositoryFields(schema).paths,
    workflowPlane: {
      kind: plane?.kind ?? 'ClusterWorkflowPlane',
      name: plane?.name ?? 'default',
    },
    ttlAfterCompletion: workflow.spec?.ttlAfterCompletion,
    description: workflow.metadata?.annotations?.['openchoreo.dev/description'],
    systemParametersSchema: { type: 'object' },
    parametersSchema: schema,
    schemaWarnings: [],
    runTemplate: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow' },
    secrets: [],
    ready: true,
    ...overrides,
  };
}

/** The ClusterWorkflow dockerfile-builder (`samples/getting-started/ci-workflows/dockerfile-builder.yaml@v1.2.3`). */
export function dockerfileBuilderWorkflow(
  overrides: Partial<ComponentWorkflowSummary> = {},
): ComponentWorkflowSummary {
  return v1WorkflowSummary(
    sampleWorkflow('dockerfile-builder'),
    'ClusterWorkflow',
    overrides,
  );
}

/**
 * nova's own namespaced Workflow paketo-buildpacks: the sample paketo-buildpacks-builder on the
 * organization's WorkflowPlane, as the sandbox seeds it (`seed/nova.ts`).
 */
export function paketoWorkflow(
  overrides: Partial<ComponentWorkflowSummary> = {},
): ComponentWorkflowSummary {
  return v1WorkflowSummary(
    sampleWorkflow('paketo-buildpacks-builder'),
    'Workflow',
    {
      name: 'paketo-buildpacks',
      workflowPlane: { kind: 'WorkflowPlane', name: 'default' },
      ...overrides,
    },
  );
}

/** The v1 Component nova/storefront/greeting-service with its `spec.workflow`. */
export function novaComponentDetail(
  overrides: Partial<ComponentDetail> = {},
): ComponentDetail {
  return {
    namespace: 'nova',
    project: 'storefront',
    name: 'greeting-service',
    generation: 'v1',
    displayName: 'Greeting service (v1)',
    componentType: 'deployment/service',
    workflow: {
      kind: 'ClusterWorkflow',
      name: 'dockerfile-builder',
      parameters: {
        repository: {
          url: SAMPLE_REPO,
          revision: { branch: 'main' },
          appPath: '/service-go-greeter',
        },
        docker: {
          context: '/service-go-greeter',
          filePath: '/service-go-greeter/Dockerfile',
        },
      },
    },
    autoBuild: true,
    ...overrides,
  };
}

/** A finished WorkflowRun of greeting-service (v1: steps from `status.tasks`). */
export function novaRunDetail(overrides: Partial<RunDetail> = {}): RunDetail {
  return runDetail({
    namespace: 'nova',
    name: 'greeting-service-run-1a2b3c4d',
    generation: 'v1',
    project: 'storefront',
    component: 'greeting-service',
    workflow: 'dockerfile-builder',
    workflowKind: 'ClusterWorkflow',
    image: 'ttl.sh/openchoreo-builds/nova-storefront-greeting-service:v1',
    createdBy: 'user:default/jane.doe',
    spec: {
      owner: { projectName: 'storefront', componentName: 'greeting-service' },
      workflow: novaComponentDetail().workflow,
    },
    stepsSource: 'tasks',
    execution: {
      name: 'greeting-service-run-1a2b3c4d',
      namespace: 'workflows-nova',
      found: true,
      expired: false,
    },
    entityRef: 'component:nova/greeting-service',
    ...overrides,
  });
}

/**
 * The same run after the controller deleted it (`ttlAfterCompletion` 1d): the answer comes from the
 * portal's run record, the steps from the record and the observer archive.
 */
export function deletedNovaRunDetail(
  overrides: Partial<RunDetail> = {},
): RunDetail {
  return novaRunDetail({
    deleted: { at: '2026-01-11T10:02:31Z', reason: 'retention' },
    stepsSource: 'archive',
    execution: { found: false, expired: true },
    ...overrides,
  });
}

/** nova's planes: the ClusterWorkflowPlane the samples run on and its namespaced WorkflowPlane (agent mode). */
export function novaWorkflowPlanes(): BuildPlaneSummary[] {
  const base: BuildPlaneSummary = {
    namespace: 'nova',
    name: 'default',
    kind: 'ClusterWorkflowPlane',
    generation: 'v1',
    mode: 'agent',
    authMethod: 'gatewayClientCertificate',
    agent: { planeID: 'default', gatewayConfigured: true, connected: true },
    observer: {
      source: 'observabilityPlane',
      observabilityPlaneRef: 'default',
      authentication: 'jwt',
    },
    capabilities: { watch: false, followLogs: false },
    active: true,
    health: { status: 'Healthy' },
    conditions: [],
    problems: [],
  };
  return [
    base,
    {
      ...base,
      kind: 'WorkflowPlane',
      agent: { planeID: 'nova-default', gatewayConfigured: true },
    },
  ];
}
