import path from 'node:path';
import {
  e2eConfig,
  gracefulShutdown,
} from './packages/app/e2e-tests/playwrightBase';

/**
 * The plugins' development harnesses (`dev/` of each plugin) started as their READMEs say, with
 * the ports moved (`packages/app/e2e-harness/app-config.harness.yaml`) so the check runs beside a
 * developer's harnesses or portal. Each server runs in a process group of its own and is stopped
 * with it (TERM, then KILL after the timeout) on success, failure and Ctrl-C.
 */
const root = __dirname;
const ports = path.join(
  root,
  'packages/app/e2e-harness/app-config.harness.yaml',
);
export const HARNESS_APP_URL = 'http://localhost:3301';
const HARNESS_BACKEND_URL = 'http://localhost:7307';

export default e2eConfig({
  testDir: 'packages/app/e2e-harness',
  baseURL: HARNESS_APP_URL,
  outputDir: 'e2e-test-results/artifacts-harness',
  webServer: [
    {
      command: `yarn workspace @openchoreo-build/plugin-openchoreo-build-backend start --config ${ports}`,
      url: `${HARNESS_BACKEND_URL}/.backstage/health/v1/readiness`,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: 'pipe',
      gracefulShutdown,
    },
    {
      command: `yarn workspace @openchoreo-build/plugin-openchoreo-build start --config ${ports}`,
      url: HARNESS_APP_URL,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: 'pipe',
      gracefulShutdown,
    },
  ],
});
