import { facts } from '../__testUtils__/facts';
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
});
