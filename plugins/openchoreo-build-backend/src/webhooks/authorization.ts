import type { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { WebhookProvider } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { DeliveryCheck } from './signatures';
import { repositorySecretKey, type WebhookSecrets } from './secrets';

/** What a verified delivery may build. */
export interface DeliveryAuthorization {
  /** True when some secret that applies to the delivery's repository verified it. */
  authentic: boolean;
  /**
   * Whether the delivery may build components of `namespace` whose repository is `url` (a
   * normalized URL the payload named): the org's secret for that repository verified it, or the
   * org has none for it and the global secret did.
   */
  accepts(namespace: string, url: string): boolean;
}

/**
 * Decides, per org and repository, whether a delivery is authentic. The payload is not trusted
 * yet, so the repository it names only selects which secrets to try: a delivery signed with org
 * A's secret and claiming org B's repository finds B's secret (or, without one, the global one)
 * and fails, and B builds nothing. When an org has a secret for a repository, the global one is
 * not accepted for that org's components of it.
 *
 * Events that name no repository (a GitHub ping of an organization hook) are authentic only by
 * the global secret; they never build anything.
 */
export async function authorizeDelivery(options: {
  provider: WebhookProvider;
  check: Extract<DeliveryCheck, { ok: true }>;
  /** The normalized repository URLs the payload names. */
  urls: string[];
  namespaces: string[];
  secrets: WebhookSecrets;
  logger: LoggerService;
}): Promise<DeliveryAuthorization> {
  const { provider, check, urls, namespaces, secrets } = options;
  const global = await secrets.global(provider);
  // A failed read of any org's Secret fails the delivery (503, retried by the provider): without
  // it we cannot tell whether the global secret is allowed for that org.
  const perOrg = urls.length
    ? await Promise.all(namespaces.map(ns => secrets.repositorySecrets(ns)))
    : [];

  // One HMAC per distinct secret, however many orgs share it.
  const verdicts = new Map<string, boolean>();
  const verifies = (secret: string) => {
    let verdict = verdicts.get(secret);
    if (verdict === undefined) {
      verdict = check.matches(secret);
      verdicts.set(secret, verdict);
    }
    return verdict;
  };

  const accepted = new Set<string>();
  let candidates = 0;
  namespaces.forEach((namespace, i) => {
    for (const url of perOrg.length ? urls : []) {
      const key = repositorySecretKey(url);
      const secret = (key ? perOrg[i][key] : undefined) || global;
      if (!secret) continue;
      candidates += 1;
      if (verifies(secret)) accepted.add(`${namespace} ${url}`);
    }
  });
  if (!urls.length && global) candidates += 1;

  if (!candidates) {
    options.logger.warn(
      `webhooks: ${secrets.describeMissingGlobal(
        provider,
      )} (and no org has a repository secret for ${
        urls.join(', ') || 'this delivery'
      })`,
    );
    // Generic on purpose: the caller is not authenticated; the portal's log has the detail.
    throw new ServiceUnavailableError(
      `No ${provider} webhook secret is configured in the portal for this delivery; see the portal's log`,
    );
  }
  const authentic = urls.length
    ? accepted.size > 0
    : !!global && verifies(global);
  return {
    authentic,
    accepts: (namespace, url) => accepted.has(`${namespace} ${url}`),
  };
}
