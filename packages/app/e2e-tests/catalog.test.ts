import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { entityTab, saveScreenshot, signInAsGuest } from './helpers';
import { SANDBOX_DIR } from './sandbox';

/**
 * The catalog entity provider (plugins/catalog-backend-module-openchoreo-build) follows the control
 * plane live: a Component created with the real kubectl appears in the catalog, with its Builds tab,
 * while the portal runs; deleting it removes the entity.
 */
const kubeconfig = path.join(SANDBOX_DIR, 'control-plane.kubeconfig');
const kubectlCache = path.join(SANDBOX_DIR, 'kubectl-cache');

function kubectl(args: string[], input?: string): string {
  return execFileSync(
    process.env.KUBECTL ?? 'kubectl',
    // Discovery cached with this sandbox, not in ~/.kube/cache (kept for hours per host:port there).
    ['--kubeconfig', kubeconfig, '--cache-dir', kubectlCache, ...args],
    { input, encoding: 'utf8', timeout: 60_000 },
  );
}

test('a Component applied with kubectl gets its catalog entity and Builds tab without a restart', async ({
  page,
  request,
}) => {
  const name = `e2e-service-${randomBytes(3).toString('hex')}`;
  kubectl(
    ['apply', '-f', '-'],
    `apiVersion: openchoreo.dev/v1alpha1
kind: Component
metadata:
  name: ${name}
  namespace: default
  labels:
    openchoreo.dev/owner: app-developers
  annotations:
    openchoreo.dev/display-name: E2E service
    openchoreo.dev/description: Created by the end-to-end suite with kubectl apply
spec:
  owner:
    projectName: default
  componentType: deployment/service
  workflow:
    name: docker
    systemParameters:
      repository:
        url: https://github.com/openchoreo/sample-workloads
        revision:
          branch: main
        appPath: /service-go-greeter
    parameters:
      docker:
        context: /service-go-greeter
        filePath: /service-go-greeter/Dockerfile
`,
  );
  await signInAsGuest(page);
  const entityUrl = `/catalog/default/component/${name}`;
  // The entity appears once the provider's watch delta has been processed by the catalog.
  await expect
    .poll(
      async () => {
        await page.goto(entityUrl);
        return entityTab(page, 'Builds').count();
      },
      { timeout: 90_000, intervals: [1000] },
    )
    .toBe(1);
  await expect(
    page.getByRole('heading', { name: 'E2E service' }).first(),
  ).toBeVisible();
  await entityTab(page, 'Builds').click();
  await expect(
    page.getByRole('heading', { name: 'No builds yet' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'app-developers' }),
  ).toBeVisible();
  // Owned by app-developers (the label), so the guest may build it.
  await expect(page.getByRole('button', { name: 'Start build' })).toBeEnabled();
  await saveScreenshot(page, 'provider-made-component');

  kubectl(['delete', 'component', name, '-n', 'default']);
  const backend = process.env.E2E_BACKEND_URL ?? 'http://localhost:7107';
  const token = await page.evaluate(async url => {
    const response = await fetch(`${url}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
      credentials: 'include',
    });
    return (await response.json()).backstageIdentity.token as string;
  }, backend);
  await expect
    .poll(
      async () =>
        (
          await request.get(
            `${backend}/api/catalog/entities/by-name/component/default/${name}`,
            { headers: { Authorization: `Bearer ${token}` } },
          )
        ).status(),
      { timeout: 90_000, intervals: [1000] },
    )
    .toBe(404);
});
