import { createBackend } from '@backstage/backend-defaults';
import { portalPermissionPolicyModule } from './permissions/module';

const backend = createBackend();

// Serves the built frontend in production; in development the app runs on its own dev server.
backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
// Sign-in: OpenID Connect (auth.providers.oidc, see docs/deployment.md). The guest provider lets
// anyone in without credentials, so it exists only in development (`backstage-cli package start`
// sets NODE_ENV=development); the built backend runs with NODE_ENV=production and has no guest.
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));
if (process.env.NODE_ENV === 'development') {
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
}

backend.add(import('@backstage/plugin-catalog-backend'));
// Domains, Systems and Components from OpenChoreo's organizations, Projects and Components: every
// component gets its Builds tab without hand-written YAML (docs/configuration.md).
backend.add(
  import('@openchoreo-build/plugin-catalog-backend-module-openchoreo-build'),
);

// Permissions follow catalog ownership; never allow-all (see src/permissions).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(portalPermissionPolicyModule);

backend.add(import('@openchoreo-build/plugin-openchoreo-build-backend'));

// Notifications (the bell): the build plugin notifies the starter and the owner when a build ends
// (docs/configuration.md, "Build-end notifications"); signals push them to open pages at once.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
