import type { Cluster } from '../apiserver/cluster';
import { isRecord, KObject } from '../apiserver/types';
import type { Condition } from './conditions';
import { FakeProvider, FakeProviderData } from './fakeProvider';

export const ESO_API = 'external-secrets.io/v1';
export const CLUSTER_SECRET_STORES = 'clustersecretstores';
export const SECRET_STORES = 'secretstores';

/** ClusterSecretStore / SecretStore `external-secrets.io/v1`, as far as the sandbox reads it. */
export interface SecretStoreObject extends KObject {
  spec?: {
    provider?: { fake?: { data?: FakeProviderData[] } } & Record<
      string,
      unknown
    >;
  };
  status?: { capabilities?: string; conditions?: Condition[] };
}

/** `spec.secretStoreRef` of an ExternalSecret; `kind` defaults to `SecretStore` as in ESO's CRD. */
export interface StoreRef {
  name: string;
  kind: 'ClusterSecretStore' | 'SecretStore';
}

/** The keys and values the OpenChoreo v0.9.0 build-plane chart seeds (`fakeSecretStore.secrets`, values.yaml@v0.9.0). */
export const CHART_FAKE_SECRETS: FakeProviderData[] = [
  { key: 'github-pat', value: 'fake-github-token-for-development' },
  { key: 'npm-token', value: 'fake-npm-token-for-development' },
  { key: 'docker-username', value: 'dev-user' },
  { key: 'docker-password', value: 'dev-password' },
];

/** The release `helm install openchoreo-build-plane …` (`docs/install-guide-multi-cluster.md@v0.9.0`). */
const RELEASE = 'openchoreo-build-plane';

/**
 * The ClusterSecretStore `default` as the build-plane chart renders it
 * (`install/helm/openchoreo-build-plane/templates/external-secrets/clustersecretstore.yaml@v0.9.0`):
 * a Helm hook (so no `meta.helm.sh/*` release annotations) with the chart's common labels
 * (`_helpers.tpl@v0.9.0`; the release workflow packages v0.9.0 as chart `0.9.0`, app `v0.9.0`).
 * `extra` are entries added afterwards, as the GitOps guide's `kubectl patch` adds them.
 */
export function chartClusterSecretStore(
  extra: FakeProviderData[] = [],
): SecretStoreObject {
  return {
    apiVersion: ESO_API,
    kind: 'ClusterSecretStore',
    metadata: {
      name: 'default',
      annotations: {
        'helm.sh/hook': 'post-install,post-upgrade',
        'helm.sh/hook-weight': '10',
      },
      labels: {
        'helm.sh/chart': `${RELEASE}-0.9.0`,
        'app.kubernetes.io/name': RELEASE,
        'app.kubernetes.io/instance': RELEASE,
        'app.kubernetes.io/version': 'v0.9.0',
        'app.kubernetes.io/managed-by': 'Helm',
        'app.kubernetes.io/part-of': 'openchoreo',
      },
    },
    spec: {
      provider: { fake: { data: [...CHART_FAKE_SECRETS, ...extra] } },
    },
  };
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * The status ESO's store controller writes (`pkg/controllers/secretstore/common.go@v0.19.2`):
 * for a fake store Ready=True `Valid` "store validated" and the provider's capabilities
 * (`ReadWrite`, `fake.go@v0.19.2`); a store the sandbox cannot build a client for (any other
 * provider) is Ready=False `InvalidProviderConfig` "unable to create client", as ESO reports a
 * failed `NewClient`. The transition time stays while the status does not change.
 */
export function storeStatus(
  store: SecretStoreObject,
  now: Date,
): NonNullable<SecretStoreObject['status']> {
  const fake = isRecord(store.spec?.provider?.fake);
  const previous = store.status?.conditions?.find(c => c.type === 'Ready');
  const status = fake ? 'True' : 'False';
  const ready: Condition = {
    type: 'Ready',
    status,
    reason: fake ? 'Valid' : 'InvalidProviderConfig',
    message: fake ? 'store validated' : 'unable to create client',
    lastTransitionTime:
      previous?.status === status
        ? previous.lastTransitionTime
        : isoSeconds(now),
  };
  return fake
    ? { capabilities: 'ReadWrite', conditions: [ready] }
    : { conditions: [ready] };
}

/** The store an ExternalSecret names, read as ESO's client manager does (`client_manager.go@v0.19.2`). */
export function storeProvider(
  build: Cluster,
  ref: StoreRef,
  namespace: string,
): FakeProvider {
  const cluster = ref.kind === 'ClusterSecretStore';
  const store = build.get(
    ESO_API,
    cluster ? CLUSTER_SECRET_STORES : SECRET_STORES,
    cluster ? undefined : namespace,
    ref.name,
  ) as SecretStoreObject | undefined;
  if (!store) {
    const plural = cluster ? CLUSTER_SECRET_STORES : SECRET_STORES;
    throw new Error(
      `could not get ${ref.kind} "${ref.name}", ${plural}.external-secrets.io "${ref.name}" not found`,
    );
  }
  // The flood gate (on by default): a store that is not Ready is not used.
  const ready = store.status?.conditions?.find(c => c.type === 'Ready');
  if (ready?.status !== 'True')
    throw new Error(`${ref.kind} "${ref.name}" is not ready`);
  const fake = store.spec?.provider?.fake;
  if (!fake)
    throw new Error(
      `${ref.kind} "${ref.name}" has no fake provider: the sandbox emulates only ESO's fake provider`,
    );
  return new FakeProvider(fake.data ?? []);
}
