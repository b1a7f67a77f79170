import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Serves the built frontend in production; in development the app runs on its own dev server.
backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@openchoreo-build/plugin-openchoreo-build-backend'));

backend.start();
