import {
  fakeStoreKeysCommand,
  fakeStorePatchCommand,
  type RequiredSecret,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { OpenChoreoBuildTranslate } from '../../translation';

/** The keys a secret needs: the remote keys it reads, else a placeholder. */
function keysOf(secret: RequiredSecret): string[] {
  return secret.remoteKeys.length > 0 ? secret.remoteKeys : ['<key>'];
}

/** The `kubectl create secret generic …` that provides the Secret a build mounts. */
export function kubectlCreateSecret(secret: RequiredSecret): string {
  const name = secret.targetSecretName ?? secret.name;
  const literals = keysOf(secret)
    .map(key => `--from-literal=${key}=<value>`)
    .join(' ');
  return `kubectl create secret generic ${name} -n ${secret.namespace} ${literals}`;
}

/** An ExternalSecret that syncs the secret from the secret store the workflow names. */
export function externalSecretYaml(secret: RequiredSecret): string {
  const store = secret.secretStore ?? {};
  const lines = [
    'apiVersion: external-secrets.io/v1',
    'kind: ExternalSecret',
    'metadata:',
    `  name: ${secret.name}`,
    `  namespace: ${secret.namespace}`,
    'spec:',
    '  refreshInterval: 15s',
    '  secretStoreRef:',
    `    name: ${store.name ?? '<secret-store>'}`,
    `    kind: ${store.kind ?? 'ClusterSecretStore'}`,
    '  target:',
    `    name: ${secret.targetSecretName ?? secret.name}`,
    '  data:',
    ...keysOf(secret).flatMap(key => [
      `    - secretKey: ${key}`,
      '      remoteRef:',
      `        key: ${key}`,
    ]),
  ];
  return lines.join('\n');
}

/** What to do about a secret that is not Ready, in words (`t`, texts under `workflowTables.fix`). */
export function fixText(
  t: OpenChoreoBuildTranslate,
  secret: RequiredSecret,
): string {
  const keys = secret.remoteKeys.length
    ? secret.remoteKeys.join(', ')
    : t('workflowTables.fix.buildKeys');
  const store = secret.secretStore?.name
    ? t('workflowTables.fix.store', {
        kind: secret.secretStore.kind ?? t('workflowTables.fix.storeKind'),
        name: secret.secretStore.name,
      })
    : t('workflowTables.fix.theStore');
  if (secret.status === 'NotReady') {
    return t('workflowTables.fix.notReady', { store, keys });
  }
  if (secret.kind === 'ExternalSecret') {
    return t('workflowTables.fix.externalSecret', {
      keys,
      store,
      namespace: secret.namespace,
    });
  }
  return t('workflowTables.fix.secret', { namespace: secret.namespace });
}

/**
 * The fix for an ExternalSecret that is not Ready because its store lacks a key (the backend's
 * `missingKey`): the guide's command that adds the key to the development fake store, with a
 * placeholder for the value, and the guide's check of the store's keys. Undefined for any other
 * secret, which keeps the fix above (`kubectl create secret generic …`). The text is in the
 * user's language (`t`).
 */
export function missingStoreKeyFix(
  t: OpenChoreoBuildTranslate,
  secret: RequiredSecret,
):
  | {
      key: string;
      /** `ClusterSecretStore default`. */
      store: string;
      text: string;
      patchCommand: string;
      keysCommand?: string;
    }
  | undefined {
  const missing = secret.missingKey;
  if (secret.kind !== 'ExternalSecret' || secret.status !== 'NotReady')
    return undefined;
  if (!missing) return undefined;
  const patchCommand = fakeStorePatchCommand(missing, secret.namespace);
  if (!patchCommand) return undefined;
  const store = `${missing.store.kind} ${missing.store.name}`;
  return {
    key: missing.key,
    store,
    text: t('workflowTables.fix.missingStoreKey', { store, key: missing.key }),
    patchCommand,
    keysCommand: fakeStoreKeysCommand(missing.store, secret.namespace),
  };
}
