import type { Component } from '@openchoreo-build/plugin-openchoreo-build-common';
import { candidateOfV0, type AutoBuildCandidate } from './componentRepository';
import { runRequestOf } from './deliveryRuns';
import { matchComponents } from './matching';
import type { ParsedEvent } from './pushEvents';

function component(
  name: string,
  appPath: string,
  options: {
    autoBuild?: boolean;
    url?: string;
    branch?: string;
    namespace?: string;
  } = {},
): AutoBuildCandidate {
  const namespace = options.namespace ?? 'default';
  const v0: Component = {
    metadata: { name, namespace },
    spec: {
      owner: { projectName: 'default' },
      autoBuild: options.autoBuild ?? true,
      workflow: {
        name: 'docker',
        systemParameters: {
          repository: {
            url: options.url ?? 'https://github.com/acme/mono',
            revision: { branch: options.branch ?? 'main' },
            appPath,
          },
        },
      },
    },
  };
  return candidateOfV0(v0, namespace);
}

function push(
  paths: string[] | undefined,
  branch = 'main',
  urls = ['https://github.com/acme/mono'],
): Extract<ParsedEvent, { kind: 'push' }> {
  return {
    kind: 'push',
    event: 'push',
    repository: urls[0],
    repositoryUrls: urls,
    updates: [{ branch, commit: 'a'.repeat(40), paths }],
  };
}

const names = (matches: Array<{ component: string }>) =>
  matches.map(m => m.component).sort();
const strict = { requireBranchMatch: true };

describe('matchComponents (v0 organizations)', () => {
  const components = [
    component('api', '/services/api'),
    component('web', 'apps/web/'),
    component('root', '.'),
    component('off', '/services/api', { autoBuild: false }),
    component('other-repo', '/services/api', {
      url: 'https://github.com/acme/other',
    }),
    component('release', '/services/api', { branch: 'release' }),
  ];

  it('builds components whose appPath a changed path is under, plus root components', () => {
    expect(
      names(
        matchComponents(
          push(['services/api/main.go', 'apps/web/index.ts']),
          components,
          strict,
        ),
      ),
    ).toEqual(['api', 'root', 'web']);
    expect(
      names(matchComponents(push(['docs/readme.md']), components, strict)),
    ).toEqual(['root']);
  });

  it('builds every repository component when the push has no path information', () => {
    expect(names(matchComponents(push(undefined), components, strict))).toEqual(
      ['api', 'root', 'web'],
    );
  });

  it('requires the component branch unless switched off', () => {
    expect(
      names(
        matchComponents(
          push(['services/api/x.go'], 'release'),
          components,
          strict,
        ),
      ),
    ).toEqual(['release']);
    expect(
      names(
        matchComponents(push(['services/api/x.go'], 'release'), components, {
          requireBranchMatch: false,
        }),
      ),
    ).toEqual(['api', 'release', 'root']);
  });

  it('compares repository URLs after normalization', () => {
    const ssh = [
      component('api', '/services/api', {
        url: 'https://GitHub.com/acme/mono.git/',
      }),
    ];
    expect(
      names(matchComponents(push(['services/api/x.go']), ssh, strict)),
    ).toEqual(['api']);
  });

  it('builds only the org and repository pairs the delivery’s secret was accepted for', () => {
    const tenants = [
      component('a-api', '/services/api', { namespace: 'org-a' }),
      component('b-api', '/services/api', { namespace: 'org-b' }),
      component('a-other', '/services/api', {
        namespace: 'org-a',
        url: 'https://github.com/acme/other',
      }),
    ];
    const event = push(['services/api/x.go'], 'main', [
      'https://github.com/acme/mono',
      'https://github.com/acme/other',
    ]);
    const accepts = (namespace: string, url: string) =>
      namespace === 'org-a' && url === 'https://github.com/acme/mono';
    const matches = matchComponents(event, tenants, { ...strict, accepts });
    expect(matches.map(m => `${m.namespace}/${m.component} ${m.url}`)).toEqual([
      'org-a/a-api https://github.com/acme/mono',
    ]);
  });

  it('starts a run with the pushed branch and commit over systemParameters', () => {
    const [match] = matchComponents(
      push(['services/api/x.go']),
      [component('api', '/services/api')],
      strict,
    );
    expect(runRequestOf(match)).toEqual({
      namespace: 'default',
      project: 'default',
      component: 'api',
      systemParameters: {
        repository: { revision: { branch: 'main', commit: 'a'.repeat(40) } },
      },
    });
  });
});
