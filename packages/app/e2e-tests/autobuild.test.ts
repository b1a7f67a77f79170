import {
  expect,
  test,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  deliveryRunSelector,
  postPush,
  pushHeaders,
  pushPayload,
} from './githubPush';
import { entityTab, saveScreenshot, signInAsGuest } from './helpers';

/**
 * Auto-build end to end, in both API generations: a signed GitHub push to the running backend
 * starts a build of default/greeter-service (v0.9, seeded with autoBuild on) and of
 * nova/greeting-service (v1.2.3, same repository and appPath, autoBuild on), and both succeed on
 * the sandbox; switching auto-build off for greeter-service from its Builds tab makes the next push
 * build only the v1 component.
 */

// The suite's sandbox and backend (see playwright.config.ts): state in .sandbox/e2e, backend on 7107.
// E2E_SANDBOX_DIR / E2E_BACKEND_URL point the test at another stack (e.g. one started on other ports).
const SANDBOX_DIR =
  process.env.E2E_SANDBOX_DIR ??
  path.resolve(__dirname, '../../../.sandbox/e2e');
const BACKEND = process.env.E2E_BACKEND_URL ?? 'http://localhost:7107';
const WEBHOOK_URL = `${BACKEND}/api/openchoreo-build/webhooks/github`;
const AUTOBUILD_ROUTE = `${BACKEND}/api/openchoreo-build/components/default/default/greeter-service/autobuild`;

interface Endpoints {
  controlPlane: { url: string; token: string };
  webhooks: { githubSecret: string };
}

function endpoints(): Endpoints {
  return JSON.parse(
    fs.readFileSync(path.join(SANDBOX_DIR, 'endpoints.json'), 'utf8'),
  );
}

/** Where the v1.2.3 organization's runs are. */
const NOVA_RUNS = { namespace: 'nova', plural: 'workflowruns' };

/** POSTs a push signed with the sandbox's github-secret, as GitHub would (no Backstage token). */
function push(request: APIRequestContext, paths: string[]) {
  return postPush(
    request,
    WEBHOOK_URL,
    endpoints().webhooks.githubSecret,
    paths,
  );
}

type SandboxRun = {
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, any>;
};

/**
 * The runs a delivery started in one organization: ComponentWorkflowRuns of `default` (v0.9), or
 * WorkflowRuns of `nova` (v1.2.3). The unauthenticated webhook answer only counts them (it names no
 * component); the backend labels each run with sha256(`<provider>:<delivery id>`).
 */
async function runsOfDelivery(
  deliveryId: string,
  where: { namespace: string; plural: string } = {
    namespace: 'default',
    plural: 'componentworkflowruns',
  },
): Promise<SandboxRun[]> {
  const { controlPlane } = endpoints();
  const selector = encodeURIComponent(deliveryRunSelector(deliveryId));
  const response = await fetch(
    `${controlPlane.url}/apis/openchoreo.dev/v1alpha1/namespaces/${where.namespace}/${where.plural}?labelSelector=${selector}`,
    { headers: { Authorization: `Bearer ${controlPlane.token}` } },
  );
  expect(response.status).toBe(200);
  return (await response.json()).items;
}

/**
 * Resolves once the run's `type` condition is True, from a watch on the sandbox control plane
 * (events, no polling).
 */
function waitForRunCondition(
  name: string,
  type: string,
  where: { namespace: string; plural: string } = {
    namespace: 'default',
    plural: 'componentworkflowruns',
  },
  timeoutMs = 90_000,
): Promise<Record<string, any>> {
  const { controlPlane } = endpoints();
  const url = `${controlPlane.url}/apis/openchoreo.dev/v1alpha1/namespaces/${
    where.namespace
  }/${where.plural}?watch=true&fieldSelector=${encodeURIComponent(
    `metadata.name=${name}`,
  )}`;
  return new Promise((resolve, reject) => {
    let settled = false;
    const handles: { timer?: NodeJS.Timeout; req?: http.ClientRequest } = {};
    const finish = (error: Error | undefined, run?: Record<string, any>) => {
      if (settled) return;
      settled = true;
      clearTimeout(handles.timer);
      handles.req?.destroy();
      if (error) reject(error);
      else resolve(run!);
    };
    handles.timer = setTimeout(
      () =>
        finish(
          new Error(`run ${name} did not reach ${type} within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    handles.req = http.get(
      url,
      { headers: { Authorization: `Bearer ${controlPlane.token}` } },
      res => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          buffer += chunk;
          let newline = buffer.indexOf('\n');
          while (newline >= 0 && !settled) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            newline = buffer.indexOf('\n');
            if (!line) continue;
            const event = JSON.parse(line) as {
              type: string;
              object: Record<string, any>;
            };
            const conditions: Array<{ type: string; status: string }> =
              event.object?.status?.conditions ?? [];
            if (conditions.some(c => c.type === type && c.status === 'True'))
              finish(undefined, event.object);
            else if (
              conditions.some(
                c => c.type === 'WorkflowFailed' && c.status === 'True',
              )
            ) {
              finish(
                new Error(`run ${name} failed: ${JSON.stringify(conditions)}`),
              );
            }
          }
        });
      },
    );
    handles.req.on('error', error => finish(error));
  });
}

/**
 * Switches auto-build through the route the AutoBuildCard uses
 * (PUT /api/openchoreo-build/components/:ns/:project/:component/autobuild), from the signed-in
 * page with the guest's Backstage token.
 */
async function setAutoBuildFromPage(page: Page, enabled: boolean) {
  return page.evaluate(
    async ({ route, backend, value }) => {
      const refresh = await fetch(`${backend}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
        credentials: 'include',
      });
      const token = (await refresh.json()).backstageIdentity.token as string;
      const response = await fetch(route, {
        method: 'PUT',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ enabled: value }),
      });
      return { status: response.status, body: await response.json() };
    },
    { route: AUTOBUILD_ROUTE, backend: BACKEND, value: enabled },
  );
}

