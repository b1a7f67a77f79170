/* eslint-disable no-script-url -- these tests check that javascript: URLs never become links */
import {
  gitBranchUrl,
  gitCommitUrl,
  gitHostLinks,
  gitRepositoryLocation,
  repositoryDisplayName,
} from './gitHostLinks';

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

describe('gitRepositoryLocation', () => {
  it.each([
    ['https', 'https://github.com/openchoreo/sample-workloads'],
    ['https with .git', 'https://github.com/openchoreo/sample-workloads.git'],
    ['a trailing slash', 'https://github.com/openchoreo/sample-workloads/'],
    ['http', 'http://github.com/openchoreo/sample-workloads'],
    ['www.', 'https://www.github.com/openchoreo/sample-workloads'],
    ['upper-case host', 'https://GitHub.com/openchoreo/sample-workloads'],
    ['scp-like SSH', 'git@github.com:openchoreo/sample-workloads.git'],
    ['ssh://', 'ssh://git@github.com/openchoreo/sample-workloads.git'],
    [
      'ssh:// with a port',
      'ssh://git@github.com:22/openchoreo/sample-workloads',
    ],
    ['git://', 'git://github.com/openchoreo/sample-workloads.git'],
    [
      'a web page below it',
      'https://github.com/openchoreo/sample-workloads/tree/main',
    ],
    [
      'surrounding whitespace',
      '  https://github.com/openchoreo/sample-workloads\n',
    ],
  ])('reads a GitHub repository from %s', (_, url) => {
    expect(gitRepositoryLocation(url)).toEqual({
      host: 'github',
      path: 'openchoreo/sample-workloads',
      webUrl: 'https://github.com/openchoreo/sample-workloads',
    });
  });

  it('reads GitLab projects in subgroups, up to the /-/ marker', () => {
    for (const url of [
      'https://gitlab.com/acme/platform/builds/api.git',
      'git@gitlab.com:acme/platform/builds/api.git',
      'ssh://git@gitlab.com/acme/platform/builds/api.git',
      'https://gitlab.com/acme/platform/builds/api/-/tree/main',
    ]) {
      expect(gitRepositoryLocation(url)).toEqual({
        host: 'gitlab',
        path: 'acme/platform/builds/api',
        webUrl: 'https://gitlab.com/acme/platform/builds/api',
      });
    }
  });

  it('reads Bitbucket Cloud workspaces and repositories', () => {
    for (const url of [
      'https://bitbucket.org/acme/api.git',
      'https://jdoe@bitbucket.org/acme/api.git',
      'git@bitbucket.org:acme/api.git',
    ]) {
      expect(gitRepositoryLocation(url)).toEqual({
        host: 'bitbucket',
        path: 'acme/api',
        webUrl: 'https://bitbucket.org/acme/api',
      });
    }
  });

  it('leaves the credentials of a URL out of the link', () => {
    const location = gitRepositoryLocation(
      'https://x-access-token:ghp_secret@github.com/acme/api.git',
    );
    expect(location?.webUrl).toBe('https://github.com/acme/api');
    expect(JSON.stringify(location)).not.toContain('ghp_secret');
  });

  it('drops the query and fragment of a URL', () => {
    expect(
      gitRepositoryLocation('https://github.com/acme/api?token=s3cret#x')
        ?.webUrl,
    ).toBe('https://github.com/acme/api');
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    [
      'javascript: with a host-like path',
      'javascript://github.com/a/b%0aalert(1)',
    ],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['file:', 'file:///github.com/a/b'],
    ['ftp:', 'ftp://github.com/a/b'],
    ['a self-hosted GitLab', 'https://gitlab.example.com/acme/api.git'],
    ['a look-alike host', 'https://github.com.evil.example/acme/api'],
    ['the host in the user name', 'https://github.com@evil.example/acme/api'],
    ['the host in the path', 'https://evil.example/github.com/acme/api'],
    [
      'a GitHub subdomain that is not the site',
      'https://gist.github.com/acme/api',
    ],
    ['a web port', 'https://github.com:8443/acme/api'],
    ['only an owner', 'https://github.com/acme'],
    ['no path', 'git@github.com:'],
    ['a dot-dot segment', 'https://github.com/acme/..'],
    ['an encoded dot-dot segment', 'https://github.com/acme/%2e%2e'],
    ['an encoded slash', 'https://github.com/acme%2Fother/api'],
    ['a newline inside', 'https://github.com/acme\n/api'],
    ['a tab inside', 'git@github.com:acme/\tapi'],
    ['no scheme and no user', 'github.com/acme/api'],
    ['an empty value', ''],
  ])('does not link %s', (_, url) => {
    expect(gitRepositoryLocation(url)).toBeUndefined();
  });

  it('does not link an absurdly long value', () => {
    expect(
      gitRepositoryLocation(`https://github.com/acme/${'a'.repeat(3000)}`),
    ).toBeUndefined();
  });
});

