import { getOpenChoreoComponentRef } from '@openchoreo-build/plugin-openchoreo-build-common';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { crdValidator } from '../__testUtils__/reference';
import {
  componentV09,
  componentV1,
  projectV09,
  projectV1,
} from '../__testUtils__/objects';
import type { ComponentObject, ProjectObject } from '../controlPlane/objects';
import { buildEntities, type EntityInputs } from './entities';

const LOCATION = 'openchoreo-build:https://cp.example:6443';
const OWNERS = {
  ownerKey: 'openchoreo.dev/owner',
  defaultOwners: { acme: 'group:default/acme-admins' },
  defaultOwner: 'group:default/openchoreo-unowned',
};

function build(
  projects: ProjectObject[],
  components: ComponentObject[],
  extra: Partial<EntityInputs> = {},
) {
  return buildEntities({
    projects,
    components,
    generationOf: () => undefined,
    owners: OWNERS,
    lifecycle: 'production',
    location: LOCATION,
    ...extra,
  });
}

function byRef(entities: Entity[]): Record<string, Entity> {
  return Object.fromEntries(entities.map(e => [stringifyEntityRef(e), e]));
}

describe('buildEntities', () => {
  const v09Project = projectV09({
    namespace: 'acme',
    name: 'online-store',
    labels: { 'openchoreo.dev/owner': 'store-team' },
    annotations: {
      'openchoreo.dev/display-name': 'Online store',
      'openchoreo.dev/description': 'Everything that sells',
    },
  });
  const v09Component = componentV09({
    namespace: 'acme',
    name: 'react-starter',
    project: 'online-store',
    componentType: 'deployment/web-application',
    annotations: {
      'openchoreo.dev/display-name': 'React starter',
      'openchoreo.dev/description': 'A React single-page app',
    },
  });
  const v1Project = projectV1({ namespace: 'default', name: 'latency-lab' });
  const v1Component = componentV1({
    namespace: 'default',
    name: 'lab-frontend',
    project: 'latency-lab',
    componentType: 'deployment/service',
    annotations: { 'openchoreo.dev/owner': 'group:default/lab-team' },
  });

  it('uses fixtures the real CRDs of their generation accept', () => {
    expect(crdValidator('crds-v0.9.0', 'projects')(v09Project)).toEqual([]);
    expect(crdValidator('crds-v0.9.0', 'components')(v09Component)).toEqual([]);
    expect(crdValidator('crds-v1.2.3', 'projects')(v1Project)).toEqual([]);
    expect(crdValidator('crds-v1.2.3', 'components')(v1Component)).toEqual([]);
    // Not vacuous: each generation's Component is refused by the other's CRD.
    expect(crdValidator('crds-v1.2.3', 'components')(v09Component)).not.toEqual(
      [],
    );
    expect(crdValidator('crds-v0.9.0', 'components')(v1Component)).not.toEqual(
      [],
    );
  });

  it('maps a v0.9 organization, project and component', () => {
    const { entities, warnings } = build([v09Project], [v09Component], {
      generationOf: () => 'v0',
    });
    expect(warnings).toEqual([]);
    const entity = byRef(entities);
    expect(Object.keys(entity)).toEqual([
      'component:acme/react-starter',
      'domain:acme/acme',
      'system:acme/online-store',
    ]);
    expect(entity['component:acme/react-starter']).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'react-starter',
        namespace: 'acme',
        title: 'React starter',
        description: 'A React single-page app',
        annotations: {
          'backstage.io/managed-by-location': LOCATION,
          'backstage.io/managed-by-origin-location': LOCATION,
          'backstage.io/source-location':
            'url:https://github.com/openchoreo/sample-workloads',
          'openchoreo.io/namespace': 'acme',
          'openchoreo.io/project': 'online-store',
          'openchoreo.io/component': 'react-starter',
        },
      },
      spec: {
        type: 'website',
        lifecycle: 'production',
        // No owner on the Component: its Project's label, a bare group name, read in `default`.
        owner: 'group:default/store-team',
        system: 'system:acme/online-store',
      },
    });
    // What the Builds tab reads.
    expect(
      getOpenChoreoComponentRef(entity['component:acme/react-starter']),
    ).toEqual({
      namespace: 'acme',
      project: 'online-store',
      component: 'react-starter',
    });
    expect(entity['system:acme/online-store']).toMatchObject({
      metadata: {
        title: 'Online store',
        description: 'Everything that sells',
      },
      spec: { owner: 'group:default/store-team', domain: 'domain:acme/acme' },
    });
    expect(entity['domain:acme/acme'].spec).toEqual({
      owner: 'group:default/acme-admins',
    });
  });

  it('maps a v1.2.3 component (componentType and workflow as objects)', () => {
    const { entities, warnings } = build([v1Project], [v1Component], {
      generationOf: () => 'v1',
    });
    expect(warnings).toEqual([]);
    const entity = byRef(entities);
    expect(entity['component:default/lab-frontend']).toMatchObject({
      metadata: {
        annotations: {
          'backstage.io/source-location':
            'url:https://github.com/openchoreo/sample-workloads',
          'openchoreo.io/namespace': 'default',
          'openchoreo.io/project': 'latency-lab',
          'openchoreo.io/component': 'lab-frontend',
        },
      },
      spec: {
        type: 'service',
        owner: 'group:default/lab-team',
        system: 'system:default/latency-lab',
      },
    });
    // Nothing names an owner for `default`: the last resort.
    expect(entity['system:default/latency-lab'].spec?.owner).toBe(
      'group:default/openchoreo-unowned',
    );
  });

  it('reads each organization in its own generation on a mixed control plane', () => {
    const generationOf = (ns: string) => (ns === 'default' ? 'v1' : 'v0');
    const { entities, warnings } = build([], [v09Component, v1Component], {
      generationOf,
    });
    expect(warnings).toEqual([]);
    const entity = byRef(entities);
    expect(entity['component:acme/react-starter'].spec?.type).toBe('website');
    expect(entity['component:default/lab-frontend'].spec?.type).toBe('service');
    expect(
      entity['component:default/lab-frontend'].metadata.annotations?.[
        'backstage.io/source-location'
      ],
    ).toBe('url:https://github.com/openchoreo/sample-workloads');
  });

  it("warns when a Component's shape is not its organization's generation, and reads it by its shape", () => {
    const { entities, warnings } = build([], [v09Component], {
      generationOf: () => 'v1',
    });
    expect(entities.find(e => e.kind === 'Component')?.spec?.type).toBe(
      'website',
    );
    expect(warnings).toEqual([
      'Component acme/react-starter has the v0 shape but organization acme speaks v1 (it has no BuildPlane); it is read by its own shape',
    ]);
  });

  it('reads each Component by its own shape when the generation is unknown', () => {
    const { entities } = build([], [v09Component, v1Component]);
    const entity = byRef(entities);
    expect(entity['component:acme/react-starter'].spec?.type).toBe('website');
    expect(entity['component:default/lab-frontend'].spec?.type).toBe('service');
  });

  it.each([
    ['deployment/service', 'service'],
    ['deployment/web-application', 'website'],
    ['cronjob/scheduled-task', 'scheduled-task'],
    ['statefulset/database', 'database'],
  ])('maps componentType %s to spec.type %s', (componentType, type) => {
    const component = componentV09({
      namespace: 'acme',
      name: 'c',
      project: 'p',
      componentType,
    });
    expect(build([], [component]).entities[0].spec?.type).toBe(type);
  });

  it.each([
    [
      'a token in the URL',
      'https://x-access-token:ghp_secret@github.com/acme/app',
    ],
    // eslint-disable-next-line no-script-url -- a script URL must never become a link
    ['a javascript: URL', 'javascript:alert(1)//https://github.com'],
    ['an ssh address', 'git@github.com:acme/app.git'],
    ['a file URL', 'file:///etc/passwd'],
  ])('drops a repository URL with %s', (_, repositoryUrl) => {
    const component = componentV1({
      namespace: 'acme',
      name: 'app',
      project: 'p',
      repositoryUrl,
    });
    const [entity] = build([], [component], {
      generationOf: () => 'v1',
    }).entities;
    expect(entity.kind).toBe('Component');
    expect(
      entity.metadata.annotations?.['backstage.io/source-location'],
    ).toBeUndefined();
    expect(JSON.stringify(entity)).not.toContain('ghp_secret');
  });

  it('skips objects whose names are not catalog names, with a warning', () => {
    const longName = `a${'b'.repeat(70)}`;
    const { entities, warnings } = build(
      [projectV09({ namespace: 'acme', name: 'shop.v2..beta-' })],
      [
        componentV09({ namespace: 'acme', name: longName, project: 'p' }),
        componentV09({ namespace: 'acme', name: 'ok', project: 'bad..' }),
        componentV09({ namespace: 'acme', name: 'fine', project: 'p' }),
      ],
    );
    expect(entities.map(e => stringifyEntityRef(e))).toEqual([
      'component:acme/fine',
      'domain:acme/acme',
    ]);
    expect(warnings).toEqual([
      expect.stringContaining('Project acme/shop.v2..beta- skipped'),
      expect.stringContaining(`Component acme/${longName} skipped`),
      expect.stringContaining('Component acme/ok skipped: its project "bad.."'),
    ]);
  });

  it('takes the lifecycle from the annotation when it is a word, and bounds display text', () => {
    const { entities, warnings } = build(
      [],
      [
        componentV09({
          namespace: 'acme',
          name: 'beta',
          project: 'p',
          annotations: { 'openchoreo.dev/lifecycle': 'experimental' },
        }),
        componentV09({
          namespace: 'acme',
          name: 'odd',
          project: 'p',
          annotations: {
            'openchoreo.dev/lifecycle': '<b>prod</b>',
            'openchoreo.dev/display-name': `Line one\nline two\u001b[31m${'x'.repeat(
              300,
            )}`,
          },
        }),
      ],
    );
    const entity = byRef(entities);
    expect(entity['component:acme/beta'].spec?.lifecycle).toBe('experimental');
    expect(entity['component:acme/odd'].spec?.lifecycle).toBe('production');
    expect(warnings).toEqual([
      expect.stringContaining('lifecycle "<b>prod</b>"'),
    ]);
    const title = entity['component:acme/odd'].metadata.title!;
    expect(title.startsWith('Line one line two [31m')).toBe(true);
    expect(title).toHaveLength(200);
  });

  it('emits one Domain per organization holding a Project or Component', () => {
    const { entities } = build(
      [projectV09({ namespace: 'platform', name: 'internal-tools' })],
      [componentV09({ namespace: 'acme', name: 'app', project: 'shop' })],
    );
    expect(
      entities.filter(e => e.kind === 'Domain').map(e => e.metadata.name),
    ).toEqual(['acme', 'platform']);
  });
});
