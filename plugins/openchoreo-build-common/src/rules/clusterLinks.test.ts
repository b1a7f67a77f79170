/* eslint-disable no-script-url -- these tests check that javascript: URLs never become links */
import {
  MAX_CLUSTER_LINK_LENGTH,
  PULL_REQUEST_URL_OUTPUT,
  pullRequestUrlOf,
  safeClusterLink,
} from './clusterLinks';

describe('safeClusterLink', () => {
  it('keeps plain https and http addresses', () => {
    expect(
      safeClusterLink('https://github.com/openchoreo/sample-gitops/pull/42'),
    ).toBe('https://github.com/openchoreo/sample-gitops/pull/42');
    expect(safeClusterLink('http://gitea.local:3000/org/repo/pulls/7')).toBe(
      'http://gitea.local:3000/org/repo/pulls/7',
    );
  });

  it('ignores the newline an output file ends with', () => {
    expect(safeClusterLink('  https://github.com/o/r/pull/1\n')).toBe(
      'https://github.com/o/r/pull/1',
    );
  });

  it.each([
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['javascript: in upper case', 'JavaScript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['file:', 'file:///etc/passwd'],
    ['ftp:', 'ftp://example.com/x'],
    ['a relative path', '/o/r/pull/1'],
    ['no scheme', 'github.com/o/r/pull/1'],
    ['a token as user name', 'https://ghp_secret@github.com/o/r/pull/1'],
    [
      'user name and password',
      'https://x-access-token:ghp_secret@github.com/o/r/pull/1',
    ],
    ['a tab inside', 'https://github.com/o/r/\tpull/1'],
    ['a newline inside', 'https://github.com/o/r\n/pull/1'],
    ['a space inside', 'https://github.com/o/r pull/1'],
    ['nothing', ''],
    ['not a URL', 'no pull request: nothing to commit'],
  ])('drops %s', (_what, value) => {
    expect(safeClusterLink(value)).toBeUndefined();
  });

  it('drops values that are not strings', () => {
    expect(safeClusterLink(undefined)).toBeUndefined();
    expect(safeClusterLink(42)).toBeUndefined();
    expect(safeClusterLink({ href: 'https://example.com' })).toBeUndefined();
  });

  it('drops links longer than the limit and keeps one at the limit', () => {
    const base = 'https://github.com/o/r/pull/1?x=';
    const atLimit = base + 'a'.repeat(MAX_CLUSTER_LINK_LENGTH - base.length);
    expect(safeClusterLink(atLimit)).toBe(atLimit);
    expect(safeClusterLink(`${atLimit}a`)).toBeUndefined();
  });
});

describe('pullRequestUrlOf', () => {
  it('takes the first safe pull-request-url output of the steps', () => {
    expect(PULL_REQUEST_URL_OUTPUT).toBe('pull-request-url');
    expect(
      pullRequestUrlOf([
        { outputs: { image: 'registry.local/x:1' } },
        { outputs: { 'pull-request-url': 'javascript:alert(1)' } },
        {
          outputs: {
            'pull-request-url':
              'https://github.com/openchoreo/sample-gitops/pull/42',
          },
        },
      ]),
    ).toBe('https://github.com/openchoreo/sample-gitops/pull/42');
  });

  it('is undefined when no step reports a safe one', () => {
    expect(pullRequestUrlOf([])).toBeUndefined();
    expect(
      pullRequestUrlOf([
        { outputs: {} },
        {
          outputs: {
            'pull-request-url': 'https://token:x@github.com/o/r/pull/1',
          },
        },
      ]),
    ).toBeUndefined();
  });
});