describe('gitCommitUrl and gitBranchUrl', () => {
  const on = (url: string) => gitRepositoryLocation(url)!;

  it.each([
    [
      'GitHub',
      'https://github.com/acme/api',
      `https://github.com/acme/api/commit/${SHA}`,
      'https://github.com/acme/api/tree/feature/login',
    ],
    [
      'GitLab',
      'https://gitlab.com/acme/platform/api',
      `https://gitlab.com/acme/platform/api/-/commit/${SHA}`,
      'https://gitlab.com/acme/platform/api/-/tree/feature/login',
    ],
    [
      'Bitbucket',
      'https://bitbucket.org/acme/api',
      `https://bitbucket.org/acme/api/commits/${SHA}`,
      'https://bitbucket.org/acme/api/branch/feature/login',
    ],
  ])('addresses %s commits and branches its way', (_, url, commit, branch) => {
    expect(gitCommitUrl(on(url), SHA)).toBe(commit);
    expect(gitBranchUrl(on(url), 'feature/login')).toBe(branch);
  });

  it('links an abbreviated SHA', () => {
    expect(gitCommitUrl(on('https://github.com/acme/api'), 'a1b2c3d')).toBe(
      'https://github.com/acme/api/commit/a1b2c3d',
    );
  });

  it.each([
    ['empty', ''],
    ['too short', 'a1b2c'],
    ['not hex', 'main'],
    ['a path', '../../settings'],
    ['a script', 'javascript:alert(1)'],
  ])('does not link a commit that is %s', (_, sha) => {
    expect(
      gitCommitUrl(on('https://github.com/acme/api'), sha),
    ).toBeUndefined();
  });

  it('encodes the characters of a branch name that a URL path would read', () => {
    expect(gitBranchUrl(on('https://github.com/acme/api'), 'fix+1@x')).toBe(
      'https://github.com/acme/api/tree/fix%2B1%40x',
    );
  });

  it.each([
    ['with a dot-dot', '../../settings'],
    ['with a space', 'a b'],
    ['with a query', 'main?x=1'],
    ['with a hash', 'main#x'],
    ['that is empty', ''],
  ])('does not link a branch %s', (_, branch) => {
    expect(
      gitBranchUrl(on('https://github.com/acme/api'), branch),
    ).toBeUndefined();
  });
});

describe('repositoryDisplayName', () => {
  it('names a repository on a known host by its path', () => {
    expect(repositoryDisplayName('git@gitlab.com:acme/platform/api.git')).toBe(
      'acme/platform/api',
    );
  });

  it('names a repository on another host by host and path, without credentials', () => {
    expect(
      repositoryDisplayName('https://deploy:s3cret@gitea.local/acme/api.git'),
    ).toBe('gitea.local/acme/api');
    expect(repositoryDisplayName('ssh://git@gitea.local:2222/acme/api')).toBe(
      'gitea.local/acme/api',
    );
  });

  it('has no name for what is not a repository URL', () => {
    expect(repositoryDisplayName('javascript:alert(1)')).toBeUndefined();
    expect(repositoryDisplayName('https://gitea.local')).toBeUndefined();
    expect(repositoryDisplayName(undefined)).toBeUndefined();
  });
});

describe('gitHostLinks', () => {
  it('links the repository, commit and branch of a run on a known host', () => {
    expect(
      gitHostLinks({
        url: 'git@github.com:acme/api.git',
        branch: 'main',
        commit: SHA,
      }),
    ).toEqual({
      host: 'github',
      repositoryName: 'acme/api',
      repository: 'https://github.com/acme/api',
      commit: `https://github.com/acme/api/commit/${SHA}`,
      branch: 'https://github.com/acme/api/tree/main',
    });
  });

  it('links nothing, but names the repository, on an unknown host', () => {
    expect(
      gitHostLinks({
        url: 'https://gitea.local/acme/api',
        branch: 'main',
        commit: SHA,
      }),
    ).toEqual({ repositoryName: 'gitea.local/acme/api' });
  });

  it('has nothing for a run without a repository URL', () => {
    expect(gitHostLinks({ branch: 'main' })).toEqual({});
  });
});
