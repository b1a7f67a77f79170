import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  PortalPermissionPolicy,
  readPortalPolicyOptions,
} from './PortalPermissionPolicy';

/**
 * The portal's permission policy (see PortalPermissionPolicy): catalog ownership decides who may
 * build a component; a configured platform group may do everything.
 */
export const portalPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'openchoreo-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        const options = readPortalPolicyOptions(config);
        if (options.platformGroups.length === 0) {
          logger.warn(
            "openchoreo.build.permissions.platformGroup is not set: nobody has platform rights (build planes, workflows, other teams' components)",
          );
        }
        policy.setPolicy(
          new PortalPermissionPolicy(
            options,
            async user =>
              (await userInfo.getUserInfo(user.credentials))
                .ownershipEntityRefs,
          ),
        );
      },
    });
  },
});