test.describe('auto-build', () => {
  test('a signed GitHub push builds the component; with auto-build switched off a push builds nothing', async ({
    page,
    request,
  }) => {
    // 1. A push touching the greeter's appPath starts exactly the builds of the two components
    //    built from it, one per generation, at the pushed commit.
    const first = await push(request, [
      'service-go-greeter/main.go',
      'README.md',
    ]);
    expect(first.response.status()).toBe(200);
    const result = await first.response.json();
    expect(result).toMatchObject({
      provider: 'github',
      event: 'push',
      handled: true,
      duplicate: false,
      branch: 'main',
      commit: first.after,
      runsStarted: 2,
    });
    expect(JSON.stringify(result)).not.toContain('greeter-service');
    const started = await runsOfDelivery(first.deliveryId);
    expect(started.map(r => r.spec.owner.componentName)).toEqual([
      'greeter-service',
    ]);
    const runName: string = started[0].metadata.name;
    expect(runName).toMatch(/^greeter-service-workflow-[0-9a-f]{8}$/);
    const startedV1 = await runsOfDelivery(first.deliveryId, NOVA_RUNS);
    expect(
      startedV1.map(r => r.metadata.labels?.['openchoreo.dev/component']),
    ).toEqual(['greeting-service']);
    expect(startedV1[0].metadata.name).toMatch(
      /^greeting-service-run-[0-9a-f]{8}$/,
    );

    // 2. Both runs succeed on the sandbox; each carries the pushed commit where its API keeps it.
    const succeeded = await waitForRunCondition(runName, 'WorkflowSucceeded');
    expect(
      succeeded.spec.workflow.systemParameters.repository.revision,
    ).toEqual({ branch: 'main', commit: first.after });
    const succeededV1 = await waitForRunCondition(
      startedV1[0].metadata.name,
      'WorkflowSucceeded',
      NOVA_RUNS,
    );
    expect(succeededV1.spec.workflow.parameters.repository.revision).toEqual({
      branch: 'main',
      commit: first.after,
    });

    // 3. In the browser: the Builds tab shows the run; auto-build is switched off for the component.
    await signInAsGuest(page);
    await page.goto('/catalog/default/component/greeter-service');
    await entityTab(page, 'Builds').click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/greeter-service\/openchoreo-builds/,
    );
    await expect(page.getByTestId(`run-row-${runName}`)).toBeVisible();
    // The Auto-build card's delivery log shows the push: its commit, and the run it started.
    const deliveries = page.getByRole('table', {
      name: 'Recent webhook deliveries',
    });
    const delivery = deliveries
      .getByRole('row')
      .filter({ hasText: first.after.slice(0, 7) });
    await expect(delivery).toHaveCount(1);
    await expect(delivery).toContainText('Build started');
    await expect(delivery.getByRole('link', { name: runName })).toBeVisible();
    await saveScreenshot(page, 'autobuild-builds-tab');
    const autoBuildSwitch = page.getByRole('checkbox', {
      name: 'Auto-build on push',
    });
    await expect(autoBuildSwitch).toBeChecked();
    await expect(page.getByTestId('autobuild-webhook-url')).toHaveText(
      WEBHOOK_URL,
    );
    await autoBuildSwitch.click();
    try {
      await expect(page.getByTestId('autobuild-status')).toHaveText(
        'Auto-build is off',
      );
      await expect(autoBuildSwitch).not.toBeChecked();
      await saveScreenshot(page, 'autobuild-switched-off');

      // 4. A second push to the same path now builds only the v1 component.
      const second = await push(request, ['service-go-greeter/main.go']);
      expect(second.response.status()).toBe(200);
      const onlyV1 = await second.response.json();
      expect(onlyV1).toMatchObject({ handled: true, runsStarted: 1 });
      expect(await runsOfDelivery(second.deliveryId)).toEqual([]);
      expect(
        (await runsOfDelivery(second.deliveryId, NOVA_RUNS)).map(
          r => r.metadata.labels?.['openchoreo.dev/component'],
        ),
      ).toEqual(['greeting-service']);
    } finally {
      // Leave the suite's shared sandbox as seeded (auto-build on) for the suites that follow.
      expect((await setAutoBuildFromPage(page, true)).status).toBe(200);
    }
  });

  test('an unsigned push is refused with 401 and a ping is acknowledged without a build', async ({
    request,
  }) => {
    const { body } = pushPayload(['service-go-greeter/main.go']);
    const unsigned = await request.post(WEBHOOK_URL, {
      data: body,
      headers: {
        'Content-Type': 'application/json',
        'X-GitHub-Event': 'push',
        'X-GitHub-Delivery': 'e2e-unsigned',
      },
    });
    expect(unsigned.status()).toBe(401);
    const ping = JSON.stringify({ zen: 'Speak like a human.', hook_id: 1 });
    const pong = await request.post(WEBHOOK_URL, {
      data: ping,
      headers: {
        ...pushHeaders(ping, endpoints().webhooks.githubSecret),
        'X-GitHub-Event': 'ping',
      },
    });
    expect(pong.status()).toBe(202);
    expect(await pong.json()).toMatchObject({
      handled: false,
      event: 'ping',
      runsStarted: 0,
    });
  });
});
