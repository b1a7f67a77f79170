import type { KubernetesSecret } from '@openchoreo-build/plugin-openchoreo-build-common';
import { DEFAULT_SECRET_REF, type WebhookConfig } from './config';
import { WebhookSecrets } from './secrets';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function config(secrets: WebhookConfig['secrets'] = {}): WebhookConfig {
  return { secrets, secretRef: DEFAULT_SECRET_REF, requireBranchMatch: true };
}

describe('WebhookSecrets', () => {
  it('prefers config, then the control-plane Secret (trimmed), re-reading it after the cache time', async () => {
    let secret: KubernetesSecret | undefined = { data: { 'github-secret': b64('from-cluster\n') } };
    const findSecret = jest.fn(async () => secret);
    let now = 0;
    const secrets = new WebhookSecrets(config({ gitlab: 'from-config' }), { findSecret }, () => now);
    await expect(secrets.get('gitlab')).resolves.toBe('from-config');
    await expect(secrets.get('github')).resolves.toBe('from-cluster');
    expect(findSecret).toHaveBeenCalledWith('openchoreo-control-plane', 'git-webhook-secrets');
    secret = { data: { 'github-secret': b64('rotated') } };
    await expect(secrets.get('github')).resolves.toBe('from-cluster');
    now = 60_000;
    await expect(secrets.get('github')).resolves.toBe('rotated');
  });

  it('answers 503 naming the config key and the Secret key when neither holds the secret', async () => {
    const missing = new WebhookSecrets(config(), { findSecret: async () => undefined });
    await expect(missing.get('bitbucket')).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(/openchoreo\.build\.webhooks\.bitbucketSecret.*"bitbucket-secret".*does not exist/),
    });
    const noKey = new WebhookSecrets(config(), { findSecret: async () => ({ data: { 'github-secret': b64('x') } }) });
    await expect(noKey.get('gitlab')).rejects.toThrow(/has no key "gitlab-secret"/);
  });
});
