/*
 * Development harness: `yarn workspace @openchoreo-build/plugin-openchoreo-build-backend start`
 * (with this package's self-contained app-config.yaml).
 *
 * Starts the OpenChoreo sandbox (control plane, build planes, cluster gateway, observer) in this
 * process, then a backend with this plugin, the catalog (the sandbox's components through the
 * catalog module, and the repository's example entities), guest sign-in and an allow-all permission policy. Development only: anyone may do anything.
 *
 * Whatever configuration files are loaded, `openchoreo.build.controlPlane`, `clusterGateway` and
 * `observer` come from the in-process sandbox (its tokens and certificates are new at every start):
 * they are set as APP_CONFIG_ environment variables, which take precedence over files, before the
 * backend reads its configuration. The sandbox stops with the process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { startSandbox } from '@openchoreo-build/sandbox';

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openchoreo-dev-'));
  // Free ports, so a `yarn sandbox` already running on 18080… is left alone; builds take seconds.
  const sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
  process.on('exit', () =>
    fs.rmSync(stateDir, { recursive: true, force: true }),
  );
  const { controlPlane, clusterGateway, observer } = sandbox.endpoints;
  const settings = {
    controlPlane: { url: controlPlane.url, token: controlPlane.token },
    clusterGateway: {
      url: clusterGateway.url,
      caData: clusterGateway.caData,
      clientCert: clusterGateway.clientCertData,
      clientKey: clusterGateway.clientKeyData,
    },
    observer: { url: observer.url, auth: observer.auth },
  };
  for (const [key, value] of Object.entries(settings)) {
    process.env[`APP_CONFIG_openchoreo_build_${key}`] = JSON.stringify(value);
  }
  process.stdout.write(
    `OpenChoreo sandbox in this process: control plane ${controlPlane.url}\n`,
  );

  const backend = createBackend();
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(import('@backstage/plugin-catalog-backend'));
  // Catalog entities for the sandbox's organizations, Projects and Components.
  backend.add(
    import('@openchoreo-build/plugin-catalog-backend-module-openchoreo-build'),
  );
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );
  backend.add(import('../src'));
  // Backstage stops its plugins on SIGTERM/SIGINT but does not exit while servers are listening:
  // the sandbox's servers close with the backend, so Ctrl-C ends the process.
  backend.add(
    createBackendModule({
      pluginId: 'openchoreo-build',
      moduleId: 'dev-sandbox',
      register(env) {
        env.registerInit({
          deps: { lifecycle: coreServices.rootLifecycle },
          async init({ lifecycle }) {
            lifecycle.addShutdownHook(() => sandbox.close());
          },
        });
      },
    }),
  );
  await backend.start();
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
