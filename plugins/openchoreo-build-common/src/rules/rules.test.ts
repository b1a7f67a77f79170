import type { RunSummary } from '../api/runs';
import { listedBefore, runMatchesFilter, sortNewestFirst } from './runOrder';
import { dropEmptyCommit, isCommitSha, isRepositoryUrl } from './runSpecRules';

function run(overrides: Partial<RunSummary>): RunSummary {
  return {
    name: 'r',
    namespace: 'default',
    generation: 'v0',
    project: 'p',
    component: 'c',
    workflow: 'docker',
    status: 'Running',
    repository: {},
    ...overrides,
  };
}

describe('run filter', () => {
  it('matches every given field and any of the statuses', () => {
    const r = run({ status: 'Failed' });
    expect(runMatchesFilter(r, {})).toBe(true);
    expect(runMatchesFilter(r, { project: 'p', component: 'c' })).toBe(true);
    expect(runMatchesFilter(r, { component: 'other' })).toBe(false);
    expect(runMatchesFilter(r, { namespace: 'acme' })).toBe(false);
    expect(runMatchesFilter(r, { statuses: ['Succeeded', 'Failed'] })).toBe(
      true,
    );
    expect(runMatchesFilter(r, { statuses: ['Succeeded'] })).toBe(false);
    expect(runMatchesFilter(r, { statuses: [] })).toBe(true);
  });

  it('matches the branch, the kind of trigger and who started the run', () => {
    const mine = run({
      repository: { branch: 'main' },
      createdBy: 'user:default/ada',
      trigger: { kind: 'user', userEntityRef: 'user:default/ada' },
    });
    const pushed = run({
      repository: { branch: 'feature' },
      createdBy: 'webhook:github',
      trigger: { kind: 'webhook', provider: 'github' },
    });
    expect(runMatchesFilter(mine, { branch: 'main' })).toBe(true);
    expect(runMatchesFilter(pushed, { branch: 'main' })).toBe(false);
    expect(runMatchesFilter(mine, { trigger: 'user' })).toBe(true);
    expect(runMatchesFilter(pushed, { trigger: 'user' })).toBe(false);
    expect(runMatchesFilter(pushed, { trigger: 'webhook' })).toBe(true);
    expect(runMatchesFilter(run({}), { trigger: 'webhook' })).toBe(false);
    expect(runMatchesFilter(mine, { createdBy: 'user:default/ada' })).toBe(
      true,
    );
    expect(runMatchesFilter(pushed, { createdBy: 'user:default/ada' })).toBe(
      false,
    );
  });
});

describe('run order', () => {
  it('lists newest first, then by name and namespace, runs without a time last', () => {
    const runs = [
      run({ name: 'b', createdAt: '2026-01-01T00:00:00Z' }),
      run({ name: 'none' }),
      run({ name: 'a', createdAt: '2026-01-01T00:00:00Z', namespace: 'z' }),
      run({ name: 'a', createdAt: '2026-01-01T00:00:00Z', namespace: 'a' }),
      run({ name: 'new', createdAt: '2026-02-01T00:00:00Z' }),
    ];
    expect(sortNewestFirst(runs).map(r => `${r.name}/${r.namespace}`)).toEqual([
      'new/default',
      'a/a',
      'a/z',
      'b/default',
      'none/default',
    ]);
    expect(listedBefore(runs[4], runs[0])).toBe(true);
    expect(listedBefore(runs[0], runs[0])).toBe(false);
  });
});

describe('run spec rules', () => {
  it('accepts an empty commit or a 7–40 hex SHA', () => {
    expect(isCommitSha('')).toBe(true);
    expect(isCommitSha('abc1234')).toBe(true);
    expect(isCommitSha('abc123')).toBe(false);
    expect(isCommitSha('xyz1234')).toBe(false);
  });
  it('accepts http(s) URLs with a host only', () => {
    expect(isRepositoryUrl('https://github.com/a/b')).toBe(true);
    expect(isRepositoryUrl('ftp://github.com/a/b')).toBe(false);
    expect(isRepositoryUrl('not a url')).toBe(false);
  });
  it('drops an empty commit (the latest) and keeps a given one', () => {
    expect(dropEmptyCommit({ branch: 'main', commit: '' })).toEqual({
      branch: 'main',
    });
    expect(dropEmptyCommit({ commit: 'abc1234' })).toEqual({
      commit: 'abc1234',
    });
    expect(dropEmptyCommit(undefined)).toBeUndefined();
  });
});
