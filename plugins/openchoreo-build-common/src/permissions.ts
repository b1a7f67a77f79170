import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/*
 * Everything that belongs to one component — its runs, their logs and events, starting,
 * re-running and cancelling builds, its auto-build switch — is a resource permission on the
 * catalog entity that claims the component (annotations openchoreo.io/namespace, /project,
 * /component), as the Kubernetes and Jenkins plugins do: a policy can then say "owners of a
 * component may build it" with the catalog's own rules (isEntityOwner, hasAnnotation, ...).
 * The platform views (build planes, workflows) belong to no component: basic permissions.
 */

/**
 * Read a component's runs: run lists, run details, step logs in every form and `/events`.
 *
 * @public
 */
export const openchoreoBuildRunReadPermission = createPermission({
  name: 'openchoreo.build.run.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Start a new build of a component or re-run one of its builds.
 *
 * @public
 */
export const openchoreoBuildRunCreatePermission = createPermission({
  name: 'openchoreo.build.run.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Cancel (terminate) a running build of a component.
 *
 * @public
 */
export const openchoreoBuildRunCancelPermission = createPermission({
  name: 'openchoreo.build.run.cancel',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Switch a component's auto-build on or off.
 *
 * @public
 */
export const openchoreoBuildAutoBuildUpdatePermission = createPermission({
  name: 'openchoreo.build.autobuild.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * See build planes (list, detail) and trigger their live reachability checks.
 *
 * @public
 */
export const openchoreoBuildBuildPlaneReadPermission = createPermission({
  name: 'openchoreo.build.buildplane.read',
  attributes: { action: 'read' },
});

/**
 * See ComponentWorkflows (build templates), their parameters and the secrets they need.
 *
 * @public
 */
export const openchoreoBuildWorkflowReadPermission = createPermission({
  name: 'openchoreo.build.workflow.read',
  attributes: { action: 'read' },
});

/**
 * Read the Holos render plans (`holos.run/buildplans`) of a catalog entity: `GET /holos/buildplans`.
 * Scoped to the entity, like the run permissions.
 *
 * @public
 */
export const openchoreoBuildHolosPlanReadPermission = createPermission({
  name: 'openchoreo.build.holos.plan.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Validate pasted or uploaded Holos plans: `POST /holos/buildplans/validate`. It reads no cluster or
 * source, but it is still a permission so a platform can keep the page to some groups.
 *
 * @public
 */
export const openchoreoBuildHolosValidatePermission = createPermission({
  name: 'openchoreo.build.holos.validate',
  attributes: {},
});

/**
 * The permissions decided against a component's catalog entity.
 *
 * @public
 */
export const openchoreoBuildEntityPermissions = [
  openchoreoBuildRunReadPermission,
  openchoreoBuildRunCreatePermission,
  openchoreoBuildRunCancelPermission,
  openchoreoBuildAutoBuildUpdatePermission,
  openchoreoBuildHolosPlanReadPermission,
];

/**
 * Every permission the OpenChoreo Build plugins define.
 *
 * @public
 */
export const openchoreoBuildPermissions = [
  ...openchoreoBuildEntityPermissions,
  openchoreoBuildBuildPlaneReadPermission,
  openchoreoBuildWorkflowReadPermission,
  openchoreoBuildHolosValidatePermission,
];
