import type { Config } from '@backstage/config';
import type { WebhookProvider } from '@openchoreo-build/plugin-openchoreo-build-common';

/** `openchoreo.build.webhooks` with defaults applied (see config.d.ts and docs/configuration.md). */
export interface WebhookConfig {
  /** Secrets given in config; they win over the control-plane Secret. */
  secrets: Partial<Record<WebhookProvider, string>>;
  /** The control-plane Secret holding `github-secret`, `gitlab-secret`, `bitbucket-secret`. */
  secretRef: { namespace: string; name: string };
  /**
   * Name of the optional Secret, in each org's namespace, whose keys are repositories (see
   * `repositorySecretKey`) and values that repository's webhook secret for that org's components.
   */
  repositorySecretName: string;
  /** Pushes must be to the component's branch (default true). False: OpenChoreo's branch-agnostic behaviour. */
  requireBranchMatch: boolean;
  /** Legacy: accept Bitbucket deliveries authenticated only by X-Hook-UUID (default false). */
  allowBitbucketHookUuid: boolean;
  /**
   * A push of the same commit to the same branch builds a component at most once within this
   * time, whatever delivery id it comes with (replays of a captured delivery).
   */
  replayWindowMs: number;
  /** Deliveries processed at once; more wait (see `maxQueuedDeliveries`). */
  maxConcurrentDeliveries: number;
  /** Deliveries waiting for a slot; beyond this the webhook answers 503 with Retry-After. */
  maxQueuedDeliveries: number;
  /** Base of the webhook URLs shown to users, e.g. https://portal.example.com/api/openchoreo-build. */
  publicBaseUrl?: string;
}

/** Config keys of each provider's secret, and the key in the control-plane Secret. */
export const SECRET_KEYS: Record<
  WebhookProvider,
  { config: string; secretKey: string }
> = {
  github: {
    config: 'openchoreo.build.webhooks.githubSecret',
    secretKey: 'github-secret',
  },
  gitlab: {
    config: 'openchoreo.build.webhooks.gitlabSecret',
    secretKey: 'gitlab-secret',
  },
  bitbucket: {
    config: 'openchoreo.build.webhooks.bitbucketSecret',
    secretKey: 'bitbucket-secret',
  },
};

export const DEFAULT_SECRET_REF = {
  namespace: 'openchoreo-control-plane',
  name: 'git-webhook-secrets',
};
export const DEFAULT_REPOSITORY_SECRET_NAME = 'git-webhook-repository-secrets';

/** Defaults of the keys a test or a caller may leave out. */
export const WEBHOOK_DEFAULTS = {
  secretRef: DEFAULT_SECRET_REF,
  repositorySecretName: DEFAULT_REPOSITORY_SECRET_NAME,
  requireBranchMatch: true,
  allowBitbucketHookUuid: false,
  // A day: long enough to outlast a provider's redelivery of an outage, short enough that a
  // deliberate force-push back to an old commit builds again the next day.
  replayWindowMs: 24 * 60 * 60 * 1000,
  maxConcurrentDeliveries: 8,
  maxQueuedDeliveries: 64,
} as const;

export function readWebhookConfig(root: Config): WebhookConfig {
  const webhooks = root.getOptionalConfig('openchoreo.build.webhooks');
  const secret = (key: string) =>
    webhooks?.getOptionalString(key)?.trim() || undefined;
  const positive = (key: string, fallback: number) => {
    const value = webhooks?.getOptionalNumber(key);
    return value !== undefined && Number.isFinite(value) && value > 0
      ? value
      : fallback;
  };
  return {
    secrets: {
      github: secret('githubSecret'),
      gitlab: secret('gitlabSecret'),
      bitbucket: secret('bitbucketSecret'),
    },
    secretRef: {
      namespace:
        webhooks?.getOptionalString('secretRef.namespace') ??
        DEFAULT_SECRET_REF.namespace,
      name:
        webhooks?.getOptionalString('secretRef.name') ??
        DEFAULT_SECRET_REF.name,
    },
    repositorySecretName:
      webhooks?.getOptionalString('repositorySecrets.name') ??
      DEFAULT_REPOSITORY_SECRET_NAME,
    requireBranchMatch:
      webhooks?.getOptionalBoolean('requireBranchMatch') ?? true,
    allowBitbucketHookUuid:
      webhooks?.getOptionalBoolean('dangerouslyAllowBitbucketHookUuid') ??
      false,
    replayWindowMs:
      positive(
        'replayWindowMinutes',
        WEBHOOK_DEFAULTS.replayWindowMs / 60_000,
      ) * 60_000,
    maxConcurrentDeliveries: Math.floor(
      positive(
        'maxConcurrentDeliveries',
        WEBHOOK_DEFAULTS.maxConcurrentDeliveries,
      ),
    ),
    maxQueuedDeliveries: Math.floor(
      positive('maxQueuedDeliveries', WEBHOOK_DEFAULTS.maxQueuedDeliveries),
    ),
    publicBaseUrl: webhooks
      ?.getOptionalString('publicBaseUrl')
      ?.replace(/\/+$/, ''),
  };
}
