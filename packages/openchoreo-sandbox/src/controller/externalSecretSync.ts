import { recordWarningEvent } from './events';
import { createHash } from 'node:crypto';
import type { Cluster } from '../apiserver/cluster';
import type { KObject } from '../apiserver/types';
import type { Condition } from './conditions';
import {
  applyTemplate,
  ExternalSecretObject,
  providerSecretData,
} from './externalSecretData';
import { ESO_API } from './secretStore';

/**
 * One reconcile of an ExternalSecret by the External Secrets Operator
 * (`pkg/controllers/externalsecret/externalsecret_controller.go@v0.19.2`, the ESO release
 * OpenChoreo v0.9.0's build-plane chart installs): read the store, write the target Secret,
 * report Ready. Used by the emulator and by the seed (whose ExternalSecrets were synced "before").
 */

const EXTERNAL_SECRETS = 'externalsecrets';
export const LABEL_MANAGED = 'reconcile.external-secrets.io/managed';
const LABEL_OWNER = 'reconcile.external-secrets.io/created-by';
const ANNOTATION_DATA_HASH = 'reconcile.external-secrets.io/data-hash';

/** The Ready condition's messages (`externalsecret_controller.go@v0.19.2:69-85`). */
export const ES_MESSAGES = {
  synced: 'secret synced',
  syncedRetain: 'secret retained due to DeletionPolicy=Retain',
  deleted: 'secret deleted due to DeletionPolicy=Delete',
  missing: 'secret will not be created due to CreationPolicy=Merge',
  errorGetSecretData: 'could not get secret data from provider',
  errorDeleteSecret: 'could not delete secret',
  errorUpdateSecret: 'could not update secret',
  errorIsOwned: 'target is owned by another ExternalSecret',
} as const;

export interface SyncOutcome {
  ready: boolean;
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** `utils.ObjectHash`: md5 of the value's text (Go's `%+v`; JSON here, the same role). */
function objectHash(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return createHash('md5').update(text).digest('hex');
}

/** `util.GetResourceVersion`: generation plus a hash of labels and annotations. */
function resourceVersionOf(es: ExternalSecretObject): string {
  const { generation = 1, labels = {}, annotations = {} } = es.metadata;
  return `${generation}-${objectHash({ labels, annotations })}`;
}

/**
 * A Warning `UpdateFailed` event on the ExternalSecret with the error (the Ready condition says
 * only "could not get secret data from provider": the event says which key), counted up when it
 * repeats, as the event recorder aggregates.
 */
function recordFailure(
  build: Cluster,
  es: KObject,
  message: string,
  now: Date,
) {
  recordWarningEvent(build, {
    object: { ...es, kind: 'ExternalSecret' },
    reason: 'UpdateFailed',
    message,
    component: 'external-secrets',
    nowMs: now.getTime(),
  });
}

/** `SetExternalSecretCondition`: the transition time changes only with the status value. */
function readyCondition(
  es: ExternalSecretObject,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: Date,
): Condition {
  const previous = es.status?.conditions?.find(c => c.type === 'Ready');
  return {
    type: 'Ready',
    status,
    reason,
    message,
    lastTransitionTime:
      previous?.status === status
        ? previous.lastTransitionTime
        : isoSeconds(now),
  };
}

/** Creates or updates the target Secret (`mutationFunc`); throws ESO's error texts. */
function writeSecret(
  build: Cluster,
  es: ExternalSecretObject,
  secretName: string,
  existing: KObject | undefined,
  dataMap: Map<string, Buffer>,
): void {
  const namespace = es.metadata.namespace!;
  const policy = es.spec?.target?.creationPolicy ?? 'Owner';
  const owner = existing?.metadata.ownerReferences?.find(r => r.controller);
  if (owner?.kind === 'ExternalSecret' && owner.name !== es.metadata.name)
    throw Object.assign(
      new Error(`target is owned by another ExternalSecret: ${owner.name}`),
      { condition: ES_MESSAGES.errorIsOwned },
    );
  const shaped = applyTemplate(es, dataMap);
  // Merge keeps the Secret's other keys; the others replace its data.
  const data: Record<string, string> =
    policy === 'Merge' && existing && typeof existing.data === 'object'
      ? { ...(existing.data as Record<string, string>) }
      : {};
  for (const [k, v] of shaped.data) data[k] = v.toString('base64');
  const labels: Record<string, string> = {
    ...(policy === 'Merge' ? existing?.metadata.labels : {}),
    ...shaped.labels,
    [LABEL_MANAGED]: 'true',
  };
  if (policy === 'Owner')
    labels[LABEL_OWNER] = objectHash(`${namespace}/${es.metadata.name}`);
  const secret: KObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      ...existing?.metadata,
      name: secretName,
      namespace,
      labels,
      annotations: {
        ...(policy === 'Merge' ? existing?.metadata.annotations : {}),
        ...shaped.annotations,
        [ANNOTATION_DATA_HASH]: objectHash(data),
      },
      ownerReferences:
        policy === 'Owner'
          ? [
              {
                apiVersion: es.apiVersion,
                kind: 'ExternalSecret',
                name: es.metadata.name!,
                uid: es.metadata.uid!,
                controller: true,
                blockOwnerDeletion: true,
              },
            ]
          : existing?.metadata.ownerReferences?.filter(
              r => r.uid !== es.metadata.uid,
            ),
    },
    type: shaped.type ?? existing?.type ?? 'Opaque',
    data,
  };
  try {
    if (existing) build.update(secret, 'secrets');
    else build.create(secret, 'secrets');
  } catch (error) {
    throw Object.assign(new Error((error as Error).message), {
      condition: ES_MESSAGES.errorUpdateSecret,
    });
  }
}

