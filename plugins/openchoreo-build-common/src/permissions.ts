import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Start a new build or re-run an existing one.
 *
 * @public
 */
export const openchoreoBuildRunCreatePermission = createPermission({
  name: 'openchoreo.build.run.create',
  attributes: { action: 'create' },
});

/**
 * Cancel (terminate) a running build.
 *
 * @public
 */
export const openchoreoBuildRunCancelPermission = createPermission({
  name: 'openchoreo.build.run.cancel',
  attributes: { action: 'update' },
});

/**
 * Switch a component's auto-build on or off.
 *
 * @public
 */
export const openchoreoBuildAutoBuildUpdatePermission = createPermission({
  name: 'openchoreo.build.autobuild.update',
  attributes: { action: 'update' },
});

/**
 * Every permission the OpenChoreo Build plugins define.
 *
 * @public
 */
export const openchoreoBuildPermissions = [
  openchoreoBuildRunCreatePermission,
  openchoreoBuildRunCancelPermission,
  openchoreoBuildAutoBuildUpdatePermission,
];
