import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { resolvePlanLocation } from './planLocation';

const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'api', namespace: 'default', annotations },
  };
}

const at = (annotation: string, location?: Record<string, string>) =>
  resolvePlanLocation(
    entity({ ...location, 'holos.run/buildplans': annotation }),
    integrations,
  );

describe('resolvePlanLocation', () => {
  const managedByGithub = {
    'backstage.io/managed-by-location':
      'url:https://github.com/acme/platform/blob/main/services/api/catalog-info.yaml',
  };

  it('keeps an absolute http(s) URL as it is, whatever the source location', () => {
    expect(at('https://git.example.com/p.yaml', managedByGithub)).toEqual({
      type: 'url',
      url: 'https://git.example.com/p.yaml',
    });
  });

  it("resolves a relative path against the registered file's directory", () => {
    expect(at('holos/plans.yaml', managedByGithub)).toEqual({
      type: 'url',
      url: 'https://github.com/acme/platform/tree/main/services/api/holos/plans.yaml',
    });
  });

  it('resolves /path against the repository root, as Backstage resolves $text references', () => {
    expect(at('/deploy/plans.yaml', managedByGithub)).toEqual({
      type: 'url',
      url: 'https://github.com/acme/platform/tree/main/deploy/plans.yaml',
    });
  });

  it('prefers backstage.io/source-location (a directory) over the managing location', () => {
    expect(
      at('plans.yaml', {
        ...managedByGithub,
        'backstage.io/source-location':
          'url:https://gitlab.example.com/acme/holos/-/tree/main/',
      }),
    ).toEqual({
      type: 'url',
      url: 'https://gitlab.example.com/acme/holos/-/tree/main/plans.yaml',
    });
  });

  it('resolves against a file: location to a local path (file or directory)', () => {
    expect(
      at('holos/plans.yaml', {
        'backstage.io/managed-by-location': 'file:/repo/examples/entities.yaml',
      }),
    ).toEqual({ type: 'file', path: '/repo/examples/holos/plans.yaml' });
    expect(
      at('plans.yaml', {
        'backstage.io/source-location': 'file:/repo/examples/holos/',
      }),
    ).toEqual({ type: 'file', path: '/repo/examples/holos/plans.yaml' });
    expect(at('file:///repo/plans.yaml')).toEqual({
      type: 'file',
      path: '/repo/plans.yaml',
    });
  });

  it.each([
    ['   ', {}, 'is empty'],
    ['ftp://host/p.yaml', {}, 'the scheme "ftp:" cannot be read'],
    ['file://host/p.yaml', {}, 'is not a valid file: URL'],
    ['plans.yaml', {}, 'the entity has no source location'],
    [
      'plans.yaml',
      { 'backstage.io/managed-by-location': 'openchoreo:acme/api' },
      'of type "openchoreo"',
    ],
  ])('refuses %j (location %j) saying it %s', (annotation, location, words) => {
    expect(() => at(annotation, location)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(
          /^holos\.run\/buildplans of component:default\/api: /,
        ),
      }),
    );
    expect(() => at(annotation, location)).toThrow(words);
  });
});