/**
 * Reconciles `es` as stored now: on success writes the Secret and Ready=True with
 * `refreshTime`/`syncedResourceVersion`/`binding`; on failure Ready=False `SecretSyncedError`
 * with ESO's short message, a Warning event with the detail, and the last Secret left as it was
 * (`deletionPolicy: Retain`). Returns undefined when the ExternalSecret is gone or being deleted.
 */
export function syncExternalSecret(
  build: Cluster,
  name: { namespace: string; name: string },
  now = new Date(),
): SyncOutcome | undefined {
  const es = build.get(ESO_API, EXTERNAL_SECRETS, name.namespace, name.name) as
    | ExternalSecretObject
    | undefined;
  if (!es || es.metadata.deletionTimestamp) return undefined;
  const secretName = es.spec?.target?.name || es.metadata.name!;
  const creationPolicy = es.spec?.target?.creationPolicy ?? 'Owner';
  const existing = build.get('v1', 'secrets', name.namespace, secretName);
  let condition: Condition;
  let bound = es.status?.binding?.name;
  try {
    let dataMap: Map<string, Buffer>;
    try {
      dataMap = providerSecretData(build, es);
    } catch (error) {
      throw Object.assign(error as Error, {
        condition: ES_MESSAGES.errorGetSecretData,
      });
    }
    const deletion = es.spec?.target?.deletionPolicy ?? 'Retain';
    if (dataMap.size === 0 && deletion === 'Delete') {
      if (creationPolicy !== 'Owner')
        throw Object.assign(
          new Error(
            `unable to delete secret ${secretName}: creationPolicy=${creationPolicy} is not Owner`,
          ),
          { condition: ES_MESSAGES.errorDeleteSecret },
        );
      if (existing) build.delete('v1', 'secrets', name.namespace, secretName);
      condition = readyCondition(
        es,
        'True',
        'SecretDeleted',
        ES_MESSAGES.deleted,
        now,
      );
    } else if (dataMap.size === 0 && deletion === 'Retain') {
      condition = readyCondition(
        es,
        'True',
        'SecretSynced',
        ES_MESSAGES.syncedRetain,
        now,
      );
    } else if (creationPolicy === 'Merge' && !existing) {
      condition = readyCondition(
        es,
        'True',
        'SecretMissing',
        ES_MESSAGES.missing,
        now,
      );
    } else {
      if (creationPolicy !== 'None') {
        writeSecret(build, es, secretName, existing, dataMap);
        bound = secretName;
      }
      condition = readyCondition(
        es,
        'True',
        'SecretSynced',
        ES_MESSAGES.synced,
        now,
      );
    }
  } catch (error) {
    const failure = error as Error & { condition?: string };
    recordFailure(build, es, failure.message, now);
    condition = readyCondition(
      es,
      'False',
      'SecretSyncedError',
      failure.condition ?? ES_MESSAGES.errorGetSecretData,
      now,
    );
  }
  const ready = condition.status === 'True';
  const latest = build.get(
    ESO_API,
    EXTERNAL_SECRETS,
    name.namespace,
    name.name,
  );
  if (!latest) return undefined;
  const status = {
    ...es.status,
    conditions: [
      ...(es.status?.conditions ?? []).filter(c => c.type !== 'Ready'),
      condition,
    ],
    // markAsDone only: a failed sync keeps the last refresh.
    ...(ready
      ? {
          refreshTime: isoSeconds(now),
          syncedResourceVersion: resourceVersionOf(es),
        }
      : {}),
    ...(bound ? { binding: { name: bound } } : {}),
  };
  build.updateStatus({ ...latest, status }, EXTERNAL_SECRETS);
  return { ready };
}
