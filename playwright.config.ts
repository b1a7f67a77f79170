import path from 'node:path';
import {
  e2eConfig,
  gracefulShutdown,
} from './packages/app/e2e-tests/playwrightBase';

/**
 * The end-to-end suite drives Debian's Chromium (never a downloaded browser) against the real app
 * and backend, started here with the e2e config overlay on their own ports.
 */
const root = __dirname;
const configArgs = ['app-config.yaml', 'app-config.e2e.yaml']
  .map(file => `--config ${path.join(root, file)}`)
  .join(' ');

export const E2E_APP_URL = 'http://localhost:3101';
export const E2E_BACKEND_URL = 'http://localhost:7107';
/** The suite's own sandbox: fast builds, its own ports and state directory. */
export const E2E_SANDBOX_DIR = path.join(root, '.sandbox', 'e2e');
const E2E_SANDBOX_PORT_BASE = 18180;
const sandboxEnv = { OPENCHOREO_SANDBOX_DIR: E2E_SANDBOX_DIR };
const waitForSandbox = `node ${path.join(
  root,
  'scripts/wait-for-file.js',
)} ${path.join(E2E_SANDBOX_DIR, 'endpoints.json')} 120`;

export default e2eConfig({
  testDir: 'packages/app/e2e-tests',
  baseURL: E2E_APP_URL,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'e2e-test-results/artifacts',
  webServer: [
    {
      // A fresh sandbox per run: stale state from an earlier run would hold old tokens.
      command: `rm -rf ${E2E_SANDBOX_DIR} && yarn sandbox --fast --port-base ${E2E_SANDBOX_PORT_BASE} --state-dir ${E2E_SANDBOX_DIR}`,
      port: E2E_SANDBOX_PORT_BASE,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      gracefulShutdown,
    },
    {
      command: `${waitForSandbox} && yarn workspace backend start ${configArgs}`,
      env: sandboxEnv,
      url: `${E2E_BACKEND_URL}/.backstage/health/v1/readiness`,
      reuseExistingServer: !process.env.CI,
      timeout: 240_000,
      stdout: 'pipe',
      gracefulShutdown,
    },
    {
      command: `${waitForSandbox} && yarn workspace app start ${configArgs}`,
      env: sandboxEnv,
      url: E2E_APP_URL,
      reuseExistingServer: !process.env.CI,
      timeout: 480_000,
      stdout: 'pipe',
      gracefulShutdown,
    },
  ],
});
