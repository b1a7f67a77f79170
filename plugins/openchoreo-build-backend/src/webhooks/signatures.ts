import { createHmac, createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookProvider } from '@openchoreo-build/plugin-openchoreo-build-common';
import { header, type Headers } from './pushEvents';

/** Constant-time equality of two strings (lengths are hidden by hashing both first). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** `sha256=<hex>` of the raw body, as GitHub sends in X-Hub-Signature-256. */
export function githubSignature(secret: string, rawBody: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Bitbucket sends hook UUIDs with or without braces, in any case. */
function bareUuid(value: string): string {
  return value.trim().replace(/^\{|\}$/g, '').toLowerCase();
}

/** The header each provider authenticates its deliveries with. */
export const SIGNATURE_HEADERS: Record<WebhookProvider, string> = {
  github: 'X-Hub-Signature-256',
  gitlab: 'X-Gitlab-Token',
  bitbucket: 'X-Hook-UUID',
};

/**
 * Checks a delivery against the provider's secret: GitHub's HMAC-SHA256 of the raw body, GitLab's
 * token, Bitbucket's hook UUID — each compared in constant time. Returns why it failed, or
 * undefined when it is authentic.
 */
export function verifyDelivery(
  provider: WebhookProvider,
  secret: string,
  headers: Headers,
  rawBody: Buffer,
): string | undefined {
  const name = SIGNATURE_HEADERS[provider];
  const given = header(headers, name);
  if (!given) return `missing ${name} header`;
  let ok: boolean;
  switch (provider) {
    case 'github':
      ok = safeEqual(given.toLowerCase(), githubSignature(secret, rawBody));
      break;
    case 'gitlab':
      ok = safeEqual(given, secret.trim());
      break;
    case 'bitbucket':
      ok = safeEqual(bareUuid(given), bareUuid(secret));
      break;
    default:
      ok = false;
  }
  return ok ? undefined : `${name} does not match the configured ${provider} secret`;
}
