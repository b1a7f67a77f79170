import type { APIRequestContext } from '@playwright/test';
import { createHash, createHmac, randomUUID } from 'node:crypto';

/**
 * GitHub push deliveries as GitHub sends them, signed with the sandbox's `github-secret`, for the
 * auto-build end-to-end tests (one backend, and the replicas topology).
 */

let pushes = 0;
/** A GitHub push event as GitHub sends it (trimmed to the fields that matter plus their neighbours). */
export function pushPayload(paths: string[]) {
  pushes += 1;
  const after = createHmac('sha1', 'e2e')
    .update(`${Date.now()}:${pushes}`)
    .digest('hex');
  const repo = 'openchoreo/sample-workloads';
  const commit = {
    id: after,
    tree_id: createHmac('sha1', 'tree').update(after).digest('hex'),
    distinct: true,
    message: 'Update greeter',
    timestamp: new Date().toISOString(),
    url: `https://github.com/${repo}/commit/${after}`,
    author: { name: 'Dev', email: 'dev@example.com', username: 'dev' },
    committer: { name: 'Dev', email: 'dev@example.com', username: 'dev' },
    added: [],
    removed: [],
    modified: paths,
  };
  return {
    after,
    body: JSON.stringify({
      ref: 'refs/heads/main',
      before: createHmac('sha1', 'before').update(after).digest('hex'),
      after,
      created: false,
      deleted: false,
      forced: false,
      repository: {
        name: 'sample-workloads',
        full_name: repo,
        html_url: `https://github.com/${repo}`,
        clone_url: `https://github.com/${repo}.git`,
        ssh_url: `git@github.com:${repo}.git`,
        git_url: `git://github.com/${repo}.git`,
        default_branch: 'main',
      },
      pusher: { name: 'dev', email: 'dev@example.com' },
      sender: { login: 'dev', type: 'User' },
      commits: [commit],
      head_commit: commit,
    }),
  };
}

/** The headers GitHub sends with a push delivery, signed with `secret`. */
export function pushHeaders(
  body: string,
  secret: string,
  deliveryId: string = randomUUID(),
): Record<string, string> {
  const signature = `sha256=${createHmac('sha256', secret)
    .update(body)
    .digest('hex')}`;
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'GitHub-Hookshot/e2e',
    'X-GitHub-Event': 'push',
    'X-GitHub-Delivery': deliveryId,
    'X-Hub-Signature-256': signature,
  };
}

/** POSTs a push signed with `secret` to `url`, as GitHub would (no Backstage token). */
export async function postPush(
  request: APIRequestContext,
  url: string,
  secret: string,
  paths: string[],
) {
  const { body, after } = pushPayload(paths);
  const deliveryId = randomUUID();
  const response = await request.post(url, {
    data: body,
    headers: pushHeaders(body, secret, deliveryId),
  });
  return { response, after, deliveryId };
}

/**
 * The label selector of the runs a delivery started: the backend labels each with
 * sha256(`<provider>:<delivery id>`) (first 40 hex digits).
 */
export function deliveryRunSelector(deliveryId: string, provider = 'github') {
  const hash = createHash('sha256')
    .update(`${provider}:${deliveryId}`)
    .digest('hex')
    .slice(0, 40);
  return `openchoreo.dev/webhook-delivery=${hash}`;
}
