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
  /**
   * What OpenChoreo's catalog provider wrote for the namespace before it renamed it to
   * `openchoreo.io/namespace` (backstage-plugins `entityTranslation.ts@61b41646:69`; renamed in
   * commit 0c3b7e84, 2026-01-20). Entities ingested by a v0.9-era provider carry only this one.
   */
  legacyOrganization: 'openchoreo.io/organization',
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
 * The namespace comes from `openchoreo.io/namespace`, else from the legacy
 * `openchoreo.io/organization`.
 *
 * @public
 */
export function getOpenChoreoComponentRef(
  entity: Pick<Entity, 'metadata'>,
): OpenChoreoComponentRef | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const namespace =
    annotations[OPENCHOREO_ANNOTATIONS.namespace]?.trim() ||
    annotations[OPENCHOREO_ANNOTATIONS.legacyOrganization]?.trim();
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
