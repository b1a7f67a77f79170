import type { WebhookProvider } from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * Normalizes a Git repository URL so the forms a provider sends (clone, SSH, web) and the form a
 * Component names compare equal: `git@host:org/repo.git`, `ssh://git@host:7999/org/repo.git`,
 * `git://host/org/repo`, `https://user@host/org/repo/` all become `https://host/org/repo`
 * (lower case, no user, no port for SSH forms, no `.git`, no trailing `/`).
 * Returns undefined for values that are not repository URLs.
 */
export function normalizeRepositoryUrl(
  value: string | undefined | null,
): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url = value.trim();
  if (!url) return undefined;
  // scp-like SSH: [user@]host:path (no scheme).
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)\/?(.+)$/.exec(url);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && scp) {
    url = `https://${scp[1]}/${scp[2]}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  if (!['http', 'https', 'ssh', 'git', 'git+ssh', 'ssh+git'].includes(scheme))
    return undefined;
  // SSH and git ports say nothing about the HTTPS address; keep explicit ports of http(s) only.
  const keepPort =
    (scheme === 'http' || scheme === 'https') &&
    parsed.port &&
    parsed.port !== '443' &&
    parsed.port !== '80';
  const host = `${parsed.hostname}${keepPort ? `:${parsed.port}` : ''}`;
  let path = decodeURIComponent(parsed.pathname).replace(/\/+$/, '');
  path = path.replace(/\.git$/i, '').replace(/\/+$/, '');
  if (!parsed.hostname || !path || path === '/') return undefined;
  return `https://${host}${
    path.startsWith('/') ? '' : '/'
  }${path}`.toLowerCase();
}

/** The distinct normalized forms of `urls` (invalid ones dropped). */
export function normalizeAll(urls: Array<string | undefined | null>): string[] {
  return [
    ...new Set(
      urls.map(normalizeRepositoryUrl).filter((u): u is string => !!u),
    ),
  ];
}

/**
 * `appPath` as a repository-relative prefix without leading `./` or `/` and without a trailing
 * `/`; the empty string stands for the repository root (`.`, `/`, `./`).
 */
export function normalizeAppPath(appPath: string | undefined): string {
  let path = (appPath ?? '').trim().replace(/\\/g, '/');
  path = path.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
  return path === '.' ? '' : path;
}

/** True when `changedPath` (repository-relative, as providers send it) lies under `appPath`. */
export function isUnderAppPath(changedPath: string, appPath: string): boolean {
  const app = normalizeAppPath(appPath);
  if (!app) return true;
  const path = changedPath.trim().replace(/^\/+/, '');
  return path === app || path.startsWith(`${app}/`);
}

/**
 * The provider a normalized repository URL is hosted by when its host is a provider's SaaS
 * (`github.com`, `gitlab.com`, `bitbucket.org` or a subdomain); undefined for any other host
 * (self-hosted), where the provider cannot be told (`providerFromRepoURL`,
 * `internal/openchoreo-api/services/autobuild/webhook_processor.go@v1.2.3`).
 */
export function providerOfRepositoryUrl(
  url: string,
): WebhookProvider | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const hostedBy = (domain: string) =>
    host === domain || host.endsWith(`.${domain}`);
  if (hostedBy('github.com')) return 'github';
  if (hostedBy('gitlab.com')) return 'gitlab';
  if (hostedBy('bitbucket.org')) return 'bitbucket';
  return undefined;
}
