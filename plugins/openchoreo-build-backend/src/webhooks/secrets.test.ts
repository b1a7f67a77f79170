import { mockServices } from '@backstage/backend-test-utils';
import type { KubernetesSecret } from '@openchoreo-build/plugin-openchoreo-build-common';
import { WEBHOOK_DEFAULTS, type WebhookConfig } from './config';
import { repositorySecretKey, WebhookSecrets } from './secrets';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function config(secrets: WebhookConfig['secrets'] = {}): WebhookConfig {
  return {
    ...WEBHOOK_DEFAULTS,
    secretRef: { ...WEBHOOK_DEFAULTS.secretRef },
    secrets,
  };
}

describe('WebhookSecrets', () => {
  it('prefers config, then the control-plane Secret (trimmed), re-reading it after the cache time', async () => {
    let secret: KubernetesSecret | undefined = {
      data: { 'github-secret': b64('from-cluster\n') },
    };
    const findSecret = jest.fn(async () => secret);
    let now = 0;
    const secrets = new WebhookSecrets(
      config({ gitlab: 'from-config' }),
      { findSecret },
      { now: () => now },
    );
    await expect(secrets.global('gitlab')).resolves.toBe('from-config');
    await expect(secrets.global('github')).resolves.toBe('from-cluster');
    expect(findSecret).toHaveBeenCalledWith(
      'openchoreo-control-plane',
      'git-webhook-secrets',
    );
    secret = { data: { 'github-secret': b64('rotated') } };
    await expect(secrets.global('github')).resolves.toBe('from-cluster');
    now = 60_000;
    await expect(secrets.global('github')).resolves.toBe('rotated');
  });

  it('answers undefined when no secret is configured, and says where it would come from only for the log', async () => {
    const missing = new WebhookSecrets(config(), {
      findSecret: async () => undefined,
    });
    await expect(missing.global('bitbucket')).resolves.toBeUndefined();
    expect(missing.describeMissingGlobal('bitbucket')).toMatch(
      /openchoreo\.build\.webhooks\.bitbucketSecret.*"bitbucket-secret".*git-webhook-secrets/,
    );
    const noKey = new WebhookSecrets(config(), {
      findSecret: async () => ({ data: { 'github-secret': b64('x') } }),
    });
    await expect(noKey.global('gitlab')).resolves.toBeUndefined();
  });

  it('reads each org’s repository secrets from its own namespace ({} without the Secret)', async () => {
    const findSecret = jest.fn(async (namespace: string) =>
      namespace === 'acme'
        ? { data: { 'github.com_acme_app': b64('acme-app\n') } }
        : undefined,
    );
    const secrets = new WebhookSecrets(config(), { findSecret });
    await expect(secrets.repositorySecrets('acme')).resolves.toEqual({
      'github.com_acme_app': 'acme-app',
    });
    await expect(secrets.repositorySecrets('default')).resolves.toEqual({});
    expect(findSecret).toHaveBeenCalledWith(
      'acme',
      'git-webhook-repository-secrets',
    );
  });

  it('reads a Secret once for 100 concurrent deliveries, and caches a failure briefly with a generic error', async () => {
    let resolve: (secret: KubernetesSecret) => void = () => {};
    const findSecret = jest.fn(
      () => new Promise<KubernetesSecret>(r => (resolve = r)),
    );
    const secrets = new WebhookSecrets(config(), { findSecret });
    const all = Promise.all(
      Array.from({ length: 100 }, () => secrets.global('github')),
    );
    resolve({ data: { 'github-secret': b64('s') } });
    expect(new Set(await all)).toEqual(new Set(['s']));
    expect(findSecret).toHaveBeenCalledTimes(1);

    let now = 0;
    const logger = mockServices.logger.mock();
    const failing = jest.fn(async () => {
      throw new Error(
        'connect ECONNREFUSED 10.0.0.7:6443 (Secret openchoreo-control-plane/git-webhook-secrets)',
      );
    });
    const down = new WebhookSecrets(
      config(),
      { findSecret: failing },
      { now: () => now, logger },
    );
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => down.global('github')),
    );
    expect(failing).toHaveBeenCalledTimes(1);
    for (const result of results) {
      expect(result).toMatchObject({
        status: 'rejected',
        reason: { name: 'ServiceUnavailableError' },
      });
      expect((result as PromiseRejectedResult).reason.message).not.toMatch(
        /ECONNREFUSED|git-webhook-secrets/,
      );
    }
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('ECONNREFUSED'),
    );
    now = 4_000;
    await expect(down.global('github')).rejects.toThrow(
      /cannot read its webhook secrets/,
    );
    expect(failing).toHaveBeenCalledTimes(1);
    now = 6_000;
    await expect(down.global('github')).rejects.toThrow();
    expect(failing).toHaveBeenCalledTimes(2);
  });
});

describe('repositorySecretKey', () => {
  it('writes the normalized URL as a readable Secret key that no two repositories share', () => {
    expect(
      repositorySecretKey('https://github.com/openchoreo/sample-workloads'),
    ).toBe('github.com_openchoreo_sample-workloads');
    expect(
      repositorySecretKey('https://gitlab.example.com:8443/group/sub/my_app'),
    ).toBe('gitlab.example.com_X3A8443_group_sub_my_X5Fapp');
    // `a_b/c` and `a/b_c` would collide if `_` were kept.
    expect(repositorySecretKey('https://h/a_b/c')).not.toBe(
      repositorySecretKey('https://h/a/b_c'),
    );
    for (const key of [
      'https://github.com/o/r',
      'https://h/ü/r',
      'https://h/a~b/c',
    ]) {
      expect(repositorySecretKey(key)).toMatch(/^[-._a-zA-Z0-9]+$/);
    }
    expect(repositorySecretKey(`https://h/${'a'.repeat(300)}`)).toBeUndefined();
  });
});
