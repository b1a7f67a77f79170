import { facts, v1Facts } from '../__testUtils__/facts';
import { secretRules } from './secretRules';

describe('secretRules', () => {
  it('says nothing when every ExternalSecret is Ready', () => {
    expect(
      secretRules(
        facts({
          externalSecrets: [
            {
              name: 'npm-registry-token',
              namespace: 'openchoreo-ci-acme',
              source: 'run',
              state: 'Ready',
            },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('reports SecretSyncedError as a missing Secret, with the guide fix', () => {
    const items = secretRules(
      facts({
        externalSecrets: [
          {
            name: 'run-1-registry-push-secret',
            namespace: 'openchoreo-ci-acme',
            source: 'run',
            state: 'NotReady',
            reason: 'SecretSyncedError',
            message:
              'could not get secret data from provider: key "acme-registry-password" not found',
            targetSecret: 'registry-push-secret',
          },
        ],
      }),
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'external-secret-not-ready',
        severity: 'error',
        title:
          'Secret registry-push-secret is missing: ExternalSecret run-1-registry-push-secret could not sync it',
      }),
    ]);
    expect(items[0].detail).toContain('Ready=False (SecretSyncedError)');
    expect(items[0].detail).toContain('acme-registry-password');
    expect(items[0].fix).toContain(
      'kubectl get externalsecret -n openchoreo-ci-acme',
    );
    expect(items[0].fix).toContain('kubectl get clustersecretstore default');
  });

  it('names the key the store lacks, from the operator’s UpdateFailed event, with the guide’s store patch', () => {
    const items = secretRules(
      facts({
        externalSecrets: [
          {
            name: 'registry-push-secret',
            namespace: 'openchoreo-ci-acme',
            source: 'workflow',
            state: 'NotReady',
            reason: 'SecretSyncedError',
            // ESO's Ready message says no more than this (externalsecret_controller.go@v0.19.2).
            message: 'could not get secret data from provider',
            storeRef: { kind: 'ClusterSecretStore', name: 'default' },
            failure:
              'error processing spec.data[0] (key: acme-registry-password), err: Secret does not exist',
            targetSecret: 'registry-push-secret',
          },
        ],
      }),
    );
    expect(items).toHaveLength(1);
    expect(items[0].fix).toContain(
      'ClusterSecretStore default has no key acme-registry-password',
    );
    expect(items[0].fix).toContain(
      "kubectl patch clustersecretstore default --type='json'",
    );
    expect(items[0].fix).toContain('"key":"acme-registry-password"');
    expect(items[0].fix).not.toContain('kubectl get externalsecret');
  });

  it('reports an ExternalSecret of status.resources that is gone', () => {
    expect(
      secretRules(
        facts({
          externalSecrets: [
            {
              name: 'run-1-git-secret',
              namespace: 'openchoreo-ci-default',
              source: 'run',
              state: 'Missing',
            },
          ],
        }),
      ).map(i => i.id),
    ).toEqual(['external-secret-missing']);
  });

  it('says nothing for a run that succeeded', () => {
    expect(
      secretRules(
        facts({
          run: { status: 'Succeeded' },
          externalSecrets: [
            { name: 'x', namespace: 'n', source: 'run', state: 'NotReady' },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('names the v1 template an ExternalSecret was rendered from', () => {
    const externalSecrets = [
      {
        name: 'greeter-build-abc12-registry-push-secret',
        namespace: 'workflows-nova',
        source: 'workflow' as const,
        state: 'NotReady' as const,
        reason: 'SecretSyncedError',
      },
    ];
    expect(secretRules(v1Facts({ externalSecrets }))[0].detail).toContain(
      "workflows-nova/greeter-build-abc12-registry-push-secret, rendered from the run's ClusterWorkflow, reports Ready=False",
    );
    expect(secretRules(facts({ externalSecrets }))[0].detail).toContain(
      "rendered from the run's ComponentWorkflow,",
    );
  });
});
