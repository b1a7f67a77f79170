import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readCatalogProviderConfig } from './config/catalogConfig';
import { readControlPlaneConnection } from './controlPlane/controlPlaneConnection';
import { ControlPlaneReader } from './controlPlane/ControlPlaneReader';
import { OpenChoreoEntityProvider } from './provider/OpenChoreoEntityProvider';

/**
 * Catalog module: Domains, Systems and Components from the organizations, Projects and Components
 * of the control plane in `openchoreo.build.controlPlane` (see docs/configuration.md,
 * `openchoreo.build.catalog`). Add it with `backend.add(import('@openchoreo-build/plugin-catalog-backend-module-openchoreo-build'))`.
 *
 * @public
 */
export const catalogModuleOpenChoreoBuild = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'openchoreo-build',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
      },
      async init({ catalog, config, logger, scheduler, lifecycle }) {
        const settings = readCatalogProviderConfig(config);
        const provider = new OpenChoreoEntityProvider({
          reader: new ControlPlaneReader(readControlPlaneConnection(config)),
          config: settings,
          logger,
          taskRunner: scheduler.createScheduledTaskRunner(settings.schedule),
        });
        catalog.addEntityProvider(provider);
        lifecycle.addShutdownHook(() => provider.stop());
      },
    });
  },
});
