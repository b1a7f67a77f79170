import { randomUUID } from 'node:crypto';
import type { Cluster } from '../apiserver/cluster';
import type { KObject } from '../apiserver/types';
import { snapshot } from '../controller/argo/snapshot';
import { hex, isoSeconds, rng } from '../controller/argo/names';
import type { WorkflowRunner } from '../controller/argo/runner';
import { MISSING_DOCKERFILE } from '../controller/argo/scripts';
import { syncExternalSecret } from '../controller/externalSecretSync';
import {
  chartClusterSecretStore,
  storeStatus,
} from '../controller/secretStore';
import { buildNamespace, pluralOf, renderRun } from '../controller/renderRun';
import { finishedRunStatus } from '../controller/workload';
import { LEGACY_OBSERVER_PREFIX } from '../observer/observer';
import { b64 } from '../tls/ca';
import {
  OWNER_LABEL,
  SAMPLE_REPO,
  SEED_CATALOG,
  SeedComponent,
  SeedOrg,
} from './catalog';
import { gitopsReleaseTemplates } from './gitopsTemplates';
import { componentWorkflows } from './workflows';
import type { ControlPlaneApi } from '../crds/v1';
import { seedNova } from './nova';

export interface SeedContext {
  control: Cluster;
  build: Cluster;
  runner: WorkflowRunner;
  ttlSeconds: number;
  /** `v1`: only nova, on the v1.2.3 API; `mixed`: the v0.9 organizations too. */
  api: ControlPlaneApi;
  buildPlaneUrl: string;
  observer: { url: string; username: string; password: string };
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
}

const OC = 'openchoreo.dev/v1alpha1';
const DAY = 24 * 3600 * 1000;

/** The name v0.8+ BuildPlanes give in `spec.observabilityPlaneRef` (OpenChoreo's default plane). */
export const OBSERVABILITY_PLANE = 'default';

function buildPlane(org: SeedOrg, ctx: SeedContext): KObject {
  // The v0.3 / v0.7 inline observer is the v0.7-era one, which checked no credentials.
  const observer = {
    url: `${ctx.observer.url}${LEGACY_OBSERVER_PREFIX}`,
    authentication: {
      basicAuth: {
        username: ctx.observer.username,
        password: ctx.observer.password,
      },
    },
  };
  const meta = (display: string, description: string) => ({
    name: org.buildPlane,
    namespace: org.org,
    annotations: {
      'openchoreo.dev/display-name': display,
      'openchoreo.dev/description': description,
    },
  });
  if (org.org === 'default') {
    // v0.7 API reference agent example: reached through the cluster gateway on the v0.7/v0.8 path
    // /api/proxy/buildplane/default/k8s/… (gateway/proxyPath.ts).
    return {
      apiVersion: OC,
      kind: 'BuildPlane',
      metadata: meta(
        'Default Build Plane',
        'Agent-mode build plane (v0.7 shape), reached through the cluster gateway',
      ),
      spec: {
        agent: { enabled: true, clientCA: { value: ctx.caPem } },
        observer,
      },
    };
  }
  if (org.org === 'acme') {
    // v0.3 API reference direct example: reached directly with mTLS.
    return {
      apiVersion: OC,
      kind: 'BuildPlane',
      metadata: meta(
        'Acme Build Plane',
        'Directly reached build plane (v0.3 shape) with client-certificate credentials',
      ),
      spec: {
        kubernetesCluster: {
          name: 'acme-build-cluster',
          credentials: {
            apiServerURL: ctx.buildPlaneUrl,
            caCert: b64(ctx.caPem),
            clientCert: b64(ctx.clientCertPem),
            clientKey: b64(ctx.clientKeyPem),
          },
        },
        observer,
      },
    };
  }
  // v0.9 shape: shared agent-mode build plane.
  return {
    apiVersion: OC,
    kind: 'BuildPlane',
    metadata: meta(
      'Shared Builder',
      'Agent-mode build plane (v0.9 shape) with planeID shared-builder',
    ),
    spec: {
      planeID: 'shared-builder',
      clusterAgent: { clientCA: { value: ctx.caPem } },
      secretStoreRef: { name: 'default' },
      observabilityPlaneRef: OBSERVABILITY_PLANE,
    },
  };
}

