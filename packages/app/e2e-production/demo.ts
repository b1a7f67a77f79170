/**
 * The demo identity provider's password for the test run. `./scripts/start.sh --production`
 * normally makes a new one at each start; playwright.production.config.ts passes this one as
 * DEMO_PASSWORD so the tests can sign in.
 */
export const DEMO_PASSWORD = 'e2e-demo-password';
