import path from 'node:path';
import {
  e2eConfig,
  scriptShutdown,
} from './packages/app/e2e-tests/playwrightBase';
import { DEMO_PASSWORD } from './packages/app/e2e-production/demo';

/**
 * The production profile end to end: `./scripts/start.sh --production` builds the app and the
 * backend and runs the BUILT backend (NODE_ENV=production, no guest, the portal's permission
 * policy, OIDC sign-in against the local demo identity provider) on the sandbox — on ports of its
 * own, so it runs beside the development suite and a developer's portal.
 */
const root = __dirname;
export const PRODUCTION_PORT = 7207;
export const DEMO_IDP_PORT = 7210;

export default e2eConfig({
  testDir: 'packages/app/e2e-production',
  baseURL: `http://localhost:${PRODUCTION_PORT}`,
  outputDir: 'e2e-test-results/artifacts-production',
  webServer: {
    command: `${path.join(
      root,
      'scripts/start.sh',
    )} --production --fast --port-base 18280 --state-dir .sandbox/e2e-production`,
    env: {
      PORTAL_PORT: String(PRODUCTION_PORT),
      DEMO_IDP_PORT: String(DEMO_IDP_PORT),
      DEMO_PASSWORD,
    },
    url: `http://localhost:${PRODUCTION_PORT}/.backstage/health/v1/readiness`,
    reuseExistingServer: false,
    // Includes building the app and the backend.
    timeout: 900_000,
    stdout: 'pipe',
    // TERM to the script's process group: its EXIT trap stops the sandbox, the identity provider
    // and the backend (each in a group of its own).
    gracefulShutdown: scriptShutdown,
  },
});
