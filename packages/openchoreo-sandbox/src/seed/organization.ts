import type { Cluster } from '../apiserver/cluster';
import type { KObject } from '../apiserver/types';
import { isoSeconds } from '../controller/argo/names';
import { syncExternalSecret } from '../controller/externalSecretSync';
import { buildNamespace } from '../controller/renderRun';
import { LEGACY_OBSERVER_PREFIX } from '../observer/observer';
import { b64 } from '../tls/ca';
import { OWNER_LABEL, SAMPLE_REPO, SeedComponent, SeedOrg } from './catalog';
import { DAY, OC, SeedContext } from './context';
import { componentWorkflows } from './workflows';

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

/** Creates an ExternalSecret as the operator would have synced it at `atMs` (then it lives on). */
export function createSyncedExternalSecret(
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

export function workflowSpec(
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

/**
 * One v0.9 organization as the seed writes it: its namespaces (control plane and
 * `openchoreo-ci-<org>` on the build plane), ObservabilityPlane, BuildPlane, Project,
 * ComponentWorkflows and Components, without run history. `nowMs` dates acme's synced secrets.
 */
export function seedOrganization(
  ctx: SeedContext,
  org: SeedOrg,
  nowMs: number,
): void {
  const { control, build } = ctx;
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
        nowMs - 30 * DAY,
      );
    }
  }
  // `docker-dag` (a DAG template's workflow, `dockerDag.ts`) only in `default`, beside its docker.
  const dockerDag = org.org === 'default';
  for (const wf of componentWorkflows(org.org, { extraResources, dockerDag }))
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
  }
}
