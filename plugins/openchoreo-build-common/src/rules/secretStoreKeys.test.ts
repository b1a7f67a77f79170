import {
  fakeStoreKeysCommand,
  fakeStorePatchCommand,
  parseMissingStoreKey,
} from './secretStoreKeys';

const SANDBOX_MESSAGE =
  'ExternalSecret run-1-git-secret is not Ready (SecretSyncedError): could not get secret data from provider: key "git-token" not found in ClusterSecretStore "default"';

describe('parseMissingStoreKey', () => {
  it('reads the key and the store the message names', () => {
    expect(parseMissingStoreKey(SANDBOX_MESSAGE)).toEqual({
      key: 'git-token',
      store: { kind: 'ClusterSecretStore', name: 'default' },
    });
    expect(
      parseMissingStoreKey(
        'key "team/registry-password" not found in SecretStore "team-store"',
        { kind: 'ClusterSecretStore', name: 'other' },
      ),
    ).toEqual({
      key: 'team/registry-password',
      store: { kind: 'SecretStore', name: 'team-store' },
    });
  });

  it("reads the operator's UpdateFailed event, with the ExternalSecret's store", () => {
    const event =
      'error processing spec.data[1] (key: gitops-token), err: Secret does not exist';
    expect(
      parseMissingStoreKey(event, {
        kind: 'ClusterSecretStore',
        name: 'default',
      }),
    ).toEqual({
      key: 'gitops-token',
      store: { kind: 'ClusterSecretStore', name: 'default' },
    });
    // Another provider error is not a missing key of the fake store.
    expect(
      parseMissingStoreKey(
        'error processing spec.data[0] (key: git-token), err: AccessDenied',
        { kind: 'ClusterSecretStore', name: 'default' },
      ),
    ).toBeUndefined();
  });

  it("takes the ExternalSecret's store when the message names only the key (older ESO)", () => {
    const message =
      'could not get secret data from provider: key "gitops-token" from ExternalSecret "run-1-gitops": Secret does not exist';
    expect(
      parseMissingStoreKey(message, {
        kind: 'ClusterSecretStore',
        name: 'default',
      }),
    ).toEqual({
      key: 'gitops-token',
      store: { kind: 'ClusterSecretStore', name: 'default' },
    });
    // The CRD's default kind is SecretStore.
    expect(parseMissingStoreKey(message, { name: 'local' })?.store).toEqual({
      kind: 'SecretStore',
      name: 'local',
    });
    // No store known: nothing to patch.
    expect(parseMissingStoreKey(message)).toBeUndefined();
  });

  it('says nothing for messages that name no missing key', () => {
    expect(parseMissingStoreKey(undefined)).toBeUndefined();
    expect(
      parseMissingStoreKey('could not get secret data from provider', {
        kind: 'ClusterSecretStore',
        name: 'default',
      }),
    ).toBeUndefined();
    expect(
      parseMissingStoreKey('ExternalSecret x is Ready', { name: 'default' }),
    ).toBeUndefined();
  });

  it('refuses keys and store names that are not plain (they end up in a command)', () => {
    expect(
      parseMissingStoreKey(
        `key "x'; rm -rf / #" not found in ClusterSecretStore "default"`,
      ),
    ).toBeUndefined();
    expect(
      parseMissingStoreKey(
        'key "git-token" not found in ClusterSecretStore "Default Store"',
      ),
    ).toBeUndefined();
    expect(
      parseMissingStoreKey(
        'key "git-token" from ExternalSecret "e": Secret does not exist',
        { kind: 'Vault', name: 'default' },
      ),
    ).toBeUndefined();
  });
});

describe('fakeStorePatchCommand', () => {
  it("is the guide's JSON patch of the fake provider's data, with a value placeholder", () => {
    const command = fakeStorePatchCommand({
      key: 'git-token',
      store: { kind: 'ClusterSecretStore', name: 'default' },
    });
    expect(command).toBe(
      `kubectl patch clustersecretstore default --type='json' -p='[{"op":"add","path":"/spec/provider/fake/data/-","value":{"key":"git-token","value":"<value>"}}]'`,
    );
    // The patch is valid JSON once the shell has removed the quotes.
    const patch = JSON.parse(/-p='(.*)'$/.exec(command!)![1]);
    expect(patch).toEqual([
      {
        op: 'add',
        path: '/spec/provider/fake/data/-',
        value: { key: 'git-token', value: '<value>' },
      },
    ]);
  });

  it('patches a SecretStore in its namespace, and refuses unsafe input', () => {
    expect(
      fakeStorePatchCommand(
        { key: 'k', store: { kind: 'SecretStore', name: 'local' } },
        'openchoreo-ci-default',
      ),
    ).toMatch(
      /^kubectl patch secretstore local -n openchoreo-ci-default --type='json' -p='/,
    );
    expect(
      fakeStorePatchCommand({
        key: 'k',
        store: { kind: 'SecretStore', name: 'local' },
      }),
    ).toBeUndefined();
    expect(
      fakeStorePatchCommand({
        key: "k'",
        store: { kind: 'ClusterSecretStore', name: 'default' },
      }),
    ).toBeUndefined();
  });
});

describe('fakeStoreKeysCommand', () => {
  it("is the guide's check of the store's keys", () => {
    expect(
      fakeStoreKeysCommand({ kind: 'ClusterSecretStore', name: 'default' }),
    ).toBe(
      `kubectl get clustersecretstore default -o jsonpath='{.spec.provider.fake.data[*].key}'`,
    );
    expect(
      fakeStoreKeysCommand({ kind: 'SecretStore', name: 'local' }, 'ns'),
    ).toBe(
      `kubectl get secretstore local -n ns -o jsonpath='{.spec.provider.fake.data[*].key}'`,
    );
  });
});
