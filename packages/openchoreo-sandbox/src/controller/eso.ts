import type { Cluster } from '../apiserver/cluster';
import type { StoreEvent } from '../apiserver/store';
import { isRecord, KObject } from '../apiserver/types';
import type { Scheduler } from '../util/scheduler';

export const SECRET_STORE_NAMESPACE = 'sandbox-secret-store';
const ES_GR = 'external-secrets.io/externalsecrets';

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * Emulates the External Secrets Operator on the build plane. The "provider"
 * behind a ClusterSecretStore named N is the Secret N in the namespace
 * `sandbox-secret-store`: an ExternalSecret whose remote keys all exist there
 * becomes Ready and gets its target Secret; otherwise it is not Ready.
 * ExternalSecrets written with a status are left alone.
 */
export class ExternalSecretsEmulator {
  private unsubscribe?: () => void;

  constructor(
    private readonly build: Cluster,
    private readonly scheduler: Scheduler,
  ) {}

  start(): void {
    this.unsubscribe = this.build.store.subscribe((e: StoreEvent) => {
      if (e.gr === ES_GR && e.type === 'ADDED' && !e.object.status) {
        const es = structuredClone(e.object);
        this.scheduler.soon(() => this.sync(es));
      }
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  sync(es: KObject): void {
    const current = this.build.get(
      es.apiVersion,
      'externalsecrets',
      es.metadata.namespace,
      es.metadata.name!,
    );
    if (!current || current.status) return;
    const spec = isRecord(current.spec) ? current.spec : {};
    const storeRef = isRecord(spec.secretStoreRef) ? spec.secretStoreRef : {};
    const storeName = String(storeRef.name ?? 'default');
    const provider = this.build.get(
      'v1',
      'secrets',
      SECRET_STORE_NAMESPACE,
      storeName,
    );
    const providerData =
      provider && isRecord(provider.data) ? provider.data : {};
    const target = isRecord(spec.target) ? spec.target : {};
    const targetName = String(target.name ?? current.metadata.name);
    const data: Record<string, string> = {};
    let missing: string | undefined;
    for (const item of Array.isArray(spec.data)
      ? spec.data.filter(isRecord)
      : []) {
      const remote = isRecord(item.remoteRef) ? item.remoteRef : {};
      const key = String(remote.key ?? '');
      const value = providerData[key];
      if (typeof value !== 'string') {
        missing = key;
        break;
      }
      data[String(item.secretKey ?? key)] = value;
    }
    const condition = missing
      ? {
          type: 'Ready',
          status: 'False',
          reason: 'SecretSyncedError',
          message: `could not get secret data from provider: key "${missing}" not found in ClusterSecretStore "${storeName}"`,
          lastTransitionTime: now(),
        }
      : {
          type: 'Ready',
          status: 'True',
          reason: 'SecretSynced',
          message: 'secret synced',
          lastTransitionTime: now(),
        };
    if (!missing) {
      const secret: KObject = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: targetName,
          namespace: current.metadata.namespace,
          labels: { 'reconcile.external-secrets.io/managed': 'true' },
          ownerReferences:
            target.creationPolicy === 'Owner' ||
            target.creationPolicy === undefined
              ? [
                  {
                    apiVersion: current.apiVersion,
                    kind: 'ExternalSecret',
                    name: current.metadata.name!,
                    uid: current.metadata.uid!,
                    controller: true,
                    blockOwnerDeletion: true,
                  },
                ]
              : undefined,
        },
        type: 'Opaque',
        data,
      };
      const existing = this.build.get(
        'v1',
        'secrets',
        current.metadata.namespace,
        targetName,
      );
      if (existing)
        this.build.update(
          {
            ...secret,
            metadata: {
              ...secret.metadata,
              resourceVersion: existing.metadata.resourceVersion,
            },
          },
          'secrets',
        );
      else this.build.create(secret, 'secrets');
    }
    const status = {
      conditions: [condition],
      refreshTime: now(),
      syncedResourceVersion: `1-${current.metadata.uid?.slice(0, 8)}`,
      binding: { name: missing ? '' : targetName },
    };
    const latest = this.build.get(
      current.apiVersion,
      'externalsecrets',
      current.metadata.namespace,
      current.metadata.name!,
    );
    if (latest)
      this.build.updateStatus({ ...latest, status }, 'externalsecrets');
  }
}