/**
 * The organization's ObservabilityPlane: the sandbox observer's URL (read through
 * `observabilityPlaneRef`), and the cluster agent CA the v0.9 CRD requires.
 */
function observabilityPlane(org: SeedOrg, ctx: SeedContext): KObject {
  return {
    apiVersion: OC,
    kind: 'ObservabilityPlane',
    metadata: {
      name: OBSERVABILITY_PLANE,
      namespace: org.org,
      annotations: {
        'openchoreo.dev/display-name': 'Sandbox Observability Plane',
        'openchoreo.dev/description':
          "The sandbox observer: the build plane's archived container logs",
      },
    },
    spec: {
      observerURL: ctx.observer.url,
      clusterAgent: { clientCA: { value: ctx.caPem } },
    },
  };
}

function sharedSecret(
  name: string,
  remoteKey: string,
): Record<string, unknown> {
  return {
    id: name,
    template: {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name, namespace: 'openchoreo-ci-${metadata.orgName}' },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'default', kind: 'ClusterSecretStore' },
        target: { name, creationPolicy: 'Owner' },
        data: [{ secretKey: 'token', remoteRef: { key: remoteKey } }],
      },
    },
  };
}

/**
 * The keys the GitOps guide's "Configure Secrets" step patches into the fake ClusterSecretStore
 * `default` (`kubectl patch clustersecretstore default --type=json …`), beside the chart's own. The
 * key acme's docker workflow asks for, `acme-registry-password`, is deliberately not among them:
 * its ExternalSecret stays not Ready until someone patches it in.
 */
const GUIDE_STORE_KEYS = [
  { key: 'git-token', value: 'ghp_sandbox_git_token' },
  { key: 'gitops-token', value: 'ghp_sandbox_gitops_token' },
];

/** Creates an ExternalSecret as the operator would have synced it at `atMs` (then it lives on). */
function createSyncedExternalSecret(
  build: Cluster,
  es: KObject,
  atMs: number,
): void {
  const created = build.create(
    {
      ...es,
      metadata: { ...es.metadata, creationTimestamp: isoSeconds(atMs) },
    },
    'externalsecrets',
  );
  syncExternalSecret(
    build,
    { namespace: created.metadata.namespace!, name: created.metadata.name! },
    new Date(atMs),
  );
}

function workflowSpec(
  c: SeedComponent,
  appPath = c.appPath,
  parameters = c.parameters,
  commit?: string,
): Record<string, unknown> {
  return {
    name: c.workflow,
    systemParameters: {
      repository: {
        url: SAMPLE_REPO,
        revision: { branch: 'main', ...(commit ? { commit } : {}) },
        appPath,
      },
    },
    parameters,
  };
}

type HistoryKind = 'succeeded' | 'failed' | 'expired' | 'running';

