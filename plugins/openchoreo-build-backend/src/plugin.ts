import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { openchoreoBuildPermissions } from '@openchoreo-build/plugin-openchoreo-build-common';
import { createRouter } from './service/router';

/**
 * The OpenChoreo Build backend plugin: the only part of the portal that talks to clusters.
 *
 * @public
 */
export const openchoreoBuildPlugin = createBackendPlugin({
  pluginId: 'openchoreo-build',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ logger, config, httpRouter, httpAuth, permissionsRegistry }) {
        permissionsRegistry.addPermissions(openchoreoBuildPermissions);
        httpRouter.use(await createRouter({ logger, config, httpAuth }));
      },
    });
  },
});
