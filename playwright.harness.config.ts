import { defineConfig, devices } from '@playwright/test';
import path from 'node:path';
import { chromiumLaunchOptions } from './packages/app/e2e-tests/chromium';

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
const gracefulShutdown = { signal: 'SIGTERM' as const, timeout: 10_000 };

export default defineConfig({
  testDir: 'packages/app/e2e-harness',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list']],
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
  use: {
    baseURL: HARNESS_APP_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunchOptions,
      },
    },
  ],
});
