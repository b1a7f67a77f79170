import type { RunRepository } from '../api/runs';
import { MAX_CLUSTER_LINK_LENGTH, safeClusterLink } from './clusterLinks';
import { isBranchName } from './runSpecRules';

/**
 * Web links to the Git host of a run's repository, commit and branch. The repository URL is
 * cluster data (whoever can write a Component or a run decides it), so a link is made only for a
 * host the portal knows the page addresses of, from a path of plain name segments, and never
 * carries the URL's user name, password, port, query or fragment: the link is rebuilt, not
 * copied.
 */

/** A Git host whose web pages the portal links to. @public */
export type GitHost = 'github' | 'gitlab' | 'bitbucket';

/** How one Git host addresses its pages. */
interface GitHostPages {
  /** The SaaS host name (also accepted with `www.`). Self-hosted instances are not recognised. */
  hostname: string;
  /** How many path segments name a repository: `owner/repo`, or GitLab's groups and subgroups. */
  repositoryDepth: 'owner-and-name' | 'nested-groups';
  /** The path below the repository of a commit's page, before the SHA. */
  commitPath: string;
  /** The path below the repository of a branch's page, before the branch name. */
  branchPath: string;
}

/** The page addresses of each host (GitLab puts project pages below `/-/`). */
const GIT_HOSTS: Record<GitHost, GitHostPages> = {
  github: {
    hostname: 'github.com',
    repositoryDepth: 'owner-and-name',
    commitPath: 'commit',
    branchPath: 'tree',
  },
  gitlab: {
    hostname: 'gitlab.com',
    repositoryDepth: 'nested-groups',
    commitPath: '-/commit',
    branchPath: '-/tree',
  },
  bitbucket: {
    hostname: 'bitbucket.org',
    repositoryDepth: 'owner-and-name',
    commitPath: 'commits',
    branchPath: 'branch',
  },
};

/** GitLab nests groups at most 20 levels deep; a longer path is not a project. */
const MAX_GITLAB_PATH_SEGMENTS = 21;

/** A segment of an owner, group or repository name: what all three hosts allow in names. */
const NAME_SEGMENT = /^[A-Za-z0-9_.-]+$/;

/** A commit SHA as a link may carry it (abbreviated or full, SHA-1 or SHA-256). */
const COMMIT_SHA = /^[0-9a-fA-F]{7,64}$/;

/** Schemes a repository URL may use: web, SSH and the git protocol. */
const REPOSITORY_SCHEMES = new Set([
  'https:',
  'http:',
  'ssh:',
  'git:',
  'git+ssh:',
  'ssh+git:',
]);

/**
 * `[user@]host:path` without a scheme: git's scp-like SSH form (`git@github.com:org/repo.git`). A
 * host without a user must have a dot, so that `javascript:alert(1)` is not read as host
 * `javascript`.
 */
