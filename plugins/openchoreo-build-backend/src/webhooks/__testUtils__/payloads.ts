import { createHmac, randomUUID } from 'node:crypto';

/**
 * Push deliveries shaped like the real ones (field names, nesting and the extra fields providers
 * send), built around the repository the sandbox seed uses.
 */
export interface PushSpec {
  /** e.g. openchoreo/sample-workloads */
  fullName?: string;
  branch?: string;
  /** 40-hex SHA of the pushed head. */
  after?: string;
  /** Paths each commit touched (one commit per entry); omit for a push without file lists. */
  commits?: Array<{
    added?: string[];
    modified?: string[];
    removed?: string[];
  }>;
  host?: string;
}

export function sha(seed: string): string {
  return createHmac('sha1', 'commit').update(seed).digest('hex');
}

const FULL_NAME = 'openchoreo/sample-workloads';
let pushes = 0;
const nextHead = (fullName: string, branch: string) =>
  sha(`${fullName}:${branch}:${(pushes += 1)}`);

export function githubPushPayload(
  spec: PushSpec = {},
): Record<string, unknown> {
  const fullName = spec.fullName ?? FULL_NAME;
  const [owner, name] = fullName.split('/');
  const host = spec.host ?? 'github.com';
  const branch = spec.branch ?? 'main';
  const after = spec.after ?? nextHead(fullName, branch);
  const commits = (spec.commits ?? [{ modified: ['README.md'] }]).map(
    (files, i) => ({
      id: i === (spec.commits?.length ?? 1) - 1 ? after : sha(`${after}:${i}`),
      tree_id: sha(`tree:${after}:${i}`),
      distinct: true,
      message: `Change ${i + 1}`,
      timestamp: '2025-06-01T10:00:00+02:00',
      url: `https://${host}/${fullName}/commit/${after}`,
      author: { name: 'Dev', email: 'dev@example.com', username: 'dev' },
      committer: {
        name: 'GitHub',
        email: 'noreply@github.com',
        username: 'web-flow',
      },
      added: files.added ?? [],
      removed: files.removed ?? [],
      modified: files.modified ?? [],
    }),
  );
  return {
    ref: `refs/heads/${branch}`,
    before: sha(`before:${after}`),
    after,
    repository: {
      id: 871234567,
      node_id: 'R_kgDOMZ2b1w',
      name,
      full_name: fullName,
      private: false,
      owner: { name: owner, login: owner, id: 1234, type: 'Organization' },
      html_url: `https://${host}/${fullName}`,
      url: `https://${host}/${fullName}`,
      git_url: `git://${host}/${fullName}.git`,
      ssh_url: `git@${host}:${fullName}.git`,
      clone_url: `https://${host}/${fullName}.git`,
      svn_url: `https://${host}/${fullName}`,
      default_branch: 'main',
      master_branch: 'main',
      pushed_at: 1748764800,
    },
    pusher: { name: 'dev', email: 'dev@example.com' },
    sender: { login: 'dev', id: 5678, type: 'User' },
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://${host}/${fullName}/compare/${sha(
      `before:${after}`,
    ).slice(0, 12)}...${after.slice(0, 12)}`,
    commits,
    head_commit: commits[commits.length - 1] ?? null,
  };
}

export function gitlabPushPayload(
  spec: PushSpec = {},
): Record<string, unknown> {
  const fullName = spec.fullName ?? FULL_NAME;
  const host = spec.host ?? 'gitlab.com';
  const branch = spec.branch ?? 'main';
  const after = spec.after ?? nextHead(fullName, branch);
  const commits = (spec.commits ?? [{ modified: ['README.md'] }]).map(
    (files, i) => ({
      id: i === (spec.commits?.length ?? 1) - 1 ? after : sha(`${after}:${i}`),
      message: `Change ${i + 1}\n`,
      title: `Change ${i + 1}`,
      timestamp: '2025-06-01T10:00:00+02:00',
      url: `https://${host}/${fullName}/-/commit/${after}`,
      author: { name: 'Dev', email: '[REDACTED]' },
      added: files.added ?? [],
      modified: files.modified ?? [],
      removed: files.removed ?? [],
    }),
  );
  return {
    object_kind: 'push',
    event_name: 'push',
    before: sha(`before:${after}`),
    after,
    ref: `refs/heads/${branch}`,
    ref_protected: true,
    checkout_sha: after,
    message: null,
    user_id: 4,
    user_name: 'Dev',
    user_username: 'dev',
    user_email: '',
    project_id: 15,
    project: {
      id: 15,
      name: fullName.split('/')[1],
      description: '',
      web_url: `https://${host}/${fullName}`,
      git_ssh_url: `git@${host}:${fullName}.git`,
      git_http_url: `https://${host}/${fullName}.git`,
      namespace: fullName.split('/')[0],
      visibility_level: 20,
      path_with_namespace: fullName,
      default_branch: 'main',
      homepage: `https://${host}/${fullName}`,
      url: `git@${host}:${fullName}.git`,
      ssh_url: `git@${host}:${fullName}.git`,
      http_url: `https://${host}/${fullName}.git`,
    },
    commits,
    total_commits_count: commits.length,
    push_options: {},
    repository: {
      name: fullName.split('/')[1],
      url: `git@${host}:${fullName}.git`,
      description: '',
      homepage: `https://${host}/${fullName}`,
      git_http_url: `https://${host}/${fullName}.git`,
      git_ssh_url: `git@${host}:${fullName}.git`,
      visibility_level: 20,
    },
  };
}

