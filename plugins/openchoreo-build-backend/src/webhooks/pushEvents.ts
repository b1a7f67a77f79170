import type { WebhookProvider } from '@openchoreo-build/plugin-openchoreo-build-common';
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { parse } from '../service/validation';
import { normalizeAll } from './repositoryUrl';

/** One updated branch of a push. */
export interface BranchUpdate {
  branch: string;
  commit: string;
  /**
   * Repository-relative paths the pushed commits added, modified or removed; undefined when the
   * provider sends none (Bitbucket) or the list is incomplete (GitLab truncates after 20 commits).
   */
  paths?: string[];
}

/** A provider event reduced to what matching needs. */
export type ParsedEvent =
  | {
      kind: 'push';
      event: string;
      /** Every URL form the provider gave for the repository, normalized (see `normalizeRepositoryUrl`). */
      repositoryUrls: string[];
      /** A readable name for responses and audit (e.g. the clone URL). */
      repository: string;
      updates: BranchUpdate[];
    }
  | { kind: 'ignored'; event: string; reason: string; repository?: string };

/** The headers a provider parser reads (lower-case names, as Node gives them). */
export type Headers = Record<string, string | string[] | undefined>;

export function header(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}

const ZERO_SHA = /^0+$/;
const sha = z.string().regex(/^[0-9a-fA-F]{7,64}$/, 'must be a commit SHA');
const optionalString = z.string().nullish();

const fileLists = z
  .object({
    added: z.array(z.string()).nullish(),
    modified: z.array(z.string()).nullish(),
    removed: z.array(z.string()).nullish(),
  })
  .passthrough();

function pathsOf(commits: Array<z.infer<typeof fileLists>>): string[] {
  const paths = new Set<string>();
  for (const commit of commits) {
    for (const list of [commit.added, commit.modified, commit.removed]) {
      for (const path of list ?? []) paths.add(path);
    }
  }
  return [...paths];
}

function branchOf(ref: string): string | undefined {
  return ref.startsWith('refs/heads/')
    ? ref.slice('refs/heads/'.length)
    : undefined;
}

// ---------------------------------------------------------------------------------------------
// GitHub: X-GitHub-Event: push | ping | …

const githubPush = z
  .object({
    ref: z.string().min(1),
    after: sha,
    deleted: z.boolean().nullish(),
    repository: z
      .object({
        clone_url: optionalString,
        ssh_url: optionalString,
        git_url: optionalString,
        html_url: optionalString,
        url: optionalString,
        svn_url: optionalString,
        full_name: optionalString,
      })
      .passthrough(),
    commits: z.array(fileLists).nullish(),
    head_commit: fileLists.nullish(),
  })
  .passthrough();

