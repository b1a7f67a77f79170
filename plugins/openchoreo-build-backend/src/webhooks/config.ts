import type { Config } from '@backstage/config';
import type { WebhookProvider } from '@openchoreo-build/plugin-openchoreo-build-common';

/** `openchoreo.build.webhooks` with defaults applied (see config.d.ts and docs/configuration.md). */
export interface WebhookConfig {
  /** Secrets given in config; they win over the control-plane Secret. */
  secrets: Partial<Record<WebhookProvider, string>>;
  /** The control-plane Secret holding `github-secret`, `gitlab-secret`, `bitbucket-secret`. */
  secretRef: { namespace: string; name: string };
  /** Pushes must be to the component's branch (default true). False: OpenChoreo's branch-agnostic behaviour. */
  requireBranchMatch: boolean;
  /** Base of the webhook URLs shown to users, e.g. https://portal.example.com/api/openchoreo-build. */
  publicBaseUrl?: string;
}

/** Config keys of each provider's secret, and the key in the control-plane Secret. */
export const SECRET_KEYS: Record<WebhookProvider, { config: string; secretKey: string }> = {
  github: { config: 'openchoreo.build.webhooks.githubSecret', secretKey: 'github-secret' },
  gitlab: { config: 'openchoreo.build.webhooks.gitlabSecret', secretKey: 'gitlab-secret' },
  bitbucket: { config: 'openchoreo.build.webhooks.bitbucketSecret', secretKey: 'bitbucket-secret' },
};

export const DEFAULT_SECRET_REF = { namespace: 'openchoreo-control-plane', name: 'git-webhook-secrets' };

export function readWebhookConfig(root: Config): WebhookConfig {
  const webhooks = root.getOptionalConfig('openchoreo.build.webhooks');
  const secret = (key: string) => webhooks?.getOptionalString(key)?.trim() || undefined;
  return {
    secrets: {
      github: secret('githubSecret'),
      gitlab: secret('gitlabSecret'),
      bitbucket: secret('bitbucketSecret'),
    },
    secretRef: {
      namespace: webhooks?.getOptionalString('secretRef.namespace') ?? DEFAULT_SECRET_REF.namespace,
      name: webhooks?.getOptionalString('secretRef.name') ?? DEFAULT_SECRET_REF.name,
    },
    requireBranchMatch: webhooks?.getOptionalBoolean('requireBranchMatch') ?? true,
    publicBaseUrl: webhooks?.getOptionalString('publicBaseUrl')?.replace(/\/+$/, ''),
  };
}
