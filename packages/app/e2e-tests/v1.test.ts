import { expect, test, type Page } from '@playwright/test';
import {
  entityTab,
  expectNoSeriousA11yViolations,
  saveScreenshot,
  signInAsGuest,
} from './helpers';
import {
  createHeldNovaBuild,
  NOVA_WORKFLOWS_NAMESPACE,
  terminateWorkflow,
  workflowOrPodsExist,
  workflowRunExists,
} from './sandbox';

/*
 * The same journeys as builds.test.ts / logs.test.ts, on the sandbox's OpenChoreo v1.2.3
 * organization `nova`: WorkflowRuns linked to their component by labels, ClusterWorkflows with an
 * openAPIV3Schema, Argo Workflows in `workflows-nova` reached through the v1 gateway path, and runs
 * the controller deletes after `ttlAfterCompletion` (capped at 20 s by `--fast`).
 */

const COMPONENT = 'greeting-service';

async function openBuildsTab(page: Page) {
  await page.goto(`/catalog/nova/component/${COMPONENT}`);
  await entityTab(page, 'Builds').click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/nova/component/${COMPONENT}/openchoreo-builds`),
  );
  await expect(page.getByRole('table', { name: /^Builds of / })).toBeVisible();
  await expect(page.getByTestId('live-indicator')).toHaveText('Live');
}

/** How many lines the log viewer holds. */
async function totalLines(page: Page): Promise<number> {
  return Number(
    await page.getByTestId('log-lines').getAttribute('data-total-lines'),
  );
}

test.describe('builds on OpenChoreo v1.x', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('a developer starts a v1 build with a changed parameter, watches it live, reads a step and re-runs it', async ({
    page,
  }) => {
    await openBuildsTab(page);
    await page.getByRole('button', { name: 'Start build' }).click();
    const dialog = page.getByRole('dialog', {
      name: `Start a build of ${COMPONENT}`,
    });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Branch')).toHaveValue('main');
    // The parameters form (rjsf) names its fields by path: `parameters_<path with _>`.
    const filePath = dialog.locator('#parameters_docker_filePath');
    await filePath.fill('/service-go-greeter/Dockerfile.e2e');
    // The preview shows the run the backend will create, with the changed value.
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect(dialog.getByTestId('start-build-preview')).toContainText(
      'filePath: /service-go-greeter/Dockerfile.e2e',
    );
    await saveScreenshot(page, 'v1-start-build-dialog');
    await expectNoSeriousA11yViolations(page, 'the v1 Start build dialog');
    await dialog.getByRole('button', { name: 'Start build' }).click();
    await expect(dialog).toBeHidden();

    const started = page.getByRole('alert').filter({ hasText: 'started' });
    const runName = (await started.getByRole('link').textContent())!.trim();
    expect(runName).toMatch(new RegExp(`^${COMPONENT}-`));

    // v1 has no "Completed" (no WorkloadUpdated condition): Succeeded is the end.
    const row = page.getByTestId(`run-row-${runName}`);
    await expect(row.getByRole('cell').first()).toHaveText('Succeeded', {
      timeout: 90_000,
    });

    await row.getByRole('link', { name: runName }).click();
    await expect(page).toHaveURL(
      new RegExp(`/openchoreo-builds/runs/nova/${runName}`),
    );
    await expect(page.getByText('WorkflowRun · v1')).toBeVisible();
    await expect(page.getByTestId('run-status')).toHaveText('Succeeded');
    await expect(page.getByTestId('run-parameters')).toContainText(
      'docker.filePath=/service-go-greeter/Dockerfile.e2e',
    );
    // The image is the one the generate-workload step wrote into openchoreo.dev/workload.
    await expect(
      page.getByTestId('run-summary').getByText(/ttl\.sh\/openchoreo-builds\//),
    ).toBeVisible();
    await page
      .getByRole('button', { name: 'build-image', exact: true })
      .click();
    await expect(
      page
        .getByTestId('step-logs')
        .or(page.getByTestId('step-logs-unavailable')),
    ).toBeVisible();
    await saveScreenshot(page, 'v1-run-page');
    await expectNoSeriousA11yViolations(page, 'the v1 run page');

    await page.getByRole('button', { name: 'Re-run', exact: true }).click();
    await expect(page).not.toHaveURL(new RegExp(`/runs/nova/${runName}`));
    await expect(page).toHaveURL(
      new RegExp(`/openchoreo-builds/runs/nova/${COMPONENT}-`),
    );
    await expect(page.getByTestId('run-parameters')).toContainText(
      'docker.filePath=/service-go-greeter/Dockerfile.e2e',
    );
    await expect(page.getByTestId('run-status')).toHaveText('Succeeded', {
      timeout: 90_000,
    });
  });

  test('a developer cancels a running v1 build and sees it end', async ({
    page,
  }) => {
    const runName = await createHeldNovaBuild();
    await page.goto(`/openchoreo-builds/runs/nova/${runName}`);
    await expect(page.getByTestId('run-status')).toHaveText('Running', {
      timeout: 60_000,
    });
    const cancel = page.getByRole('button', { name: 'Cancel build' });
    await expect(cancel).toBeEnabled();
    await cancel.click();
    await page
      .getByRole('dialog', { name: `Cancel build ${runName}?` })
      .getByRole('button', { name: 'Yes, cancel build' })
      .click();
    await expect(page.getByTestId('run-status')).toHaveText('Failed', {
      timeout: 60_000,
    });
    await expect(cancel).toBeDisabled();
  });

  test('a developer follows a v1 step live, and reads the run from the record and the archive once the controller deleted it', async ({
    page,
  }) => {
    // Its waits (a running step, lines, the controller's deletion, the archive) add up beyond the
    // default 120 s on a loaded machine.
    test.slow();
    const runName = await createHeldNovaBuild();
    await page.goto(`/openchoreo-builds/runs/nova/${runName}?step=build-image`);
    const buildStep = page.getByRole('row').filter({
      has: page.getByRole('button', { name: 'build-image', exact: true }),
    });
    await expect(buildStep).toContainText('Running', { timeout: 60_000 });
    await expect(page.getByTestId('log-source')).toHaveText(/^(Live|Polling)$/);
    await expect
      .poll(() => totalLines(page), { timeout: 30_000 })
      .toBeGreaterThan(0);

    await terminateWorkflow(runName, NOVA_WORKFLOWS_NAMESPACE);
    await expect(page.getByTestId('run-status')).toHaveText('Failed', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('log-state')).toHaveText(
      /^Complete · [\d,]+ lines$/,
      { timeout: 30_000 },
    );

    // ttlAfterCompletion: the controller deletes the WorkflowRun, and with it the Argo Workflow.
    await expect
      .poll(() => workflowRunExists('nova', runName), { timeout: 60_000 })
      .toBe(false);
    await expect
      .poll(() => workflowOrPodsExist(runName, NOVA_WORKFLOWS_NAMESPACE), {
        timeout: 60_000,
      })
      .toBe(false);

    // The portal still has it: from its run record, marked, with its logs from the archive.
    await page.goto(`/openchoreo-builds/runs/nova/${runName}`);
    await expect(page.getByTestId('run-deleted')).toContainText(
      'after it finished',
    );
    await expect(page.getByTestId('run-status')).toHaveText('Failed');
    await expect(
      page.getByRole('button', { name: 'Cancel build' }),
    ).toBeDisabled();
    await saveScreenshot(page, 'v1-run-deleted-by-retention');
    // Its step's log now comes from the observer archive (the v1 query, scoped to the step's time).
    await page.goto(`/openchoreo-builds/runs/nova/${runName}?step=build-image`);
    await expect(page.getByTestId('log-source')).toHaveText('Archive');
    await expect(page.getByTestId('log-state')).toHaveText(
      /^Complete · [\d,]+ lines$/,
      { timeout: 30_000 },
    );
    expect(await totalLines(page)).toBeGreaterThan(0);

    await page.goto(`/catalog/nova/component/${COMPONENT}/openchoreo-builds`);
    await expect(page.getByTestId(`run-row-${runName}`)).toContainText(
      'Deleted by retention',
    );
  });
});
