import { expect, type Page } from '@playwright/test';
import path from 'node:path';

/** Where screenshots of visited pages go (git-ignored; CI keeps them as artifacts). */
export const screenshotDir = path.resolve(
  __dirname,
  '../../../e2e-test-results/screenshots',
);

/** Signs in through the guest provider, as a developer on a fresh portal would. */
export async function signInAsGuest(page: Page): Promise<void> {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(sidebarLink(page, 'Catalog')).toBeVisible();
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: path.join(screenshotDir, `${name}.png`),
    fullPage: true,
  });
}

/** A link in the app's sidebar. */
export function sidebarLink(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true });
}

/** A tab of the catalog entity page (rendered as links in a "Content navigation" nav). */
export function entityTab(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true });
}