/** Creates a finished run as if it had happened at `createdMs` (workflow, pods, logs). */
function seedHistoryRun(
  ctx: SeedContext,
  org: SeedOrg,
  c: SeedComponent,
  kind: HistoryKind,
  name: string,
  createdMs: number,
  random: () => number,
): void {
  const { control, build } = ctx;
  const failing = kind === 'failed';
  const appPath = failing ? `${c.appPath}/${MISSING_DOCKERFILE}` : c.appPath;
  const params =
    failing && c.parameters.docker
      ? {
          ...c.parameters,
          docker: { context: appPath, filePath: `${appPath}/Dockerfile` },
        }
      : c.parameters;
  const run: KObject = {
    apiVersion: OC,
    kind: 'ComponentWorkflowRun',
    metadata: {
      name,
      namespace: org.org,
      creationTimestamp: isoSeconds(createdMs),
      labels: {
        'openchoreo.dev/component': c.name,
        'openchoreo.dev/project': org.project,
      },
    },
    spec: {
      owner: { projectName: org.project, componentName: c.name },
      workflow: workflowSpec(c, appPath, params, hex(random, 40)),
    },
  };
  if (kind === 'running') {
    // No status: the run controller picks it up and it progresses live.
    control.create(
      { ...run, metadata: { ...run.metadata, creationTimestamp: undefined } },
      'componentworkflowruns',
    );
    return;
  }
  const cwf = control.get(OC, 'componentworkflows', org.org, c.workflow)!;
  const rendered = renderRun(
    { ...run, metadata: { ...run.metadata, uid: 'seed' } },
    cwf,
    ctx.ttlSeconds,
  );
  const ns = buildNamespace(org.org);
  const at = isoSeconds(createdMs);
  for (const res of rendered.resources) {
    if (build.get(res.apiVersion, pluralOf(res.kind), ns, res.metadata.name!))
      continue;
    if (res.kind === 'ExternalSecret')
      createSyncedExternalSecret(build, res, createdMs);
    else
      build.create(
        { ...res, metadata: { ...res.metadata, creationTimestamp: at } },
        pluralOf(res.kind),
      );
  }
  const wfCreated = createdMs + 1000;
  const wfDraft: KObject = {
    ...rendered.workflow,
    metadata: {
      ...rendered.workflow.metadata,
      uid: `seed-${name}`,
      creationTimestamp: isoSeconds(wfCreated),
    },
  };
  const plan = ctx.runner.plan(wfDraft, wfCreated, 1);
  const snap = snapshot(plan, plan.endMs + 1000);
  const finished = new Date(snap.finishedMs ?? plan.endMs);
  const runStatus = finishedRunStatus(control, org.org, snap.status, finished);
  control.create(
    {
      ...run,
      status: {
        ...runStatus,
        runReference: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          name,
          namespace: ns,
        },
        ...(rendered.resources.length
          ? {
              resources: rendered.resources.map(r => ({
                apiVersion: r.apiVersion,
                kind: r.kind,
                name: r.metadata.name,
                namespace: ns,
              })),
            }
          : {}),
      },
    },
    'componentworkflowruns',
  );
  let uid = '';
  // The pods as the log collector saw them when their logs began: UID (created below unless the
  // run has expired, when only the archive remembers it) and labels (not yet completed).
  const collected = new Map<
    string,
    { uid: string; labels: Record<string, string> }
  >(
    snap.pods.map(pod => [
      pod.metadata.name!,
      {
        uid: randomUUID(),
        labels: {
          ...pod.metadata.labels,
          'workflows.argoproj.io/completed': 'false',
        },
      },
    ]),
  );
  if (kind !== 'expired') {
    const wf = build.create(
      {
        ...rendered.workflow,
        metadata: {
          ...rendered.workflow.metadata,
          creationTimestamp: isoSeconds(wfCreated),
          labels: {
            ...rendered.workflow.metadata.labels,
            'workflows.argoproj.io/phase': snap.phase,
            'workflows.argoproj.io/completed': 'true',
          },
          annotations: {
            ...rendered.workflow.metadata.annotations,
            'workflows.argoproj.io/pod-name-format': 'v2',
          },
        },
        status: snap.status,
      },
      'workflows',
    );
    uid = wf.metadata.uid!;
    for (const pod of snap.pods) {
      pod.metadata.ownerReferences = pod.metadata.ownerReferences?.map(r => ({
        ...r,
        uid,
      }));
      const created = build.create(pod, 'pods');
      collected.get(created.metadata.name!)!.uid = created.metadata.uid!;
    }
    ctx.runner.scheduleDeletion(ns, name, uid, ctx.ttlSeconds * 1000);
  }
  // Logs (for expired runs these exist only in the observer's archive).
  for (const step of plan.steps) {
    const pod = collected.get(step.podName);
    for (const container of ['init', 'wait', 'main'] as const) {
      const log = build.logs.register(
        ns,
        step.podName,
        container,
        pod?.uid ?? randomUUID(),
        name,
        pod?.labels,
      );
      for (const line of step.lines.filter(l => l.container === container))
        build.logs.append(log, line.text, line.at);
      build.logs.end(log);
    }
  }
}

