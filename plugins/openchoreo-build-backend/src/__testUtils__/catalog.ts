import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadAllYaml } from '@kubernetes/client-node';
import { SEED_CATALOG } from '@openchoreo-build/sandbox';

/**
 * Catalog entities that claim OpenChoreo components, for tests of routes whose permissions are
 * decided on the component's catalog entity.
 */

/** One Component entity per `namespace/project/component`, owned by `owner`. */
export function claimingEntities(
  components: string[],
  owner = 'group:default/app-developers',
): Entity[] {
  return components.map(coordinates => {
    const [namespace, project, component] = coordinates.split('/');
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `${namespace}-${project}-${component}`,
        namespace: 'default',
        annotations: {
          'openchoreo.io/namespace': namespace,
          'openchoreo.io/project': project,
          'openchoreo.io/component': component,
        },
      },
      spec: { type: 'service', lifecycle: 'experimental', owner },
    };
  });
}

/**
 * The demo catalog: the Components the catalog entity provider
 * (`plugins/catalog-backend-module-openchoreo-build`) makes from the sandbox's seed —
 * `component:<org>/<component>`, owned by the group its `openchoreo.dev/owner` label names — plus
 * the hand-written entities of `examples/entities.yaml`.
 */
export function exampleEntities(): Entity[] {
  const fromSeed: Entity[] = SEED_CATALOG.flatMap(org =>
    org.components.map(c => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: c.name,
        namespace: org.org,
        title: c.title,
        annotations: {
          'openchoreo.io/namespace': org.org,
          'openchoreo.io/project': org.project,
          'openchoreo.io/component': c.name,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `group:default/${org.owner}`,
        system: `system:${org.org}/${org.project}`,
      },
    })),
  );
  // Tests only: resolved from this source file, which is never part of a production build.
  // eslint-disable-next-line no-restricted-syntax
  const file = path.resolve(__dirname, '../../../../examples/entities.yaml');
  const handWritten = (
    loadAllYaml(fs.readFileSync(file, 'utf8')) as Entity[]
  ).filter(Boolean);
  return [...fromSeed, ...handWritten];
}

/** A test catalog service holding `entities`. */
export function catalogWith(entities: Entity[]) {
  return catalogServiceMock.factory({ entities });
}
