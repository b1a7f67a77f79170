import { expect, test } from '@playwright/test';
import {
  entityTab,
  openBuildsPageTab,
  saveScreenshot,
  sidebarLink,
  signInAsGuest,
} from './helpers';

test.describe('portal foundation', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('the Builds page is in the sidebar and renders', async ({ page }) => {
    await sidebarLink(page, 'Builds').click();
    await expect(page).toHaveURL(/\/openchoreo-builds\/runs$/);
    await expect(
      page.getByRole('heading', { name: 'Builds', level: 1 }),
    ).toBeVisible();
    await expect(
      page.getByRole('search', { name: 'Filter builds' }),
    ).toBeVisible();
    await expect(page.getByTestId('error-state')).toHaveCount(0);
    await saveScreenshot(page, 'builds-page');
  });

  test('the Build planes page is in the sidebar and renders', async ({
    page,
  }) => {
    await openBuildsPageTab(page, 'Build planes');
    await expect(page).toHaveURL(/\/openchoreo-builds\/build-planes$/);
    await expect(
      page.getByRole('heading', { name: 'Builds', level: 1 }),
    ).toBeAttached();
    // One sidebar entry: the former pages are tabs now.
    await expect(sidebarLink(page, 'Build planes')).toHaveCount(0);
    await expect(sidebarLink(page, 'Workflows')).toHaveCount(0);
    await expect(page.getByTestId('buildplane-default-default')).toBeVisible();
    await saveScreenshot(page, 'build-planes-page-foundation');
  });

  test('an annotated component has a Builds tab', async ({ page }) => {
    await page.goto('/catalog/default/component/greeter-service');
    const tab = entityTab(page, 'Builds');
    await expect(tab).toBeVisible();
    await tab.click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/greeter-service\/openchoreo-builds$/,
    );
    await expect(page.getByTestId('openchoreo-ref')).toContainText(
      'OpenChoreo component greeter-service in project default, organization default',
    );
    await expect(
      page.getByRole('button', { name: 'Start build' }),
    ).toBeVisible();
    await saveScreenshot(page, 'component-builds-tab');
  });

  test('a component without the annotations has no Builds tab', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/portal-docs');
    await expect(entityTab(page, 'Overview')).toBeVisible();
    await expect(entityTab(page, 'Builds')).toHaveCount(0);
  });
});
