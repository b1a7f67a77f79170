import path from 'node:path';
import {
  e2eConfig,
  scriptShutdown,
} from './packages/app/e2e-tests/playwrightBase';
import {
  INSTALL_APP_PORT,
  INSTALL_BACKEND_PORT,
} from './packages/app/e2e-install/ports';

/**
 * Proof by installation: `scripts/install-proof.sh` creates a Backstage app with
 * `@backstage/create-app` (the new frontend system template), adds the packed plugin tarballs as
 * the READMEs say, and starts it (`yarn start`) on a sandbox of its own — on ports of its own.
 * `E2E_SKIP_PACK=1` reuses dist-packs/ (scripts/test.sh has just packed and checked them).
 */
const root = __dirname;

export default e2eConfig({
  testDir: 'packages/app/e2e-install',
  baseURL: `http://localhost:${INSTALL_APP_PORT}`,
  outputDir: 'e2e-test-results/artifacts-install',
  webServer: {
    command: `${path.join(root, 'scripts/install-proof.sh')}${
      process.env.E2E_SKIP_PACK ? ' --skip-pack' : ''
    }`,
    env: {
      INSTALL_APP_PORT: String(INSTALL_APP_PORT),
      INSTALL_BACKEND_PORT: String(INSTALL_BACKEND_PORT),
    },
    // The backend answers once every plugin started; the test waits for the app's dev server.
    url: `http://localhost:${INSTALL_BACKEND_PORT}/.backstage/health/v1/readiness`,
    reuseExistingServer: false,
    // Packing, create-app, yarn install from the registry and the first start.
    timeout: 1_500_000,
    stdout: 'pipe',
    // TERM to the script's process group: its EXIT trap stops the sandbox and the app.
    gracefulShutdown: scriptShutdown,
  },
});
