import {
  isUnderAppPath,
  normalizeAppPath,
  normalizeRepositoryUrl,
  providerOfRepositoryUrl,
} from './repositoryUrl';

describe('normalizeRepositoryUrl', () => {
  it.each([
    [
      'https://github.com/openchoreo/sample-workloads',
      'https://github.com/openchoreo/sample-workloads',
    ],
    [
      'https://github.com/openchoreo/sample-workloads.git',
      'https://github.com/openchoreo/sample-workloads',
    ],
    [
      'https://github.com/openchoreo/sample-workloads/',
      'https://github.com/openchoreo/sample-workloads',
    ],
    [
      'https://github.com/openchoreo/sample-workloads.git/',
      'https://github.com/openchoreo/sample-workloads',
    ],
    [
      'git@github.com:openchoreo/sample-workloads.git',
      'https://github.com/openchoreo/sample-workloads',
    ],
    [
      'git@github.com:OpenChoreo/Sample-Workloads',
      'https://github.com/openchoreo/sample-workloads',
    ],
    [
      'ssh://git@bitbucket.example.com:7999/team/repo.git',
      'https://bitbucket.example.com/team/repo',
    ],
    [
      'git://github.com/openchoreo/sample-workloads.git',
      'https://github.com/openchoreo/sample-workloads',
    ],
    [
      'http://github.com/openchoreo/sample-workloads',
      'https://github.com/openchoreo/sample-workloads',
    ],
    [
      'https://dev@bitbucket.org/team/repo.git',
      'https://bitbucket.org/team/repo',
    ],
    [
      'https://gitlab.example.com:8443/group/sub/repo.git',
      'https://gitlab.example.com:8443/group/sub/repo',
    ],
    [
      '  HTTPS://GitHub.com/OpenChoreo/Sample-Workloads.GIT  ',
      'https://github.com/openchoreo/sample-workloads',
    ],
  ])('%s → %s', (input, expected) => {
    expect(normalizeRepositoryUrl(input)).toBe(expected);
  });

  it.each([
    [''],
    ['not a url'],
    ['ftp://example.com/repo'],
    ['https://github.com/'],
    [undefined],
  ])('rejects %p', input => {
    expect(normalizeRepositoryUrl(input)).toBeUndefined();
  });
});

describe('appPath matching', () => {
  it('treats ".", "/", "./" and "" as the repository root, which matches everything', () => {
    for (const root of ['.', '/', './', '']) {
      expect(normalizeAppPath(root)).toBe('');
      expect(isUnderAppPath('anything/at/all.go', root)).toBe(true);
    }
  });

  it('matches paths under the appPath only on whole path segments', () => {
    expect(
      isUnderAppPath('service-go-greeter/main.go', '/service-go-greeter'),
    ).toBe(true);
    expect(
      isUnderAppPath('service-go-greeter/main.go', './service-go-greeter/'),
    ).toBe(true);
    expect(isUnderAppPath('service-go-greeter', 'service-go-greeter')).toBe(
      true,
    );
    expect(
      isUnderAppPath('service-go-greeter-v2/main.go', '/service-go-greeter'),
    ).toBe(false);
    expect(
      isUnderAppPath(
        'docs/service-go-greeter/readme.md',
        '/service-go-greeter',
      ),
    ).toBe(false);
    expect(isUnderAppPath('apps/web/src/App.tsx', '/apps/web')).toBe(true);
  });
});

describe('providerOfRepositoryUrl', () => {
  it('names the provider of a SaaS host by the host only, and none for other hosts', () => {
    expect(providerOfRepositoryUrl('https://github.com/acme/mono')).toBe(
      'github',
    );
    expect(providerOfRepositoryUrl('https://eu.gitlab.com/acme/mono')).toBe(
      'gitlab',
    );
    expect(providerOfRepositoryUrl('https://bitbucket.org/acme/mono')).toBe(
      'bitbucket',
    );
    // The path naming another provider's domain does not count (upstream's comment).
    expect(
      providerOfRepositoryUrl('https://bitbucket.org/acme/github.com-sync'),
    ).toBe('bitbucket');
    expect(
      providerOfRepositoryUrl('https://git.example.com/acme/mono'),
    ).toBeUndefined();
    expect(
      providerOfRepositoryUrl('https://notgithub.com/acme/mono'),
    ).toBeUndefined();
  });
});
