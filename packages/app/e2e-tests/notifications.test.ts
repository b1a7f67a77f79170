import { expect, test } from '@playwright/test';
import {
  expectNoSeriousA11yViolations,
  saveScreenshot,
  signInAsGuest,
} from './helpers';

test.describe('notifications', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('the user who started a build is notified when it ends, with a link to its run page', async ({
    page,
  }) => {
    await page.goto(
      '/catalog/default/component/greeter-service/openchoreo-builds',
    );
    await page.getByRole('button', { name: 'Start build' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Start a build of greeter-service',
    });
    await dialog.getByRole('button', { name: 'Start build' }).click();
    await expect(dialog).toBeHidden();
    const started = page.getByRole('alert').filter({ hasText: 'started' });
    const runName = (await started.getByRole('link').textContent())!.trim();

    // The run ends (the sandbox is fast); the notification names it and links its page.
    const row = page.getByTestId(`run-row-${runName}`);
    await expect(row.getByRole('cell').first()).toHaveText(
      /^(Succeeded|Completed)$/,
      { timeout: 90_000 },
    );
    // The bell's name carries the unread count once there is one.
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: /^Notifications/ })
      .click();
    await expect(page).toHaveURL(/\/notifications/);
    const notification = page
      .getByRole('row')
      .filter({ hasText: `Run ${runName}` });
    await expect(notification).toContainText(
      /greeter-service build (succeeded|completed)/,
      { timeout: 30_000 },
    );
    await saveScreenshot(page, 'notifications-build-ended');
    await expectNoSeriousA11yViolations(page, 'the Notifications page');

    await notification
      .getByRole('link', { name: /greeter-service build/ })
      .click();
    await expect(page).toHaveURL(
      new RegExp(`/openchoreo-builds/runs/default/${runName}`),
    );
    await expect(
      page.getByRole('heading', { name: `Build ${runName}` }),
    ).toBeVisible();
  });
});
