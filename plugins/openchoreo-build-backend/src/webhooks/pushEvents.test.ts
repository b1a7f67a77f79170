import {
  bitbucketPushPayload,
  githubPushPayload,
  gitlabPushPayload,
  sha,
} from './__testUtils__/payloads';
import {
  deliveryIdOf,
  parseBitbucketEvent,
  parseGithubEvent,
  parseGitlabEvent,
  repositoryUrlsOf,
} from './pushEvents';

const REPO = 'https://github.com/openchoreo/sample-workloads';

describe('GitHub push events', () => {
  it('reads branch, commit, every repository URL form and the changed paths of all commits', () => {
    const after = sha('gh');
    const event = parseGithubEvent(
      { 'x-github-event': 'push' },
      githubPushPayload({
        after,
        branch: 'main',
        commits: [
          { added: ['a/x.go'] },
          { modified: ['b/y.go'], removed: ['a/z.go'] },
        ],
      }),
    );
    expect(event).toMatchObject({
      kind: 'push',
      event: 'push',
      repository: `${REPO}.git`,
    });
    if (event.kind !== 'push') throw new Error('expected a push');
    expect(event.repositoryUrls).toEqual([REPO]);
    expect(event.updates).toEqual([
      { branch: 'main', commit: after, paths: ['a/x.go', 'b/y.go', 'a/z.go'] },
    ]);
  });

  it('has no path information for a push without commits', () => {
    const event = parseGithubEvent(
      { 'x-github-event': 'push' },
      { ...githubPushPayload(), commits: [], head_commit: null },
    );
    expect(event.kind === 'push' && event.updates[0].paths).toBeUndefined();
  });

  it('ignores pings, other events, tags and deleted branches with a reason', () => {
    expect(
      parseGithubEvent(
        { 'x-github-event': 'ping' },
        { zen: 'Keep it simple.' },
      ),
    ).toMatchObject({ kind: 'ignored', event: 'ping' });
    expect(parseGithubEvent({ 'x-github-event': 'issues' }, {})).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('only "push"'),
    });
    expect(
      parseGithubEvent(
        { 'x-github-event': 'push' },
        { ...githubPushPayload(), ref: 'refs/tags/v1.0.0' },
      ),
    ).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('not a branch'),
    });
    expect(
      parseGithubEvent(
        { 'x-github-event': 'push' },
        { ...githubPushPayload(), deleted: true, after: '0'.repeat(40) },
      ),
    ).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('deleted'),
    });
  });

  it('rejects malformed pushes and a missing event header as input errors', () => {
    expect(() =>
      parseGithubEvent(
        { 'x-github-event': 'push' },
        { ref: 'refs/heads/main' },
      ),
    ).toThrow(/Invalid body: after: Required; repository: Required/);
    expect(() =>
      parseGithubEvent({ 'x-github-event': 'push' }, [1, 2]),
    ).toThrow(/Invalid body/);
    expect(() => parseGithubEvent({}, githubPushPayload())).toThrow(
      /Missing header X-GitHub-Event/,
    );
  });
});

describe('GitLab push events', () => {
  it('reads checkout_sha, the project URLs and the paths', () => {
    const after = sha('gl');
    const event = parseGitlabEvent(
      { 'x-gitlab-event': 'Push Hook' },
      gitlabPushPayload({ after, commits: [{ modified: ['svc/a.go'] }] }),
    );
    if (event.kind !== 'push') throw new Error('expected a push');
    expect(event.repositoryUrls).toEqual([
      'https://gitlab.com/openchoreo/sample-workloads',
    ]);
    expect(event.updates).toEqual([
      { branch: 'main', commit: after, paths: ['svc/a.go'] },
    ]);
  });

  it('treats a truncated commit list (more than 20 commits) as no path information', () => {
    const payload = {
      ...gitlabPushPayload({ commits: [{ modified: ['docs/x.md'] }] }),
      total_commits_count: 45,
    };
    const event = parseGitlabEvent({ 'x-gitlab-event': 'Push Hook' }, payload);
    expect(event.kind === 'push' && event.updates[0].paths).toBeUndefined();
  });

  it('ignores tag pushes and deleted branches', () => {
    expect(
      parseGitlabEvent({ 'x-gitlab-event': 'Tag Push Hook' }, {}),
    ).toMatchObject({ kind: 'ignored' });
    expect(
      parseGitlabEvent(
        { 'x-gitlab-event': 'Push Hook' },
        { ...gitlabPushPayload(), after: '0'.repeat(40), checkout_sha: null },
      ),
    ).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('deleted'),
    });
  });
});

