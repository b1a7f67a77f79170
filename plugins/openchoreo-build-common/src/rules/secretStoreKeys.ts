import type { MissingStoreKey } from '../api/workflows';

/**
 * Keys an ExternalSecret's store lacks, and the command of OpenChoreo's guide ("Build and Release
 * Components" › Configure Secrets) that adds one to the development fake store:
 * `kubectl patch clustersecretstore default --type='json' -p='[{"op":"add","path":"/spec/provider/fake/data/-",…}]'`.
 * Messages come from the cluster: what they name is used only when it is a plain key or store name.
 */

/** Remote keys the portal puts into a command: no quotes, spaces or shell syntax. */
const SAFE_KEY = /^[A-Za-z0-9_][A-Za-z0-9._/-]{0,252}$/;
/** A Kubernetes object name (DNS-1123 subdomain). */
const SAFE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** The sandbox's message: `key "git-token" not found in ClusterSecretStore "default"`. */
const NOT_FOUND_IN_STORE =
  /\bkey "([^"]+)" not found in (ClusterSecretStore|SecretStore) "([^"]+)"/;
/**
 * The External Secrets Operator's Warning event `UpdateFailed` (its Ready condition says only
 * "could not get secret data from provider"): `error processing spec.data[0] (key: git-token),
 * err: Secret does not exist`, the fake provider's `NoSecretError`. The store is then the
 * ExternalSecret's own.
 */
const PROCESSING_DATA =
  /\berror processing spec\.data\[\d+\] \(key: ([^)\s]+)\), err: Secret does not exist/;
/** Older operator releases (`key %q from ExternalSecret %q: %w`), with the same provider error. */
const FROM_EXTERNAL_SECRET =
  /\bkey "([^"]+)" from ExternalSecret "[^"]*": Secret does not exist/;

/**
 * The key a store lacks, as a message about an ExternalSecret names it (its Ready condition, or
 * the operator's `UpdateFailed` event); the store is the one the message names, else `storeRef`
 * (the ExternalSecret's `spec.secretStoreRef`, whose kind defaults to `SecretStore` as in the
 * External Secrets Operator's CRD). Undefined when the message names no missing key, or names one
 * that is not a plain key.
 *
 * @public
 */
export function parseMissingStoreKey(
  message: string | undefined,
  storeRef?: { kind?: string; name?: string },
): MissingStoreKey | undefined {
  if (!message) return undefined;
  const inStore = NOT_FOUND_IN_STORE.exec(message);
  const keyOnly = inStore
    ? undefined
    : PROCESSING_DATA.exec(message) ?? FROM_EXTERNAL_SECRET.exec(message);
  const key = inStore?.[1] ?? keyOnly?.[1];
  if (!key || !SAFE_KEY.test(key)) return undefined;
  const kind = inStore?.[2] ?? storeRef?.kind ?? 'SecretStore';
  const name = inStore?.[3] ?? storeRef?.name;
  if (kind !== 'ClusterSecretStore' && kind !== 'SecretStore') return undefined;
  if (!name || !SAFE_NAME.test(name)) return undefined;
  return { key, store: { kind, name } };
}

/**
 * The guide's command that adds `missing.key` to a fake-provider store, with `<value>` where the
 * secret goes (the portal never knows it). A `SecretStore` is patched in `namespace`, where it
 * lives beside its ExternalSecrets. Undefined when the key or a name is not plain (then no command
 * is safe to show).
 *
 * @public
 */
export function fakeStorePatchCommand(
  missing: MissingStoreKey,
  namespace?: string,
): string | undefined {
  const { key, store } = missing;
  if (!SAFE_KEY.test(key) || !SAFE_NAME.test(store.name)) return undefined;
  const patch = JSON.stringify([
    {
      op: 'add',
      path: '/spec/provider/fake/data/-',
      value: { key, value: '<value>' },
    },
  ]);
  if (store.kind === 'ClusterSecretStore')
    return `kubectl patch clustersecretstore ${store.name} --type='json' -p='${patch}'`;
  if (!namespace || !SAFE_NAME.test(namespace)) return undefined;
  return `kubectl patch secretstore ${store.name} -n ${namespace} --type='json' -p='${patch}'`;
}

/**
 * The guide's check of which keys a fake-provider store holds.
 *
 * @public
 */
export function fakeStoreKeysCommand(
  store: MissingStoreKey['store'],
  namespace?: string,
): string | undefined {
  if (!SAFE_NAME.test(store.name)) return undefined;
  const jsonPath = `-o jsonpath='{.spec.provider.fake.data[*].key}'`;
  if (store.kind === 'ClusterSecretStore')
    return `kubectl get clustersecretstore ${store.name} ${jsonPath}`;
  if (!namespace || !SAFE_NAME.test(namespace)) return undefined;
  return `kubectl get secretstore ${store.name} -n ${namespace} ${jsonPath}`;
}
