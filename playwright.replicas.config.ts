import path from 'node:path';
import {
  e2eConfig,
  scriptShutdown,
} from './packages/app/e2e-tests/playwrightBase';
import { DEMO_PASSWORD } from './packages/app/e2e-production/demo';

/**
 * The replicas topology end to end: `./scripts/start.sh --replicas 2` runs the production profile
 * as a platform team would — PostgreSQL, Redis, two backend replicas behind HAProxy (round robin) —
 * on ports of its own, so it runs beside the other suites.
 */
const root = __dirname;
const PORTAL_PORT = 7407;
const DEMO_IDP_PORT = 7410;
const STATE_DIR = path.join(root, '.sandbox/e2e-replicas');
// The tests read the sandbox's endpoints and the replicas' URLs from here (workers inherit it).
process.env.E2E_SANDBOX_DIR = STATE_DIR;

export default e2eConfig({
  testDir: 'packages/app/e2e-replicas',
  baseURL: `http://localhost:${PORTAL_PORT}`,
  timeout: 240_000,
  outputDir: 'e2e-test-results/artifacts-replicas',
  webServer: {
    command: `${path.join(
      root,
      'scripts/start.sh',
    )} --replicas 2 --fast --port-base 18380 --state-dir ${STATE_DIR}${
      process.env.E2E_SKIP_BUILD ? ' --skip-build' : ''
    }`,
    env: {
      PORTAL_PORT: String(PORTAL_PORT),
      DEMO_IDP_PORT: String(DEMO_IDP_PORT),
      DEMO_PASSWORD,
    },
    url: `http://localhost:${PORTAL_PORT}/.backstage/health/v1/readiness`,
    reuseExistingServer: false,
    // Includes building the app and the backend, and installing PostgreSQL/Redis when missing.
    timeout: 900_000,
    stdout: 'pipe',
    gracefulShutdown: scriptShutdown,
  },
});
