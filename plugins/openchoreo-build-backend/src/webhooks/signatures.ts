import { createHmac, createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookProvider } from '@openchoreo-build/plugin-openchoreo-build-common';
import { header, type Headers } from './pushEvents';

/** Constant-time equality of two strings (lengths are hidden by hashing both first). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/**
 * `sha256=<hex>` of the raw body: GitHub's X-Hub-Signature-256, and Bitbucket Cloud's
 * X-Hub-Signature (same scheme, older header name) when its webhook has a secret.
 */
export function hmacSignature(secret: string, rawBody: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Bitbucket sends hook UUIDs with or without braces, in any case. */
function bareUuid(value: string): string {
  return value
    .trim()
    .replace(/^\{|\}$/g, '')
    .toLowerCase();
}

/** The header each provider authenticates its deliveries with. */
export const SIGNATURE_HEADERS: Record<WebhookProvider, string> = {
  github: 'X-Hub-Signature-256',
  gitlab: 'X-Gitlab-Token',
  bitbucket: 'X-Hub-Signature',
};

/** Bitbucket's hook id: an identifier every repository admin sees, accepted only in legacy mode. */
export const BITBUCKET_HOOK_UUID_HEADER = 'X-Hook-UUID';

export interface VerifyOptions {
  /**
   * Accept a Bitbucket delivery without X-Hub-Signature when X-Hook-UUID equals the secret
   * (`openchoreo.build.webhooks.dangerouslyAllowBitbucketHookUuid`). A delivery that carries a
   * signature is always checked by it, so the flag never weakens a signed webhook.
   */
  allowBitbucketHookUuid?: boolean;
}

/**
 * How to check one delivery against candidate secrets: the header it is authenticated by, and a
 * constant-time test per secret. Split from the secret lookup because which secrets apply depends
 * on the repository the (not yet trusted) payload names; see authorization.ts.
 */
export type DeliveryCheck =
  | { ok: false; reason: string }
  | { ok: true; header: string; matches: (secret: string) => boolean };

export function deliveryCheck(
  provider: WebhookProvider,
  headers: Headers,
  rawBody: Buffer,
  options: VerifyOptions = {},
): DeliveryCheck {
  const name = SIGNATURE_HEADERS[provider];
  const given = header(headers, name);
  if (given && (provider === 'github' || provider === 'bitbucket')) {
    // Computing the HMAC once per secret is the cost; the comparison itself hides timing.
    const signature = given.toLowerCase();
    return {
      ok: true,
      header: name,
      matches: secret => safeEqual(signature, hmacSignature(secret, rawBody)),
    };
  }
  if (given && provider === 'gitlab') {
    return {
      ok: true,
      header: name,
      matches: secret => safeEqual(given, secret.trim()),
    };
  }
  const hookUuid = header(headers, BITBUCKET_HOOK_UUID_HEADER);
  if (provider === 'bitbucket' && hookUuid && options.allowBitbucketHookUuid) {
    return {
      ok: true,
      header: BITBUCKET_HOOK_UUID_HEADER,
      matches: secret => safeEqual(bareUuid(hookUuid), bareUuid(secret)),
    };
  }
  if (provider === 'bitbucket' && hookUuid) {
    return {
      ok: false,
      reason: `missing ${name} header: give the Bitbucket webhook a secret (X-Hook-UUID alone is not accepted)`,
    };
  }
  return { ok: false, reason: `missing ${name} header` };
}

/**
 * Checks a delivery against one secret: GitHub's and Bitbucket's HMAC-SHA256 of the raw body,
 * GitLab's token (and, in legacy mode only, Bitbucket's hook UUID), each compared in constant
 * time. Returns why it failed, or undefined when it is authentic.
 */
export function verifyDelivery(
  provider: WebhookProvider,
  secret: string,
  headers: Headers,
  rawBody: Buffer,
  options: VerifyOptions = {},
): string | undefined {
  const check = deliveryCheck(provider, headers, rawBody, options);
  if (!check.ok) return check.reason;
  return check.matches(secret)
    ? undefined
    : `${check.header} does not match the ${provider} webhook secret`;
}
