import { ServiceUnavailableError } from '@backstage/errors';
import type { WebhookProvider } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';
import { SECRET_KEYS, type WebhookConfig } from './config';

/** How long a Secret read from the control plane is reused (rotations apply within this time). */
const SECRET_CACHE_MS = 10_000;

/**
 * Each provider's webhook secret: from config when set, else from the control-plane Secret
 * (`openchoreo-control-plane/git-webhook-secrets` by default, keys `github-secret`, …). Values are
 * never logged or returned.
 */
export class WebhookSecrets {
  private cached?: { at: number; data: Record<string, string> | undefined };

  constructor(
    private readonly config: WebhookConfig,
    private readonly controlPlane: Pick<KubernetesClient, 'findSecret'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The secret, or a 503 naming the config key and Secret key that would provide it. */
  async get(provider: WebhookProvider): Promise<string> {
    const fromConfig = this.config.secrets[provider];
    if (fromConfig) return fromConfig;
    const { namespace, name } = this.config.secretRef;
    const keys = SECRET_KEYS[provider];
    const data = await this.readSecret();
    const value = data?.[keys.secretKey];
    if (value) return value;
    const where = data
      ? `Secret ${namespace}/${name} has no key "${keys.secretKey}"`
      : `Secret ${namespace}/${name} does not exist in the control plane`;
    throw new ServiceUnavailableError(
      `No ${provider} webhook secret is configured: set ${keys.config} or add key "${keys.secretKey}" to the Secret ${namespace}/${name} (${where})`,
    );
  }

  private async readSecret(): Promise<Record<string, string> | undefined> {
    const now = this.now();
    if (this.cached && now - this.cached.at < SECRET_CACHE_MS) return this.cached.data;
    const { namespace, name } = this.config.secretRef;
    const secret = await this.controlPlane.findSecret(namespace, name);
    let data: Record<string, string> | undefined;
    if (secret) {
      data = {};
      for (const [key, value] of Object.entries(secret.data ?? {})) {
        data[key] = Buffer.from(value, 'base64').toString('utf8').trim();
      }
      for (const [key, value] of Object.entries(secret.stringData ?? {})) {
        data[key] ??= value.trim();
      }
    }
    this.cached = { at: now, data };
    return data;
  }
}
