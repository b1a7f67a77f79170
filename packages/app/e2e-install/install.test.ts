import { expect, test, type Page } from '@playwright/test';
import { INSTALL_APP_PORT, INSTALL_BACKEND_PORT } from './ports';
import { saveScreenshot } from '../e2e-tests/helpers';

/**
 * An app made by `@backstage/create-app` with the packed plugins added as the READMEs say
 * (scripts/install-proof.sh): nothing of this repository's app or backend is involved.
 */

const appUrl = `http://localhost:${INSTALL_APP_PORT}`;

/** The template's sign-in page offers its guest; once in, the template's sidebar shows. */
async function enterAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(sidebarLink(page, 'Catalog')).toBeVisible();
}

/** A visible link of the template's sidebar (its collapsed mobile copy stays hidden). */
function sidebarLink(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true })
    .locator('visible=true');
}

test.describe('installed from the packed tarballs', () => {
  test.beforeAll(async () => {
    // Playwright waited for the backend; the app's dev server compiles a little longer. The hook's
    // own limit is the test timeout (120 s) unless raised to the wait's.
    test.setTimeout(660_000);
    await expect
      .poll(
        () =>
          fetch(appUrl).then(
            r => r.status,
            () => 0,
          ),
        { timeout: 600_000, intervals: [1_000] },
      )
      .toBe(200);
  });

  test('the backend plugin is mounted and refuses a caller without credentials', async ({
    request,
  }) => {
    // Even in the template's allow-all permission set-up, nothing is readable anonymously.
    const runs = await request.get(
      `http://localhost:${INSTALL_BACKEND_PORT}/api/openchoreo-build/runs`,
    );
    expect(runs.status()).toBe(401);
  });

  test('a component from OpenChoreo has a Builds tab listing its builds, and a run opens', async ({
    page,
  }) => {
    await enterAsGuest(page);

    // The catalog module made the sandbox's components catalog entities.
    await page.goto('/catalog/default/component/greeter-service');
    const tabs = page.getByRole('navigation', { name: 'Content navigation' });
    await tabs.getByRole('link', { name: 'Builds', exact: true }).click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/greeter-service\/openchoreo-builds/,
    );
    const table = page.getByRole('table', { name: /^Builds of / });
    await expect(table).toBeVisible();
    const firstRun = table.getByTestId(/^run-row-/).first();
    await expect(firstRun).toBeVisible();
    await saveScreenshot(page, 'install-proof-builds-tab');

    const runName = (await firstRun.getAttribute('data-testid'))!.replace(
      /^run-row-/,
      '',
    );
    await firstRun.getByRole('link', { name: runName }).click();
    await expect(page).toHaveURL(
      new RegExp(`/openchoreo-builds/runs/default/${runName}$`),
    );
    await expect(
      page.getByRole('heading', { name: `Build ${runName}` }),
    ).toBeVisible();
  });

  test('the sidebar has one Builds entry whose page lists the runs', async ({
    page,
  }) => {
    await enterAsGuest(page);
    await sidebarLink(page, 'Builds').click();
    await expect(page).toHaveURL(/\/openchoreo-builds\/runs$/);
    await expect(
      page
        .getByRole('table', { name: /^Builds/ })
        .getByTestId(/^run-row-/)
        .first(),
    ).toBeVisible();
    await saveScreenshot(page, 'install-proof-builds-page');
  });
});
