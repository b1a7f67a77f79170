import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './demo';
import { sidebarLink } from '../e2e-tests/helpers';

/** Signing in to the production profile through the demo OpenID provider (scripts/demo-idp.mjs). */

export async function signIn(page: Page, user: 'ada' | 'pat'): Promise<void> {
  await page.goto('/');
  // Only the identity provider is offered: no guest in production.
  await expect(page.getByRole('button', { name: 'Enter' })).toHaveCount(0);
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: /sign in/i }).click();
  const popup = await popupOpened;
  await popup.getByLabel('User name').fill(user);
  await popup.getByLabel('Password').fill(DEMO_PASSWORD);
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Sign in' }).click();
  await closed;
  await expect(sidebarLink(page, 'Catalog')).toBeVisible();
}

/** The signed-in user's Backstage token, as the app holds it (from the OIDC session cookie). */
export async function backstageToken(page: Page): Promise<string> {
  const response = await page.request.get(
    '/api/auth/oidc/refresh?optional&env=production',
    {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    },
  );
  expect(response.status()).toBe(200);
  const body = await response.json();
  return body.backstageIdentity.token;
}
