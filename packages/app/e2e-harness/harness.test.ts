import { expect, test } from '@playwright/test';

// The plugins' development harnesses, as their READMEs start them (`yarn workspace … start`):
// the frontend's dev app against the backend's harness, which runs the sandbox in its process.

test('the frontend harness shows the sandbox’s runs on the Builds page and a component’s Builds tab', async ({
  page,
}) => {
  await page.goto('/openchoreo-builds');
  // The dev app's sign-in page offers the guest (the backend harness's guest provider).
  await page.getByRole('button', { name: 'Enter' }).click();
  const runs = page.getByRole('table', { name: 'Builds' });
  await expect(runs.getByRole('row').nth(1)).toBeVisible({ timeout: 60_000 });
  await expect(runs).toContainText('react-starter');
  await expect(page.getByTestId('live-indicator')).toHaveText('Live');

  await page.goto('/entity-builds');
  const tab = page.getByRole('table', { name: 'Builds of react-starter' });
  await expect(tab.getByRole('row').nth(1)).toBeVisible();
  await expect(tab).toContainText('react-starter');
});