describe('Bitbucket push events', () => {
  it('reads each updated branch; there is no path information', () => {
    const after = sha('bb');
    const event = parseBitbucketEvent(
      { 'x-event-key': 'repo:push' },
      bitbucketPushPayload({ after, branch: 'develop' }),
    );
    if (event.kind !== 'push') throw new Error('expected a push');
    expect(event.repositoryUrls).toEqual([
      'https://bitbucket.org/openchoreo/sample-workloads',
    ]);
    expect(event.updates).toEqual([{ branch: 'develop', commit: after }]);
  });

  it('ignores pushes that only delete branches or push tags', () => {
    const payload = bitbucketPushPayload() as {
      push: { changes: Array<Record<string, unknown>> };
    };
    payload.push.changes = [
      { new: null, old: {} },
      { new: { type: 'tag', name: 'v1', target: { hash: sha('t') } } },
    ];
    expect(
      parseBitbucketEvent({ 'x-event-key': 'repo:push' }, payload),
    ).toMatchObject({ kind: 'ignored' });
    expect(
      parseBitbucketEvent({ 'x-event-key': 'pullrequest:created' }, {}),
    ).toMatchObject({ kind: 'ignored' });
  });
});

describe('delivery ids', () => {
  it('come from each provider’s own header', () => {
    expect(deliveryIdOf('github', { 'x-github-delivery': 'g-1' })).toBe('g-1');
    expect(deliveryIdOf('gitlab', { 'x-gitlab-event-uuid': 'l-1' })).toBe(
      'l-1',
    );
    expect(deliveryIdOf('gitlab', { 'idempotency-key': 'l-2' })).toBe('l-2');
    expect(
      deliveryIdOf('bitbucket', {
        'x-request-uuid': 'b-1',
        'x-hook-uuid': 'secret',
      }),
    ).toBe('b-1');
    expect(deliveryIdOf('github', {})).toBeUndefined();
  });

  it('prefer GitLab’s Idempotency-Key, which stays the same across retries of one delivery', () => {
    expect(
      deliveryIdOf('gitlab', {
        'x-gitlab-event-uuid': 'event',
        'idempotency-key': 'retry-stable',
      }),
    ).toBe('retry-stable');
  });
});

describe('repositoryUrlsOf', () => {
  it('reads the repository of any payload, best effort, for verifying events that build nothing', () => {
    const ping = {
      zen: 'Keep it logically awesome.',
      repository: { html_url: 'https://github.com/Acme/App', url: 42 },
    };
    expect(repositoryUrlsOf('github', ping)).toEqual([
      'https://github.com/acme/app',
    ]);
    expect(
      repositoryUrlsOf('bitbucket', { repository: { full_name: 'acme/mono' } }),
    ).toEqual(['https://bitbucket.org/acme/mono']);
    expect(
      repositoryUrlsOf('gitlab', {
        project: { web_url: 'https://gitlab.com/acme/mono' },
      }),
    ).toEqual(['https://gitlab.com/acme/mono']);
    expect(repositoryUrlsOf('github', { zen: 'x' })).toEqual([]);
    expect(repositoryUrlsOf('github', 'not an object')).toEqual([]);
  });
});
