import {
  fakeStoreKeysCommand,
  fakeStorePatchCommand,
  type RequiredSecret,
} from '@openchoreo-build/plugin-openchoreo-build-common';

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

/** What to do about a secret that is not Ready, in words. */
export function fixText(secret: RequiredSecret): string {
  const keys = secret.remoteKeys.length
    ? secret.remoteKeys.join(', ')
    : 'the keys the build reads';
  const store = secret.secretStore?.name
    ? `${secret.secretStore.kind ?? 'secret store'} ${secret.secretStore.name}`
    : 'the secret store';
  if (secret.status === 'NotReady') {
    return `The ExternalSecret exists but is not Ready. Check that ${store} is Ready and holds ${keys}; or create the Secret directly.`;
  }
  if (secret.kind === 'ExternalSecret') {
    return `Store ${keys} in ${store} and create this ExternalSecret in ${secret.namespace} on the build plane, or create the Secret directly:`;
  }
  return `Create the Secret in ${secret.namespace} on the build plane:`;
}

/**
 * The fix for an ExternalSecret that is not Ready because its store lacks a key (the backend's
 * `missingKey`): the guide's command that adds the key to the development fake store, with a
 * placeholder for the value, and the guide's check of the store's keys. Undefined for any other
 * secret, which keeps the fix above (`kubectl create secret generic …`).
 */
export function missingStoreKeyFix(secret: RequiredSecret):
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
    text: `${store} has no key ${missing.key}. If ${store} is the development fake store (as OpenChoreo's default install has it), add the key with this command, putting the secret in place of <value>; the ExternalSecret syncs on its next refresh. In production, store ${missing.key} in the secret manager behind ${store} instead.`,
    patchCommand,
    keysCommand: fakeStoreKeysCommand(missing.store, secret.namespace),
  };
}