export function bitbucketPushPayload(
  spec: PushSpec = {},
): Record<string, unknown> {
  const fullName = spec.fullName ?? FULL_NAME;
  const branch = spec.branch ?? 'main';
  const after = spec.after ?? nextHead(fullName, branch);
  const html = `https://bitbucket.org/${fullName}`;
  return {
    push: {
      changes: [
        {
          old: {
            type: 'branch',
            name: branch,
            target: { type: 'commit', hash: sha(`before:${after}`) },
          },
          new: {
            type: 'branch',
            name: branch,
            target: {
              type: 'commit',
              hash: after,
              date: '2025-06-01T08:00:00+00:00',
              message: 'Change 1\n',
              author: { raw: 'Dev <dev@example.com>', type: 'author' },
              links: { html: { href: `${html}/commits/${after}` } },
            },
            links: { html: { href: `${html}/branch/${branch}` } },
          },
          created: false,
          forced: false,
          closed: false,
          truncated: false,
          commits: [
            {
              type: 'commit',
              hash: after,
              message: 'Change 1\n',
              links: { html: { href: `${html}/commits/${after}` } },
            },
          ],
          links: {
            html: {
              href: `${html}/branches/compare/${after}..${sha(
                `before:${after}`,
              )}`,
            },
          },
        },
      ],
    },
    repository: {
      type: 'repository',
      full_name: fullName,
      name: fullName.split('/')[1],
      uuid: '{5c0cd3a4-8a3e-4d1c-9d2e-0f4f4b7b1a11}',
      is_private: false,
      scm: 'git',
      links: {
        html: { href: html },
        self: {
          href: `https://api.bitbucket.org/2.0/repositories/${fullName}`,
        },
      },
      workspace: {
        type: 'workspace',
        slug: fullName.split('/')[0],
        name: fullName.split('/')[0],
      },
    },
    actor: {
      type: 'user',
      display_name: 'Dev',
      nickname: 'dev',
      uuid: '{0f6f1b65-9d48-4d0a-a4a4-0b0c1b2e7e01}',
    },
  };
}

/** Headers of a signed GitHub delivery. */
export function githubHeaders(
  secret: string,
  body: string,
  options: { event?: string; delivery?: string } = {},
) {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'GitHub-Hookshot/a1b2c3d',
    'X-GitHub-Event': options.event ?? 'push',
    'X-GitHub-Delivery': options.delivery ?? randomUUID(),
    'X-GitHub-Hook-ID': '512345678',
    'X-Hub-Signature-256': `sha256=${createHmac('sha256', secret)
      .update(body)
      .digest('hex')}`,
  };
}

export function gitlabHeaders(
  token: string,
  options: { event?: string; delivery?: string } = {},
) {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'GitLab/17.6.0',
    'X-Gitlab-Event': options.event ?? 'Push Hook',
    'X-Gitlab-Event-UUID': options.delivery ?? randomUUID(),
    'X-Gitlab-Instance': 'https://gitlab.com',
    'X-Gitlab-Token': token,
  };
}

/**
 * Headers of a Bitbucket Cloud delivery: signed with the webhook's secret (X-Hub-Signature, as
 * Bitbucket sends it when the webhook has one), or — `unsigned` — the hook UUID alone, as a
 * webhook without a secret sends it.
 */
export function bitbucketHeaders(
  secret: string,
  body: string,
  options: {
    event?: string;
    delivery?: string;
    hookUuid?: string;
    unsigned?: boolean;
  } = {},
) {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'Bitbucket-Webhooks/2.0',
    'X-Event-Key': options.event ?? 'repo:push',
    'X-Request-UUID': options.delivery ?? randomUUID(),
    'X-Hook-UUID': options.hookUuid ?? '{9d6c1f8e-3b0e-4c55-a7a4-2f1b0f7a9c11}',
    'X-Attempt-Number': '1',
    ...(options.unsigned
      ? {}
      : {
          'X-Hub-Signature': `sha256=${createHmac('sha256', secret)
            .update(body)
            .digest('hex')}`,
        }),
  };
}
