import { expect, test, type Page } from '@playwright/test';
import { backstageToken, signIn } from './session';
import { entityTab, saveScreenshot } from '../e2e-tests/helpers';

/**
 * The production profile as each demo user sees it: signed in through the local OpenID provider
 * (no guest), with the portal's policy — ada (app-developers) builds her team's components but
 * not the platform team's, and cannot open the platform views; pat (platform-team) can do all of
 * it. A request the UI would not make is refused by the backend too.
 */

/** `entity` is `<namespace>/<name>`: the provider puts each component in its organization's namespace. */
async function openBuildsTab(page: Page, entity: string) {
  await page.goto(`/catalog/${entity.replace('/', '/component/')}`);
  await entityTab(page, 'Builds').click();
  await expect(page.getByRole('button', { name: 'Start build' })).toBeVisible();
}

test.describe('production profile', () => {
  test('the guest provider is not there and the API refuses anonymous calls', async ({
    request,
  }) => {
    const guest = await request.get('/api/auth/guest/refresh');
    expect(guest.status()).toBe(404);
    const runs = await request.get('/api/openchoreo-build/runs');
    expect(runs.status()).toBe(401);
    // Production error bodies carry no stack trace.
    expect((await runs.json()).error.stack).toBeUndefined();
  });

  test('ada builds her team’s component, not the platform team’s, and cannot open the platform views', async ({
    page,
  }) => {
    await signIn(page, 'ada');

    await openBuildsTab(page, 'default/greeter-service');
    await expect(
      page.getByRole('button', { name: 'Start build' }),
    ).toBeEnabled();

    await openBuildsTab(page, 'platform/greeter-service');
    await expect(
      page.getByRole('button', { name: 'Start build' }),
    ).toBeDisabled();
    await expect(page.locator('#reason-start-build')).toContainText(
      'openchoreo.build.run.create',
    );
    await expect(page.locator('#reason-start-build')).toContainText(
      'component:platform/greeter-service',
    );
    await saveScreenshot(page, 'production-ada-platform-component');

    // Forced: the same request the disabled button would make.
    const token = await backstageToken(page);
    const forced = await page.request.post('/api/openchoreo-build/runs', {
      headers: { Authorization: `Bearer ${token}` },
      data: {
        namespace: 'platform',
        project: 'internal-tools',
        component: 'greeter-service',
      },
    });
    expect(forced.status()).toBe(403);
    expect((await forced.json()).error.message).toContain(
      'openchoreo.build.run.create',
    );

    await page.goto('/openchoreo-builds/build-planes');
    await expect(
      page.getByText(/openchoreo\.build\.buildplane\.read/).first(),
    ).toBeVisible();
    const planes = await page.request.get('/api/openchoreo-build/buildplanes', {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(planes.status()).toBe(403);
  });

  test('pat (platform team) builds any component and sees the build planes', async ({
    page,
  }) => {
    await signIn(page, 'pat');
    await openBuildsTab(page, 'platform/greeter-service');
    await expect(
      page.getByRole('button', { name: 'Start build' }),
    ).toBeEnabled();
    const token = await backstageToken(page);
    const planes = await page.request.get('/api/openchoreo-build/buildplanes', {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(planes.status()).toBe(200);
    expect((await planes.json()).items.length).toBeGreaterThan(0);
    await saveScreenshot(page, 'production-pat-platform-component');
  });
});
