import type { RequiredSecret } from '@openchoreo-build/plugin-openchoreo-build-common';
import { englishTranslate } from '../../__testUtils__/englishTranslate';
import { kubectlCreateSecret, missingStoreKeyFix } from './secretFix';

const t = englishTranslate();

const notReady: RequiredSecret = {
  resourceId: 'source-git-secret',
  kind: 'ExternalSecret',
  name: 'source-git-secret',
  nameTemplate: '${metadata.workflowRunName}-source-git-secret',
  targetSecretName: 'source-git-secret',
  namespace: 'openchoreo-ci-default',
  secretStore: { name: 'default', kind: 'ClusterSecretStore' },
  remoteKeys: ['git-token'],
  status: 'NotReady',
  message: 'ExternalSecret x is not Ready (SecretSyncedError): …',
  missingKey: {
    key: 'git-token',
    store: { kind: 'ClusterSecretStore', name: 'default' },
  },
};

describe('missingStoreKeyFix', () => {
  it("gives the guide's patch with a value placeholder, never a value", () => {
    const fix = missingStoreKeyFix(t, notReady)!;
    expect(fix.patchCommand).toBe(
      `kubectl patch clustersecretstore default --type='json' -p='[{"op":"add","path":"/spec/provider/fake/data/-","value":{"key":"git-token","value":"<value>"}}]'`,
    );
    expect(fix.text).toMatch(/development fake store/);
    expect(fix.text).toMatch(
      /In production, store git-token in the secret manager/,
    );
  });

  it('patches a namespaced SecretStore where the ExternalSecret lives', () => {
    const fix = missingStoreKeyFix(t, {
      ...notReady,
      missingKey: {
        key: 'git-token',
        store: { kind: 'SecretStore', name: 'team' },
      },
    })!;
    expect(fix.patchCommand).toMatch(
      /^kubectl patch secretstore team -n openchoreo-ci-default --type='json'/,
    );
    expect(fix.keysCommand).toBe(
      "kubectl get secretstore team -n openchoreo-ci-default -o jsonpath='{.spec.provider.fake.data[*].key}'",
    );
  });

  it('does not apply without a known missing key, or to anything but a NotReady ExternalSecret', () => {
    expect(
      missingStoreKeyFix(t, { ...notReady, missingKey: undefined }),
    ).toBeUndefined();
    expect(
      missingStoreKeyFix(t, { ...notReady, status: 'Missing' }),
    ).toBeUndefined();
    expect(
      missingStoreKeyFix(t, { ...notReady, kind: 'Secret' }),
    ).toBeUndefined();
    // A key that is not plain (it would end up in a shell command) gets no command.
    expect(
      missingStoreKeyFix(t, {
        ...notReady,
        missingKey: {
          key: "x' ; rm -rf ~",
          store: { kind: 'ClusterSecretStore', name: 'default' },
        },
      }),
    ).toBeUndefined();
  });

  it('leaves a plain Secret to kubectl create secret generic', () => {
    expect(
      kubectlCreateSecret({
        ...notReady,
        kind: 'Secret',
        status: 'Missing',
        missingKey: undefined,
        remoteKeys: [],
        targetSecretName: undefined,
        name: 'registry-push-secret',
      }),
    ).toBe(
      'kubectl create secret generic registry-push-secret -n openchoreo-ci-default --from-literal=<key>=<value>',
    );
  });
});
