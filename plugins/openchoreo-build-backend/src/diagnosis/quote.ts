import { stripVTControlCharacters } from 'node:util';

/** Longest quote of a log line, event or condition message in a diagnosis. */
export const MAX_QUOTE_CHARS = 300;

const REDACTED = '[redacted]';

/**
 * Credentials that build logs and events are known to carry. Build scripts put tokens into clone
 * and push URLs (the v0.12 `git-commit-push-pr` step pushes to `https://x-access-token:$TOKEN@…`),
 * and git / registry clients echo them back in their errors.
 */
const CREDENTIAL_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // userinfo of a URL: scheme://user:password@host or scheme://token@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"]+@/gi, `$1${REDACTED}@`],
  // Authorization headers
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // key=value / key: value for secret-looking keys (not a path such as /mnt/secrets: …)
  [
    /(?<![\w/.-])([\w-]*(?:token|password|passwd|secret|api[_-]?key)[\w-]*)(\s*[:=]\s*)("?)[^\s"',;]{6,}/gi,
    `$1$2$3${REDACTED}`,
  ],
  // GitHub, GitLab and npm tokens, and JWTs, wherever they appear
  [/\b(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]{16,}/g, REDACTED],
  [/\bglpat-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\bnpm_[A-Za-z0-9]{16,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED],
];

/** Removes credentials that look like credentials (see {@link CREDENTIAL_PATTERNS}). */
export function redactCredentials(text: string): string {
  let result = text;
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS)
    result = result.replace(pattern, replacement);
  return result;
}

/**
 * Text from a cluster (log line, event or condition message) made fit to quote: terminal escape
 * sequences and control characters removed, credentials redacted, at most `max` characters.
 * The backend has no other redaction of logs, so every quote in a diagnosis goes through here.
 */
export function quote(text: string | undefined, max = MAX_QUOTE_CHARS): string {
  if (!text) return '';
  // Bound the work first: a multi-megabyte line is cut before the patterns run over it, at a
  // space so that no credential is cut into a piece the patterns would not recognise.
  let bounded = text;
  if (text.length > max * 4) {
    bounded = text.slice(0, max * 4);
    const lastSpace = bounded.lastIndexOf(' ');
    bounded =
      lastSpace > 0
        ? `${bounded.slice(0, lastSpace)} …`
        : '(too long to quote)';
  }
  const plain = stripVTControlCharacters(bounded)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const safe = redactCredentials(plain);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}