/** Loads the demo organizations, build planes, workflows, components and run history. */
export function seed(ctx: SeedContext): void {
  const { control, build } = ctx;
  // The build-plane chart's fake store, installed and validated before the seeded history.
  const store = chartClusterSecretStore(GUIDE_STORE_KEYS);
  const installedMs = Date.now() - 31 * DAY;
  build.create(
    {
      ...store,
      metadata: {
        ...store.metadata,
        creationTimestamp: isoSeconds(installedMs),
      },
      status: storeStatus(store, new Date(installedMs)),
    },
    'clustersecretstores',
  );
  seedNova({
    control,
    build,
    observerUrl: ctx.observer.url,
    caPem: ctx.caPem,
  });
  if (ctx.api === 'v1') return;
  // The GitOps guide's ClusterWorkflowTemplates, before any run of their ComponentWorkflows.
  for (const template of gitopsReleaseTemplates())
    build.create(template, 'clusterworkflowtemplates');
  const now = Date.now();
  for (const org of SEED_CATALOG.filter(o => o.generation === 'v0.9')) {
    control.ensureNamespace(org.org);
    const ns = buildNamespace(org.org);
    build.ensureNamespace(ns);
    control.create(observabilityPlane(org, ctx), 'observabilityplanes');
    control.create(buildPlane(org, ctx), 'buildplanes');
    control.create(
      {
        apiVersion: OC,
        kind: 'Project',
        metadata: {
          name: org.project,
          namespace: org.org,
          labels: { [OWNER_LABEL]: org.owner },
          annotations: {
            'openchoreo.dev/display-name': org.projectTitle,
            'openchoreo.dev/description': org.projectDescription,
          },
        },
        spec: { deploymentPipelineRef: 'default' },
      },
      'projects',
    );
    const extraResources: Record<string, Array<Record<string, unknown>>> = {};
    if (org.org === 'acme') {
      // One shared secret is Ready, one is not: acme's docker workflow waits for its registry secret.
      extraResources.docker = [
        sharedSecret('registry-push-secret', 'acme-registry-password'),
      ];
      extraResources.react = [sharedSecret('npm-registry-token', 'npm-token')];
      // Synced by the operator 30 days ago: npm-token is in the store, acme-registry-password not.
      for (const [name, key] of [
        ['npm-registry-token', 'npm-token'],
        ['registry-push-secret', 'acme-registry-password'],
      ]) {
        const es = sharedSecret(name, key).template as KObject;
        createSyncedExternalSecret(
          build,
          { ...es, metadata: { name, namespace: ns } },
          now - 30 * DAY,
        );
      }
    }
    for (const wf of componentWorkflows(org.org, { extraResources }))
      control.create(wf, 'componentworkflows');
    for (const c of org.components) {
      control.create(
        {
          apiVersion: OC,
          kind: 'Component',
          metadata: {
            name: c.name,
            namespace: org.org,
            labels: { [OWNER_LABEL]: org.owner },
            annotations: {
              'openchoreo.dev/display-name': c.title,
              'openchoreo.dev/description': c.description,
            },
          },
          spec: {
            owner: { projectName: org.project },
            componentType: c.componentType,
            workflow: workflowSpec(c),
            ...(c.autoBuild === undefined ? {} : { autoBuild: c.autoBuild }),
          },
        },
        'components',
      );
      const random = rng(`${org.org}/${c.name}`);
      const history: Array<[HistoryKind, number]> = [
        ['expired', now - 3 * DAY - random() * 3600 * 1000],
        ['failed', now - 26 * 3600 * 1000 - random() * 3600 * 1000],
        ['succeeded', now - 2 * 3600 * 1000 - random() * 1800 * 1000],
        ['running', now],
      ];
      for (const [kind, createdMs] of history) {
        seedHistoryRun(
          ctx,
          org,
          c,
          kind,
          `${c.name}-workflow-${hex(random, 8)}`,
          Math.floor(createdMs),
          random,
        );
      }
    }
  }
}
