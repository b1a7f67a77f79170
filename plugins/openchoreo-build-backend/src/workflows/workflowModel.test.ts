import type {
  ComponentWorkflow,
  ExternalSecret,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';
import { requiredSecretsOf, secretReadiness } from './workflowModel';

/** The v0.12.0 GitOps sample: two ExternalSecrets from ClusterSecretStore `default` (git-token, gitops-token). */
const gitopsWorkflow = loadReferenceYaml<ComponentWorkflow>(
  referencePath(
    'openchoreo/samples-v0.12.0-gitops/component-workflows/build-and-release/docker/docker-gitops-release.yaml',
  ),
).find(doc => doc.kind === 'ComponentWorkflow')!;

const RUN = 'reading-list-workflow-5e6f7a8b';

/** An ExternalSecret as rendered for run `RUN`, with the Ready condition the operator wrote. */
function rendered(
  id: string,
  ready: { status: string; reason?: string; message?: string },
): ExternalSecret {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name: `${RUN}-${id}`,
      namespace: 'openchoreo-ci-default',
      creationTimestamp: '2026-01-10T10:00:00Z',
    },
    spec: {
      secretStoreRef: { name: 'default', kind: 'ClusterSecretStore' },
      target: { name: `${RUN}-${id}` },
    },
    status: { conditions: [{ type: 'Ready', ...ready }] },
  };
}

describe('required secrets of the GitOps sample', () => {
  const secrets = requiredSecretsOf(
    gitopsWorkflow.spec?.resources,
    'openchoreo-ci-default',
  );

  it('lists both ExternalSecrets with their store and remote keys', () => {
    expect(
      secrets.map(s => [s.name, s.kind, s.secretStore, s.remoteKeys]),
    ).toEqual([
      [
        'source-git-secret',
        'ExternalSecret',
        { name: 'default', kind: 'ClusterSecretStore' },
        ['git-token'],
      ],
      [
        'gitops-git-secret',
        'ExternalSecret',
        { name: 'default', kind: 'ClusterSecretStore' },
        ['gitops-token'],
      ],
    ]);
  });

  it('names the key the store lacks when the Ready message says which (the sandbox)', () => {
    const gitops = secrets.find(s => s.name === 'gitops-git-secret')!;
    const readiness = secretReadiness(
      gitops,
      [
        rendered('gitops-git-secret', {
          status: 'False',
          reason: 'SecretSyncedError',
          message:
            'could not get secret data from provider: key "gitops-token" not found in ClusterSecretStore "default"',
        }),
      ],
      new Set(),
    );
    expect(readiness).toEqual({
      status: 'NotReady',
      message: `ExternalSecret ${RUN}-gitops-git-secret is not Ready (SecretSyncedError): could not get secret data from provider: key "gitops-token" not found in ClusterSecretStore "default"`,
      missingKey: {
        key: 'gitops-token',
        store: { kind: 'ClusterSecretStore', name: 'default' },
      },
    });
  });

  it("takes the ExternalSecret's store when the message names only the key (older operators)", () => {
    const source = secrets.find(s => s.name === 'source-git-secret')!;
    const readiness = secretReadiness(
      source,
      [
        rendered('source-git-secret', {
          status: 'False',
          reason: 'SecretSyncedError',
          message: `could not get secret data from provider: key "git-token" from ExternalSecret "${RUN}-source-git-secret": Secret does not exist`,
        }),
      ],
      new Set(),
    );
    expect(readiness.missingKey).toEqual({
      key: 'git-token',
      store: { kind: 'ClusterSecretStore', name: 'default' },
    });
  });

  it('has no missing key when the message does not name one, or when Ready', () => {
    const source = secrets.find(s => s.name === 'source-git-secret')!;
    const notSaid = secretReadiness(
      source,
      [
        rendered('source-git-secret', {
          status: 'False',
          reason: 'SecretSyncedError',
          message: 'could not get secret data from provider',
        }),
      ],
      new Set(),
    );
    expect(notSaid.status).toBe('NotReady');
    expect(notSaid).not.toHaveProperty('missingKey');
    const ready = secretReadiness(
      source,
      [
        rendered('source-git-secret', {
          status: 'True',
          reason: 'SecretSynced',
        }),
      ],
      new Set(),
    );
    expect(ready).toEqual({
      status: 'Ready',
      message: `ExternalSecret ${RUN}-source-git-secret is Ready`,
    });
  });

  it('reports a plain missing secret as Missing, without a key', () => {
    const readiness = secretReadiness(secrets[0], [], new Set());
    expect(readiness).toEqual({
      status: 'Missing',
      message:
        'No ExternalSecret or Secret for source-git-secret in openchoreo-ci-default',
    });
  });
});
