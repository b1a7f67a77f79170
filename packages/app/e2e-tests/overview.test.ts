import { expect, test } from '@playwright/test';
import {
  expectNoSeriousA11yViolations,
  saveScreenshot,
  signInAsGuest,
} from './helpers';

test.describe('entity overview', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test("a component's Overview shows its latest build, the last builds as a strip and opens a run from it", async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/greeter-service');
    const card = page.getByTestId('entity-builds-card');
    await expect(card).toBeVisible();
    // The card's header (outside its body) says it follows runs live.
    await expect(page.getByTestId('live-indicator')).toHaveText('Live');

    const latest = card.getByTestId('latest-build');
    await expect(latest.getByRole('link').first()).toHaveText(
      /^greeter-service-/,
    );
    // The branch the sandbox's Component builds, with the commit when the run pinned one.
    await expect(latest.getByTestId('latest-build-revision')).toContainText(
      'main',
    );

    const strip = card.getByTestId('build-status-strip');
    const items = strip.locator('[data-testid^="build-strip-item-"]');
    expect(await items.count()).toBeGreaterThan(0);
    expect(await items.count()).toBeLessThanOrEqual(20);
    await expect(card.getByTestId('build-success-rate')).toContainText(
      /\d+% of the last \d+ finished builds? succeeded|No finished builds yet/,
    );
    await saveScreenshot(page, 'entity-overview-builds-card');
    await expectNoSeriousA11yViolations(page, 'the entity Overview');

    // The newest run of the strip is the latest build.
    const newest = items.last();
    const runName = (await newest.getAttribute('data-testid'))!.replace(
      'build-strip-item-',
      '',
    );
    await expect(latest.getByRole('link', { name: runName })).toBeVisible();
    await newest.click();
    await expect(page).toHaveURL(
      new RegExp(
        `/catalog/default/component/greeter-service/openchoreo-builds/runs/default/${runName}`,
      ),
    );
    await expect(
      page.getByRole('heading', { name: `Build ${runName}` }),
    ).toBeVisible();

    await page.goBack();
    await card.getByRole('button', { name: 'Start build' }).click();
    await expect(
      page.getByRole('dialog', { name: 'Start a build of greeter-service' }),
    ).toBeVisible();
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'View all builds' }).click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/greeter-service\/openchoreo-builds$/,
    );
  });
});
