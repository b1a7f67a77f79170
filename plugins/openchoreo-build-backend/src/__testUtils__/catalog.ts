import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadAllYaml } from '@kubernetes/client-node';

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

/** The demo catalog (`examples/entities.yaml`), whose components match the sandbox's seed. */
export function exampleEntities(): Entity[] {
  // Tests only: resolved from this source file, which is never part of a production build.
  // eslint-disable-next-line no-restricted-syntax
  const file = path.resolve(__dirname, '../../../../examples/entities.yaml');
  return (loadAllYaml(fs.readFileSync(file, 'utf8')) as Entity[]).filter(
    Boolean,
  );
}

/** A test catalog service holding `entities`. */
export function catalogWith(entities: Entity[]) {
  return catalogServiceMock.factory({ entities });
}
