import type { Entity } from '@backstage/catalog-model';

/**
 * Catalog annotations that tie a Backstage Component to an OpenChoreo Component. They are the names
 * OpenChoreo's own catalog entity provider writes, so entities it ingests work without extra setup.
 *
 * @public
 */
export const OPENCHOREO_ANNOTATIONS = {
  namespace: 'openchoreo.io/namespace',
  project: 'openchoreo.io/project',
  component: 'openchoreo.io/component',
} as const;

/**
 * The OpenChoreo coordinates of a catalog entity.
 *
 * @public
 */
export interface OpenChoreoComponentRef {
  namespace: string;
  project: string;
  component: string;
}

/**
 * Reads the OpenChoreo coordinates from an entity's annotations; undefined when any is missing.
 *
 * @public
 */
export function getOpenChoreoComponentRef(
  entity: Pick<Entity, 'metadata'>,
): OpenChoreoComponentRef | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[OPENCHOREO_ANNOTATIONS.namespace]?.trim();
  const project = annotations[OPENCHOREO_ANNOTATIONS.project]?.trim();
  const component = annotations[OPENCHOREO_ANNOTATIONS.component]?.trim();
  if (!namespace || !project || !component) {
    return undefined;
  }
  return { namespace, project, component };
}

/**
 * True when the entity carries all three OpenChoreo annotations.
 *
 * @public
 */
export function isOpenChoreoComponent(
  entity: Pick<Entity, 'metadata'>,
): boolean {
  return getOpenChoreoComponentRef(entity) !== undefined;
}
