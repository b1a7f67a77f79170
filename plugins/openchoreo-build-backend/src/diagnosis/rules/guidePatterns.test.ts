import { secretStoreFix } from './guidePatterns';

describe('secretStoreFix', () => {
  it("gives the guide's check of the fake store's keys when no key is known", () => {
    const fix = secretStoreFix(
      'openchoreo-ci-default',
      'could not get secret data from provider',
    );
    expect(fix).toContain(
      "kubectl get clustersecretstore default -o jsonpath='{.spec.provider.fake.data[*].key}'",
    );
    expect(fix).toContain(
      'kubectl get externalsecret -n openchoreo-ci-default',
    );
    expect(fix).not.toContain('kubectl patch');
  });

  it('gives the command that adds the key the ExternalSecret says its store lacks', () => {
    const fix = secretStoreFix(
      'openchoreo-ci-default',
      'could not get secret data from provider: key "gitops-token" not found in ClusterSecretStore "default"',
    );
    expect(fix).toMatch(
      /^ClusterSecretStore default has no key gitops-token\./,
    );
    expect(fix).toMatch(/In production, store it in the secret manager/);
    expect(fix).toMatch(
      /: kubectl patch clustersecretstore default --type='json' -p='\[\{"op":"add","path":"\/spec\/provider\/fake\/data\/-","value":\{"key":"gitops-token","value":"<value>"\}\}\]'$/,
    );
  });

  it("uses the ExternalSecret's store when the message names only the key", () => {
    const fix = secretStoreFix(
      'openchoreo-ci-acme',
      'key "git-token" from ExternalSecret "r-git": Secret does not exist',
      { kind: 'SecretStore', name: 'local' },
    );
    expect(fix).toContain(
      "kubectl patch secretstore local -n openchoreo-ci-acme --type='json'",
    );
  });
});