const SCP_LIKE =
  /^(?:([A-Za-z0-9._~-]+)@)?([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(?!\/\/)\/?(.+)$/;

/** Where a repository lives: its host name and the path segments after it. */
interface RepositoryAddress {
  hostname: string;
  segments: string[];
}

/**
 * The host name (lower case) and path segments of a repository URL in any of git's forms, or
 * undefined when it is none of them (another scheme, whitespace or control characters, too long,
 * unparseable). A web URL on a port other than the default is not read: no known host serves one.
 */
function parseRepositoryAddress(value: string): RepositoryAddress | undefined {
  const text = value.trim();
  if (text === '' || text.length > MAX_CLUSTER_LINK_LENGTH) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return undefined;
  const scp = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)
    ? undefined
    : SCP_LIKE.exec(text);
  if (scp && (scp[1] || scp[2].includes('.'))) {
    return {
      hostname: scp[2].toLowerCase(),
      segments: pathSegments(scp[3].split(/[?#]/)[0]),
    };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (!REPOSITORY_SCHEMES.has(url.protocol) || url.hostname === '')
    return undefined;
  const web = url.protocol === 'https:' || url.protocol === 'http:';
  // SSH and git ports say nothing about the web address; a web URL on another port is another site.
  if (web && url.port !== '') return undefined;
  return {
    hostname: url.hostname.toLowerCase(),
    segments: pathSegments(url.pathname),
  };
}

function pathSegments(path: string): string[] {
  return path.split('/').filter(segment => segment !== '');
}

/** The known host of a host name (the SaaS name, or it with `www.`). */
function gitHostOf(hostname: string): GitHost | undefined {
  for (const [host, pages] of Object.entries(GIT_HOSTS) as Array<
    [GitHost, GitHostPages]
  >) {
    if (hostname === pages.hostname || hostname === `www.${pages.hostname}`)
      return host;
  }
  return undefined;
}

/**
 * The segments naming the repository on `host`, without `.git`: the first two on GitHub and
 * Bitbucket (a web URL may go on to `/tree/main`), every segment up to GitLab's `/-/` marker on
 * GitLab. Undefined when a segment is not a plain name (`..`, `%2e`, `@`, …) or there are too few.
 */
function repositorySegments(
  host: GitHost,
  segments: string[],
): string[] | undefined {
  let path: string[];
  if (GIT_HOSTS[host].repositoryDepth === 'owner-and-name') {
    path = segments.slice(0, 2);
  } else {
    const marker = segments.indexOf('-');
    path = marker === -1 ? segments : segments.slice(0, marker);
    if (path.length > MAX_GITLAB_PATH_SEGMENTS) return undefined;
  }
  if (path.length < 2) return undefined;
  path = [...path.slice(0, -1), path[path.length - 1].replace(/\.git$/i, '')];
  const plain = path.every(
    segment => NAME_SEGMENT.test(segment) && !/^\.+$/.test(segment),
  );
  return plain ? path : undefined;
}

/**
 * A repository on a known Git host.
 *
 * @public
 */
export interface GitRepositoryLocation {
  host: GitHost;
  /** `owner/repo`, or `group/subgroup/project` on GitLab. */
  path: string;
  /** The repository's web page, e.g. `https://github.com/owner/repo`. */
  webUrl: string;
}

/**
 * Where a repository URL points on a known Git host (GitHub, GitLab or Bitbucket Cloud), from any of
 * its forms: `https://host/owner/repo(.git)`, `git@host:owner/repo(.git)`,
 * `ssh://git@host(:port)/owner/repo(.git)`, `git://…`. Undefined for another host (self-hosted
 * instances included), another scheme (`javascript:`, `file:` …) or a path that is not plain names.
 *
 * @public
 */
export function gitRepositoryLocation(
  repositoryUrl: string | undefined,
): GitRepositoryLocation | undefined {
  const address = repositoryUrl
    ? parseRepositoryAddress(repositoryUrl)
    : undefined;
  if (!address) return undefined;
  const host = gitHostOf(address.hostname);
  if (!host) return undefined;
  const segments = repositorySegments(host, address.segments);
  if (!segments) return undefined;
  const path = segments.join('/');
  const webUrl = safeClusterLink(`https://${GIT_HOSTS[host].hostname}/${path}`);
  return webUrl ? { host, path, webUrl } : undefined;
}

/** The page of commit `sha` in the repository; undefined when `sha` is not a commit SHA. @public */
export function gitCommitUrl(
  repository: GitRepositoryLocation,
  sha: string | undefined,
): string | undefined {
  if (!sha || !COMMIT_SHA.test(sha)) return undefined;
  return safeClusterLink(
    `${repository.webUrl}/${GIT_HOSTS[repository.host].commitPath}/${sha}`,
  );
}

/**
 * The page of `branch` in the repository (`feature/x` keeps its slash); undefined when `branch` is
 * not a branch name the portal accepts (`isBranchName`).
 *
 * @public
 */
export function gitBranchUrl(
  repository: GitRepositoryLocation,
  branch: string | undefined,
): string | undefined {
  if (!branch || !isBranchName(branch)) return undefined;
  const encoded = branch.split('/').map(encodeURIComponent).join('/');
  return safeClusterLink(
    `${repository.webUrl}/${GIT_HOSTS[repository.host].branchPath}/${encoded}`,
  );
}

/**
 * How a repository URL is shown as text: `owner/repo` on a known host, `host/path` on another one,
 * never with the URL's user name or password (a token in `https://x-access-token:…@host/…` must
 * not reach the page); undefined when the value is not a repository URL.
 *
 * @public
 */
export function repositoryDisplayName(
  repositoryUrl: string | undefined,
): string | undefined {
  const location = gitRepositoryLocation(repositoryUrl);
  if (location) return location.path;
  const address = repositoryUrl
    ? parseRepositoryAddress(repositoryUrl)
    : undefined;
  if (!address || address.segments.length === 0) return undefined;
  const segments = [...address.segments];
  segments[segments.length - 1] = segments[segments.length - 1].replace(
    /\.git$/i,
    '',
  );
  return [address.hostname, ...segments].join('/');
}

/**
 * Links to a run's repository, commit and branch on their Git host, and the repository's display
 * name. Each link is absent when it cannot be made safely (unknown host, not a SHA, not a branch
 * name): show the text plain then.
 *
 * @public
 */
export interface GitHostLinks {
  host?: GitHost;
  /** See {@link repositoryDisplayName}. */
  repositoryName?: string;
  repository?: string;
  commit?: string;
  branch?: string;
}

/** {@link GitHostLinks} of a run's repository. @public */
export function gitHostLinks(
  repository: Pick<RunRepository, 'url' | 'branch' | 'commit'>,
): GitHostLinks {
  const repositoryName = repositoryDisplayName(repository.url);
  const location = gitRepositoryLocation(repository.url);
  if (!location) return repositoryName ? { repositoryName } : {};
  return {
    host: location.host,
    repositoryName,
    repository: location.webUrl,
    commit: gitCommitUrl(location, repository.commit),
    branch: gitBranchUrl(location, repository.branch),
  };
}
