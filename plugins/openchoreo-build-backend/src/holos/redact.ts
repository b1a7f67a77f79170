import type { Config } from '@backstage/config';
import type { JsonValue } from '@backstage/types';

/**
 * Keeping credentials out of what `GET /holos/buildplans` answers and logs. The plans are read
 * with the backend's integration credentials (`integrations.*`) from a URL an entity's
 * annotation names, and both the URL (`https://user:token@host/…`, `?token=…`) and a reader's
 * error text may carry a secret. Every URL and reader message passes through here first.
 */

const REDACTED = '***';

/** Query parameters that carry credentials (GitLab `private_token`, S3 `X-Amz-Signature`, …). */
const SECRET_PARAM =
  /token|secret|passw|pwd|key|sig|auth|credential|session|code|^x-amz-/i;

/** Config keys under `integrations` whose values are secrets. */
const SECRET_CONFIG_KEY =
  /token|secret|passw|privatekey|private_key|credential|apikey|accesskey/i;

/** A URL in free text: scheme, `://`, then up to whitespace or a quote. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;

/** `Authorization`-style values in free text. */
const AUTH_IN_TEXT = /\b(bearer|basic|token)(\s+)[A-Za-z0-9._~+/=-]{6,}/gi;

/** `url` without user info, with credential-like query values replaced; unparsable text is dropped. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<unparsable URL>';
  }
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString();
}

/** Every string under `integrations` whose key names a secret (tokens, passwords, keys). */
export function integrationSecrets(root: Config): string[] {
  const secrets: string[] = [];
  const stack: Array<{ key: string; value: JsonValue | undefined }> = [
    { key: '', value: root.getOptional('integrations') },
  ];
  while (stack.length > 0) {
    const { key, value } = stack.pop()!;
    if (typeof value === 'string') {
      if (SECRET_CONFIG_KEY.test(key) && value.length >= 6) secrets.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push({ key, value: item });
    } else if (value && typeof value === 'object') {
      for (const [childKey, child] of Object.entries(value))
        stack.push({ key: childKey, value: child });
    }
  }
  return secrets;
}

/** The parts of a URL's user info, which a reader may repeat outside the URL. */
export function userInfoOf(url: string): string[] {
  try {
    const { username, password } = new URL(url);
    return [username, password]
      .map(part => decodeURIComponent(part))
      .filter(part => part.length >= 6);
  } catch {
    return [];
  }
}

/**
 * `text` (a reader's error message) fit for a response body or a log line: the known `secrets`
 * replaced, every URL redacted, `Bearer …` / `token …` values hidden, and cut to 500 characters.
 */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
  }
  out = out
    .replace(URL_IN_TEXT, url => redactUrl(url))
    .replace(AUTH_IN_TEXT, (_, scheme: string, space: string) => {
      return `${scheme}${space}${REDACTED}`;
    });
  return out.length > 500 ? `${out.slice(0, 500)}…` : out;
}
