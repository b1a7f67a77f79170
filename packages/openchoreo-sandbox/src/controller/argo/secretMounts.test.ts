import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { REFERENCE } from '../../__testUtils__/harness';
import { catalogueMounts, mountsFromTemplates } from './secretMounts';
import { builtinSteps } from './steps';

type TemplateSpec = { templates: unknown; volumes?: unknown };

function templateSpec(...path: string[]): TemplateSpec {
  const doc = YAML.parse(
    readFileSync(join(REFERENCE, 'openchoreo', ...path), 'utf8'),
  );
  return doc.spec;
}

const SAMPLES = ['samples-v0.9.0', 'component-workflows'];

describe('which step mounts which Secret', () => {
  it('reads the real templates: registry-push-secret in push-step (with-private-registry@v0.9.0:148-158)', () => {
    const spec = templateSpec(
      ...SAMPLES,
      'with-private-registry',
      'cluster-workflow-template.yaml',
    );
    expect(mountsFromTemplates(spec.templates, spec.volumes, {})).toEqual({
      'push-step': [
        { volume: 'registry-push-secret', secretName: 'registry-push-secret' },
      ],
    });
  });

  it('reads the git secret of the clone step, resolving workflow parameters (with-private-repository@v0.9.0)', () => {
    const plain = templateSpec(
      ...SAMPLES,
      'with-private-repository',
      'cluster-workflow-template.yaml',
    );
    expect(mountsFromTemplates(plain.templates, plain.volumes, {})).toEqual({
      'clone-step': [{ volume: 'git-secret', secretName: 'git-clone-secret' }],
    });
    const withEs = templateSpec(
      ...SAMPLES,
      'with-private-repository',
      'external-secrets',
      'cluster-workflow-template.yaml',
    );
    expect(
      mountsFromTemplates(withEs.templates, withEs.volumes, {
        'git-secret-name': 'run-1-git-clone-secret',
      }),
    ).toEqual({
      'clone-step': [
        { volume: 'git-secret', secretName: 'run-1-git-clone-secret' },
      ],
    });
  });

  it('finds workflow-level volumes the templates mount (docker-gitops-release@v0.12.0)', () => {
    const spec = templateSpec(
      'samples-v0.12.0-gitops',
      'component-workflows',
      'build-and-release',
      'docker',
      'docker-gitops-release-template.yaml',
    );
    const params = {
      'source-git-secret': 'run-1-source-git-secret',
      'gitops-git-secret': 'run-1-gitops-git-secret',
    };
    const mounts = mountsFromTemplates(spec.templates, spec.volumes, params);
    expect(mounts['clone-source']).toEqual([
      {
        volume: 'source-git-credentials',
        secretName: 'run-1-source-git-secret',
      },
    ]);
    expect(Object.keys(mounts).sort()).toEqual([
      'clone-gitops',
      'clone-source',
      'git-commit-push-pr',
    ]);
    expect(mounts['git-commit-push-pr']).toEqual([
      {
        volume: 'gitops-git-credentials',
        secretName: 'run-1-gitops-git-secret',
      },
    ]);
  });

  it('mounts ExternalSecret targets no parameter names where the samples mount such a Secret', () => {
    const templates = builtinSteps()
      .flat()
      .map(s => s.template);
    expect(
      catalogueMounts(templates, {}, ['registry-push-secret', 'git-token']),
    ).toEqual({
      'push-step': [
        { volume: 'registry-push-secret', secretName: 'registry-push-secret' },
      ],
      'clone-step': [{ volume: 'git-token', secretName: 'git-token' }],
    });
    expect(catalogueMounts(templates, {}, [])).toEqual({});
  });

  it('ignores optional Secret volumes: they mount empty when the Secret is missing', () => {
    const templates = [
      {
        name: 'step',
        container: { volumeMounts: [{ name: 'maybe', mountPath: '/m' }] },
        volumes: [
          { name: 'maybe', secret: { secretName: 's', optional: true } },
        ],
      },
    ];
    expect(mountsFromTemplates(templates, [], {})).toEqual({});
  });
});
