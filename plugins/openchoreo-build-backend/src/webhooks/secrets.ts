import type { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError, isError } from '@backstage/errors';
import type {
  KubernetesSecret,
  WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';
import { SECRET_KEYS, type WebhookConfig } from './config';

/** How long a Secret read from the control plane is reused (rotations apply within this time). */
const SECRET_CACHE_MS = 10_000;
/**
 * How long a failed read is answered from memory: unauthenticated deliveries must not turn a
 * slow control plane into a stream of Secret reads (each with the client's 15 s timeout).
 */
const FAILURE_CACHE_MS = 5_000;
/** Kubernetes' limit on a Secret data key. */
const MAX_KEY_LENGTH = 253;

type SecretData = Record<string, string> | undefined;
type Entry = {
  at: number;
  data?: SecretData;
  error?: Error;
  pending?: Promise<SecretData>;
};

/**
 * The key of a repository in an org's repository-secrets Secret: its normalized URL
 * (`normalizeRepositoryUrl`, lower case) without `https://`, `/` written `_`, and every other
 * character outside `[a-z0-9.-]` written `_X` + its UTF-8 bytes in upper-case hex. Normalized URLs
 * have no upper case, so `_X` never stands for a `/` followed by `x`: two repositories never share
 * a key. Example: https://github.com/acme/my_app → `github.com_acme_my_X5Fapp`. Undefined for a
 * URL whose key would exceed Kubernetes' 253 characters.
 */
export function repositorySecretKey(normalizedUrl: string): string | undefined {
  const rest = normalizedUrl.replace(/^https:\/\//, '');
  let key = '';
  for (const char of rest) {
    if (char === '/') key += '_';
    else if (/[a-z0-9.-]/.test(char)) key += char;
    else
      for (const byte of Buffer.from(char, 'utf8'))
        key += `_X${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return key && key.length <= MAX_KEY_LENGTH ? key : undefined;
}

function decode(secret: KubernetesSecret | undefined): SecretData {
  if (!secret) return undefined;
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    data[key] = Buffer.from(value, 'base64').toString('utf8').trim();
  }
  for (const [key, value] of Object.entries(secret.stringData ?? {})) {
    data[key] ??= value.trim();
  }
  return data;
}

/**
 * The webhook secrets: each provider's global one (config, else the control-plane Secret
 * `openchoreo-control-plane/git-webhook-secrets`, keys `github-secret`, …) and each org's optional
 * per-repository ones (Secret `git-webhook-repository-secrets` in the org's namespace). Every Secret
 * is read at most once at a time and cached, failures included. Values are never logged or
 * returned, and errors say nothing of Secret names: they reach unauthenticated callers.
 */
export class WebhookSecrets {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly logger?: LoggerService;

  constructor(
    private readonly config: WebhookConfig,
    private readonly controlPlane: Pick<KubernetesClient, 'findSecret'>,
    options: { now?: () => number; logger?: LoggerService } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
  }

  /** The provider's global secret, or undefined when neither config nor the Secret holds one. */
  async global(provider: WebhookProvider): Promise<string | undefined> {
    const fromConfig = this.config.secrets[provider];
    if (fromConfig) return fromConfig;
    const { namespace, name } = this.config.secretRef;
    return (
      (await this.read(namespace, name))?.[SECRET_KEYS[provider].secretKey] ||
      undefined
    );
  }

  /** For the portal's log (never for the caller): where the provider's global secret would come from. */
  describeMissingGlobal(provider: WebhookProvider): string {
    const { namespace, name } = this.config.secretRef;
    const keys = SECRET_KEYS[provider];
    return `No ${provider} webhook secret is configured: set ${keys.config} or add key "${keys.secretKey}" to the Secret ${namespace}/${name}`;
  }

  /** One org's per-repository secrets by `repositorySecretKey` ({} when it has none). */
  async repositorySecrets(namespace: string): Promise<Record<string, string>> {
    return (await this.read(namespace, this.config.repositorySecretName)) ?? {};
  }

  private async read(namespace: string, name: string): Promise<SecretData> {
    const id = `${namespace}/${name}`;
    const now = this.now();
    const entry = this.entries.get(id);
    if (entry?.pending) return entry.pending;
    if (entry && !entry.error && now - entry.at < SECRET_CACHE_MS)
      return entry.data;
    if (entry?.error && now - entry.at < FAILURE_CACHE_MS) throw entry.error;
    // Waiters of one read share its outcome; the entry replaces itself once the read settles.
    const pending = this.controlPlane.findSecret(namespace, name).then(
      secret => {
        const data = decode(secret);
        this.entries.set(id, { at: this.now(), data });
        return data;
      },
      (error: unknown) => {
        this.logger?.warn(
          `webhooks: cannot read Secret ${id}: ${
            isError(error) ? error.message : String(error)
          }`,
        );
        const generic = new ServiceUnavailableError(
          'The portal cannot read its webhook secrets right now; the delivery may be retried later',
        );
        this.entries.set(id, { at: this.now(), error: generic });
        throw generic;
      },
    );
    this.entries.set(id, { at: now, pending });
    return pending;
  }
}
