import {
  defineConfig,
  devices,
  type PlaywrightTestConfig,
} from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';

/**
 * What every end-to-end suite of this repository shares (the root `playwright*.config.ts` files
 * differ only in their tests, their servers and where those listen): Debian's Chromium, one
 * worker (the suites drive one sandbox each, in order), no retries (a flaky test is a failing
 * one), a trace and a screenshot of what failed.
 */
export function e2eConfig(suite: {
  /** The suite's tests, e.g. `packages/app/e2e-tests`. */
  testDir: string;
  /** Where its traces and failure screenshots go (one directory per suite). */
  outputDir: string;
  /** What the tests open: the app, or the portal a script started. */
  baseURL: string;
  webServer: PlaywrightTestConfig['webServer'];
  /** Per test; the suites that start builds end to end need more than the default. */
  timeout?: number;
  reporter?: PlaywrightTestConfig['reporter'];
}) {
  return defineConfig({
    testDir: suite.testDir,
    timeout: suite.timeout ?? 120_000,
    expect: { timeout: 30_000 },
    forbidOnly: !!process.env.CI,
    retries: 0,
    workers: 1,
    reporter: suite.reporter ?? [['list']],
    outputDir: suite.outputDir,
    webServer: suite.webServer,
    use: {
      baseURL: suite.baseURL,
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
}

/**
 * Playwright starts each server in a process group of its own and, at the end of the run (or on
 * Ctrl-C), signals the whole group: TERM first so the servers close their listeners, KILL after
 * the timeout. No child outlives the suite.
 */
export const gracefulShutdown = { signal: 'SIGTERM' as const, timeout: 10_000 };

/** For a script that stops what it started from its EXIT trap (start.sh, install-proof.sh). */
export const scriptShutdown = { signal: 'SIGTERM' as const, timeout: 20_000 };
