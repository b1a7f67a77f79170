import type { Cluster } from '../apiserver/cluster';
import { ApiError } from '../apiserver/errors';
import type { StoreEvent } from '../apiserver/store';
import { isRecord, KObject } from '../apiserver/types';
import type { Scheduler } from '../util/scheduler';
import { ControllerClock, schedulerClock } from './clock';
import { ExternalSecretObject, storeRefOf } from './externalSecretData';
import { LABEL_MANAGED, syncExternalSecret } from './externalSecretSync';
import { fakeStoreProblem } from './fakeProvider';
import { parseGoDuration } from './goDuration';
import {
  CLUSTER_SECRET_STORES,
  ESO_API,
  SECRET_STORES,
  SecretStoreObject,
  storeStatus,
} from './secretStore';

const ES_GR = 'external-secrets.io/externalsecrets';
const CSS_GR = `external-secrets.io/${CLUSTER_SECRET_STORES}`;
const SS_GR = `external-secrets.io/${SECRET_STORES}`;
/** `refreshInterval` when the ExternalSecret gives none (the CRD's default). */
const DEFAULT_REFRESH_MS = 3_600_000;

interface Managed {
  namespace: string;
  name: string;
  cancelRefresh?: () => void;
}

/**
 * Emulates the External Secrets Operator (v0.19.2, the release OpenChoreo v0.9.0's build-plane
 * chart installs) on the build plane: its store controller (status of ClusterSecretStores and
 * SecretStores), its ExternalSecret controller (each reconcile in `externalSecretSync.ts`) and its
 * validating webhook for fake stores.
 *
 * An ExternalSecret is synced when created, when its spec, labels or annotations change, when its
 * target Secret is deleted (ESO watches the Secrets it manages), and every `refreshInterval`
 * (Go duration, default 1h, `0` or `refreshPolicy: CreatedOnce|OnChange` = no periodic refresh).
 * A failed sync is retried on the same interval, where ESO retries with controller-runtime's
 * backoff (5 ms doubling to 1000 s).
 *
 * Store changes: ESO (v0.10 on) does not watch stores; a real cluster picks a patched store up at
 * the next refresh or retry of each ExternalSecret (15 s for OpenChoreo's samples). The sandbox
 * takes that refresh at once: a change to a store's spec or readiness re-syncs the ExternalSecrets
 * that use it, when their refresh policy would refresh them at all — so that the GitOps guide's
 * `kubectl patch clustersecretstore default …` shows its effect without a wait.
 *
 * ExternalSecrets created with a status already (tests and seeds that fix their state) are left
 * alone.
 */
export class ExternalSecretsEmulator {
  private unsubscribe?: () => void;
  /** The ExternalSecrets this emulator reconciles, by uid. */
  private readonly managed = new Map<string, Managed>();
  private readonly clock: ControllerClock;

  constructor(
    private readonly build: Cluster,
    private readonly scheduler: Scheduler,
    clock?: ControllerClock,
  ) {
    this.clock = clock ?? schedulerClock(scheduler);
  }