export function parseGithubEvent(headers: Headers, body: unknown): ParsedEvent {
  const event = header(headers, 'x-github-event');
  if (!event)
    throw new InputError(
      'Missing header X-GitHub-Event: is this a webhook delivery?',
    );
  if (event === 'ping') {
    return {
      kind: 'ignored',
      event: 'ping',
      reason:
        'GitHub ping received: the webhook reaches the portal and its signature is valid',
    };
  }
  if (event !== 'push') {
    return {
      kind: 'ignored',
      event: event,
      reason: `GitHub "${event}" events do not start builds; only "push" does`,
    };
  }
  const push = parse(githubPush, body, 'body');
  const repo = push.repository;
  const repository = repo.clone_url ?? repo.html_url ?? repo.full_name ?? '';
  const branch = branchOf(push.ref);
  if (!branch)
    return {
      kind: 'ignored',
      event,
      reason: `${push.ref} is not a branch: only branch pushes start builds`,
      repository,
    };
  if (push.deleted || ZERO_SHA.test(push.after)) {
    return {
      kind: 'ignored',
      event,
      reason: `branch ${branch} was deleted: nothing to build`,
      repository,
    };
  }
  let commits = push.commits ?? [];
  if (!commits.length && push.head_commit) commits = [push.head_commit];
  return {
    kind: 'push',
    event,
    repository,
    repositoryUrls: normalizeAll([
      repo.clone_url,
      repo.ssh_url,
      repo.git_url,
      repo.html_url,
      repo.url,
      repo.svn_url,
    ]),
    updates: [
      {
        branch,
        commit: push.after,
        paths: commits.length ? pathsOf(commits) : undefined,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// GitLab: X-Gitlab-Event: Push Hook | Tag Push Hook | System Hook (object_kind push) | …

const gitlabPush = z
  .object({
    object_kind: z.literal('push'),
    ref: z.string().min(1),
    after: sha,
    checkout_sha: z.string().nullish(),
    total_commits_count: z.number().int().nonnegative().nullish(),
    project: z
      .object({
        git_http_url: optionalString,
        git_ssh_url: optionalString,
        web_url: optionalString,
        http_url: optionalString,
        ssh_url: optionalString,
        path_with_namespace: optionalString,
      })
      .passthrough()
      .nullish(),
    repository: z
      .object({
        url: optionalString,
        homepage: optionalString,
        git_http_url: optionalString,
        git_ssh_url: optionalString,
      })
      .passthrough()
      .nullish(),
    commits: z.array(fileLists).nullish(),
  })
  .passthrough();

export function parseGitlabEvent(headers: Headers, body: unknown): ParsedEvent {
  const event = header(headers, 'x-gitlab-event');
  if (!event)
    throw new InputError(
      'Missing header X-Gitlab-Event: is this a webhook delivery?',
    );
  const kind =
    typeof body === 'object' && body !== null
      ? (body as { object_kind?: unknown }).object_kind
      : undefined;
  if (event !== 'Push Hook' && !(event === 'System Hook' && kind === 'push')) {
    return {
      kind: 'ignored',
      event: event,
      reason: `GitLab "${event}" events do not start builds; only "Push Hook" does`,
    };
  }
  const push = parse(gitlabPush, body, 'body');
  const urls = [
    push.project?.git_http_url,
    push.project?.git_ssh_url,
    push.project?.web_url,
    push.project?.http_url,
    push.project?.ssh_url,
    push.repository?.git_http_url,
    push.repository?.git_ssh_url,
    push.repository?.homepage,
    push.repository?.url,
  ];
  const repository =
    push.project?.git_http_url ??
    push.project?.web_url ??
    push.repository?.homepage ??
    '';
  const branch = branchOf(push.ref);
  if (!branch)
    return {
      kind: 'ignored',
      event: event,
      reason: `${push.ref} is not a branch: only branch pushes start builds`,
      repository,
    };
  if (ZERO_SHA.test(push.after) || push.checkout_sha === null) {
    return {
      kind: 'ignored',
      event: event,
      reason: `branch ${branch} was deleted: nothing to build`,
      repository,
    };
  }
  const commits = push.commits ?? [];
  // GitLab lists at most 20 commits; with more, the paths are incomplete: treat them as unknown.
  const complete =
    commits.length > 0 &&
    (push.total_commits_count ?? commits.length) <= commits.length;
  return {
    kind: 'push',
    event: event,
    repository,
    repositoryUrls: normalizeAll(urls),
    updates: [
      {
        branch,
        commit: push.checkout_sha ?? push.after,
        paths: complete ? pathsOf(commits) : undefined,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Bitbucket Cloud: X-Event-Key: repo:push | …

const bitbucketRef = z
  .object({
    type: z.string(),
    name: z.string().min(1),
    target: z.object({ hash: sha }).passthrough(),
  })
  .passthrough();

const bitbucketPush = z
  .object({
    push: z
      .object({
        changes: z.array(
          z.object({ new: bitbucketRef.nullish() }).passthrough(),
        ),
      })
      .passthrough(),
    repository: z
      .object({
        full_name: optionalString,
        links: z
          .object({
            html: z.object({ href: optionalString }).passthrough().nullish(),
            clone: z
              .array(z.object({ href: optionalString }).passthrough())
              .nullish(),
          })
          .passthrough()
          .nullish(),
      })
      .passthrough(),
  })
  .passthrough();

export function parseBitbucketEvent(
  headers: Headers,
  body: unknown,
): ParsedEvent {
  const event = header(headers, 'x-event-key');
  if (!event)
    throw new InputError(
      'Missing header X-Event-Key: is this a webhook delivery?',
    );
  if (event !== 'repo:push') {
    return {
      kind: 'ignored',
      event: event,
      reason: `Bitbucket "${event}" events do not start builds; only "repo:push" does`,
    };
  }
  const push = parse(bitbucketPush, body, 'body');
  const repo = push.repository;
  const html = repo.links?.html?.href;
  const urls = [
    html,
    ...(repo.links?.clone ?? []).map(c => c.href),
    repo.full_name ? `https://bitbucket.org/${repo.full_name}` : undefined,
  ];
  const repository =
    html ?? (repo.full_name ? `https://bitbucket.org/${repo.full_name}` : '');
  const updates: BranchUpdate[] = [];
  for (const change of push.push.changes) {
    // new: null is a deleted branch; type "tag" is a tag push.
    if (change.new?.type === 'branch')
      updates.push({ branch: change.new.name, commit: change.new.target.hash });
  }
  if (!updates.length) {
    return {
      kind: 'ignored',
      event: event,
      reason:
        'the push updates no branch (deleted branches and tags do not start builds)',
      repository,
    };
  }
  return {
    kind: 'push',
    event: event,
    repository,
    repositoryUrls: normalizeAll(urls),
    updates,
  };
}

export const PARSERS: Record<
  WebhookProvider,
  (headers: Headers, body: unknown) => ParsedEvent
> = {
  github: parseGithubEvent,
  gitlab: parseGitlabEvent,
  bitbucket: parseBitbucketEvent,
};

/** The headers naming a delivery, in the order they are read (see `deliveryIdOf`). */
export const DELIVERY_ID_HEADERS: Record<WebhookProvider, string[]> = {
  github: ['X-GitHub-Delivery'],
  // Idempotency-Key (GitLab 17.4+) is documented to stay the same across retries of one
  // delivery; X-Gitlab-Event-UUID names the event and is what older GitLab sends.
  gitlab: ['Idempotency-Key', 'X-Gitlab-Event-UUID'],
  bitbucket: ['X-Request-UUID'],
};

/** The provider's id of this delivery (stable across its redeliveries), if it sends one. */
export function deliveryIdOf(
  provider: WebhookProvider,
  headers: Headers,
): string | undefined {
  for (const name of DELIVERY_ID_HEADERS[provider] ?? []) {
    const value = header(headers, name);
    if (value) return value;
  }
  return undefined;
}

const looseUrl = z.string().optional().catch(undefined);
const looseRepository = z
  .object({
    repository: z
      .object({
        clone_url: looseUrl,
        ssh_url: looseUrl,
        git_url: looseUrl,
        html_url: looseUrl,
        url: looseUrl,
        homepage: looseUrl,
        git_http_url: looseUrl,
        git_ssh_url: looseUrl,
        full_name: looseUrl,
        links: z
          .object({
            html: z.object({ href: looseUrl }).optional().catch(undefined),
          })
          .optional()
          .catch(undefined),
      })
      .optional()
      .catch(undefined),
    project: z
      .object({
        git_http_url: looseUrl,
        git_ssh_url: looseUrl,
        web_url: looseUrl,
        http_url: looseUrl,
        ssh_url: looseUrl,
      })
      .optional()
      .catch(undefined),
  })
  .catch({});

/**
 * The repository URLs any payload names (normalized; none when it names no repository). Used to
 * pick the secrets an event that starts no build (a ping) is verified with, so a webhook that
 * only has a per-repository secret still gets a green ping.
 */
export function repositoryUrlsOf(
  provider: WebhookProvider,
  body: unknown,
): string[] {
  const { repository: repo, project } = looseRepository.parse(body ?? {});
  const bitbucket =
    provider === 'bitbucket' && repo?.full_name
      ? `https://bitbucket.org/${repo.full_name}`
      : undefined;
  return normalizeAll([
    repo?.clone_url,
    repo?.ssh_url,
    repo?.git_url,
    repo?.html_url,
    repo?.url,
    repo?.homepage,
    repo?.git_http_url,
    repo?.git_ssh_url,
    repo?.links?.html?.href,
    bitbucket,
    project?.git_http_url,
    project?.git_ssh_url,
    project?.web_url,
    project?.http_url,
    project?.ssh_url,
  ]);
}
