/**
 * Links that come from cluster objects (step outputs, annotations, messages). Whoever can write a
 * Workflow or a step's output file decides their text, so the portal trusts none of them: a link
 * is shown only when it is a plain web address.
 */

/**
 * The Argo output parameter a GitOps release step reports its pull request with, e.g.
 * `https://github.com/openchoreo/sample-gitops/pull/42` (the sandbox's `git-commit-push-pr`).
 *
 * @public
 */
export const PULL_REQUEST_URL_OUTPUT = 'pull-request-url';

/** Longer than any real pull request or registry address; anything longer is not shown as a link. @public */
export const MAX_CLUSTER_LINK_LENGTH = 2048;

/**
 * The value as a link the browser may open, or undefined when it is not a safe web address: it
 * must parse as a URL, be `https:` or `http:` (no `javascript:`, `data:`, `file:` …), name a host,
 * carry no user name or password (a token in `https://x-access-token:…@github.com` must never
 * become a link), hold no whitespace or control characters, and be at most
 * {@link MAX_CLUSTER_LINK_LENGTH} characters. Surrounding whitespace (the newline a step's
 * `echo` leaves in an output file) is ignored. The answer is the URL as the WHATWG parser
 * serializes it.
 *
 * @public
 */
export function safeClusterLink(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.length > MAX_CLUSTER_LINK_LENGTH) return undefined;
  // The URL parser drops tabs and newlines inside a URL silently; such a value is not a plain link.
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  if (url.hostname === '') return undefined;
  return url.href.length <= MAX_CLUSTER_LINK_LENGTH ? url.href : undefined;
}

/**
 * The pull request a run opened: the first step (in run order) whose `pull-request-url` output is
 * a safe link (see {@link safeClusterLink}); undefined when none is.
 *
 * @public
 */
export function pullRequestUrlOf(
  steps: ReadonlyArray<{ outputs?: Record<string, string> }>,
): string | undefined {
  for (const step of steps) {
    const link = safeClusterLink(step.outputs?.[PULL_REQUEST_URL_OUTPUT]);
    if (link) return link;
  }
  return undefined;
}