  start(): void {
    for (const [gr, kind] of [
      [CSS_GR, 'clustersecretstore'],
      [SS_GR, 'secretstore'],
    ] as const) {
      this.build.core.mutators.set(gr, store => admitStore(store, kind));
    }
    this.unsubscribe = this.build.store.subscribe((e: StoreEvent) => {
      if (e.gr === ES_GR) this.onExternalSecret(e);
      else if (e.gr === CSS_GR || e.gr === SS_GR) this.onStore(e);
      else if (e.gr === '/secrets' && e.type === 'DELETED')
        this.onSecretDeleted(e.object);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.build.core.mutators.delete(CSS_GR);
    this.build.core.mutators.delete(SS_GR);
    for (const entry of this.managed.values()) entry.cancelRefresh?.();
    this.managed.clear();
  }

  private onExternalSecret(e: StoreEvent): void {
    const uid = e.object.metadata.uid!;
    if (e.type === 'DELETED') {
      this.managed.get(uid)?.cancelRefresh?.();
      this.managed.delete(uid);
      return;
    }
    if (e.type === 'ADDED') {
      if (e.object.status) return;
      const { namespace, name } = e.object.metadata;
      this.managed.set(uid, { namespace: namespace!, name: name! });
      this.scheduler.soon(() => this.sync(uid));
      return;
    }
    if (this.managed.has(uid) && metaChanged(e.previous, e.object))
      this.scheduler.soon(() => this.sync(uid));
  }

  /** The store controller's status, then (the sandbox's shortcut) the ExternalSecrets using it. */
  private onStore(e: StoreEvent): void {
    const store = e.object as SecretStoreObject;
    if (e.type !== 'DELETED') {
      this.scheduler.soon(() => this.writeStoreStatus(store));
    }
    const previous = e.previous as SecretStoreObject | undefined;
    const changed =
      e.type !== 'MODIFIED' ||
      previous?.metadata.generation !== store.metadata.generation ||
      readyOf(previous) !== readyOf(store);
    if (!changed) return;
    const kind =
      e.gr === CSS_GR ? 'ClusterSecretStore' : ('SecretStore' as const);
    this.scheduler.soon(() => {
      for (const [uid, entry] of this.managed) {
        if (
          kind === 'SecretStore' &&
          entry.namespace !== store.metadata.namespace
        )
          continue;
        const es = this.read(entry);
        const ref = es && storeRefOf(es);
        if (!es || ref?.kind !== kind || ref.name !== store.metadata.name)
          continue;
        if (refreshesPeriodically(es) || !es.status?.syncedResourceVersion)
          this.sync(uid);
      }
    });
  }

  private writeStoreStatus(store: SecretStoreObject): void {
    const plural =
      store.kind === 'ClusterSecretStore'
        ? CLUSTER_SECRET_STORES
        : SECRET_STORES;
    const latest = this.build.get(
      ESO_API,
      plural,
      store.metadata.namespace,
      store.metadata.name!,
    ) as SecretStoreObject | undefined;
    if (!latest || latest.metadata.deletionTimestamp) return;
    const status = storeStatus(latest, this.clock.now());
    if (JSON.stringify(status) === JSON.stringify(latest.status)) return;
    this.build.updateStatus({ ...latest, status }, plural);
  }

  /** ESO watches the Secrets it manages: a deleted target is written again (unless Orphan). */
  private onSecretDeleted(secret: KObject): void {
    if (secret.metadata.labels?.[LABEL_MANAGED] !== 'true') return;
    for (const [uid, entry] of this.managed) {
      if (entry.namespace !== secret.metadata.namespace) continue;
      const es = this.read(entry);
      const target = es?.spec?.target;
      if ((target?.name || entry.name) !== secret.metadata.name) continue;
      if ((target?.creationPolicy ?? 'Owner') === 'Owner')
        this.scheduler.soon(() => this.sync(uid));
    }
  }

  private read(entry: Managed): ExternalSecretObject | undefined {
    return this.build.get(
      ESO_API,
      'externalsecrets',
      entry.namespace,
      entry.name,
    ) as ExternalSecretObject | undefined;
  }

  /** One reconcile, then the next refresh. */
  private sync(uid: string): void {
    const entry = this.managed.get(uid);
    if (!entry) return;
    entry.cancelRefresh?.();
    entry.cancelRefresh = undefined;
    const outcome = syncExternalSecret(this.build, entry, this.clock.now());
    const es = outcome && this.read(entry);
    if (!es || !refreshesPeriodically(es)) return;
    entry.cancelRefresh = this.clock.after(refreshIntervalMs(es)!, () =>
      this.sync(uid),
    );
  }
}

/** `spec.refreshInterval` in ms (default 1h); undefined when Go could not parse it. */
function refreshIntervalMs(es: ExternalSecretObject): number | undefined {
  const text = es.spec?.refreshInterval;
  return text === undefined ? DEFAULT_REFRESH_MS : parseGoDuration(text);
}

/** `shouldRefreshPeriodic`: the Periodic policy (the default) with an interval above 0. */
function refreshesPeriodically(es: ExternalSecretObject): boolean {
  const policy = es.spec?.refreshPolicy ?? 'Periodic';
  const interval = refreshIntervalMs(es);
  return policy === 'Periodic' && interval !== undefined && interval > 0;
}

/** What `util.GetResourceVersion` covers: generation, labels and annotations. */
function metaChanged(previous: KObject | undefined, next: KObject): boolean {
  const key = (o: KObject | undefined) =>
    JSON.stringify([
      o?.metadata.generation,
      o?.metadata.labels ?? {},
      o?.metadata.annotations ?? {},
    ]);
  return key(previous) !== key(next);
}

function readyOf(store: SecretStoreObject | undefined): string | undefined {
  return store?.status?.conditions?.find(c => c.type === 'Ready')?.status;
}

/**
 * ESO's validating webhook for stores (`validate.clustersecretstore.external-secrets.io`,
 * `deploy/charts/external-secrets/templates/validatingwebhook.yaml@v0.19.2`), for the fake
 * provider's `ValidateStore`: an empty key or value is denied (403, as controller-runtime denies).
 */
function admitStore(
  store: KObject,
  kind: 'clustersecretstore' | 'secretstore',
): void {
  const spec = isRecord(store.spec) ? store.spec : {};
  const provider = isRecord(spec.provider) ? spec.provider : {};
  const fake = isRecord(provider.fake) ? provider.fake : {};
  const problem = fakeStoreProblem(fake.data);
  if (problem)
    throw new ApiError(
      403,
      'Forbidden',
      `admission webhook "validate.${kind}.external-secrets.io" denied the request: ${problem}`,
    );
}
