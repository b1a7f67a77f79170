import { defineConfig, devices } from '@playwright/test';
import path from 'node:path';

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

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'e2e-test-report' }]],
  outputDir: 'e2e-test-results/artifacts',
  webServer: [
    {
      command: `yarn workspace backend start ${configArgs}`,
      url: `${E2E_BACKEND_URL}/.backstage/health/v1/readiness`,
      reuseExistingServer: !process.env.CI,
      timeout: 240_000,
      stdout: 'pipe',
    },
    {
      command: `yarn workspace app start ${configArgs}`,
      url: E2E_APP_URL,
      reuseExistingServer: !process.env.CI,
      timeout: 480_000,
      stdout: 'pipe',
    },
  ],
  use: {
    baseURL: E2E_APP_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
});
