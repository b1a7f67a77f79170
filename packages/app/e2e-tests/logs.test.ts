import { expect, test, type Page } from '@playwright/test';
import {
  expectNoSeriousA11yViolations,
  saveScreenshot,
  signInAsGuest,
} from './helpers';
import {
  createHeldGreeterBuild,
  installDockerClusterWorkflowTemplate,
  terminateWorkflow,
  workflowOrPodsExist,
} from './sandbox';

/** How many lines the log viewer holds (all of them, not only the rendered window). */
async function totalLines(page: Page): Promise<number> {
  return Number(
    await page.getByTestId('log-lines').getAttribute('data-total-lines'),
  );
}

test.describe('step logs', () => {
  test('a developer follows a running build step, searches its log, and reads it again from the archive after the TTL', async ({
    page,
  }) => {
    // Its waits (a running step, lines, the TTL, the archive) add up beyond the default 120 s on a
    // loaded machine.
    test.slow();
    // Fast-mode builds end in seconds: this one runs at realistic speed, so its build step is
    // still running when the page opens; it is terminated once the test has seen lines arrive.
    // The build plane has the template a real one has: the portal names expired steps from it.
    await installDockerClusterWorkflowTemplate();
    const runName = await createHeldGreeterBuild();
    await signInAsGuest(page);
    const stepUrl = `/openchoreo-builds/runs/default/${runName}?step=build-step`;
    await page.goto(stepUrl);
    await expect(
      page.getByRole('heading', { name: `Build ${runName}` }),
    ).toBeVisible();

    // The build step runs and its lines stream in while it does.
    // Step rows are keyed by node id; this one is found by the name it shows.
    const buildStep = page.getByRole('row').filter({
      has: page.getByRole('button', { name: 'build-step', exact: true }),
    });
    await expect(buildStep).toContainText('Running', { timeout: 60_000 });
    await expect(page.getByTestId('step-logs')).toBeVisible();
    await expect(page.getByTestId('log-source')).toHaveText(/^(Live|Polling)$/);
    await expect
      .poll(() => totalLines(page), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const first = await totalLines(page);
    await expect
      .poll(() => totalLines(page), { timeout: 30_000 })
      .toBeGreaterThan(first);
    // Still running after more lines arrived: they came before the step ended.
    await expect(buildStep).toContainText('Running');
    await expect(page.getByTestId('run-status')).toHaveText('Running');
    await expect(page.getByTestId('log-source')).toHaveText(/^(Live|Polling)$/);

    // Search for a word of the Docker build's output: a match count, and the view at the first match.
    await page.getByRole('textbox', { name: /Search log/ }).fill('STEP');
    await expect(page.getByTestId('log-match-count')).toHaveText(/^1 of \d+$/);
    const matchRow = page
      .getByTestId('log-lines')
      .locator('[id^="L"]')
      .filter({ has: page.locator('mark.oc-log-active') });
    await expect(matchRow).toHaveCount(1);
    const lineId = (await matchRow.getAttribute('id'))!;
    const line = Number(lineId.slice(1));
    expect(await matchRow.innerText()).toContain('STEP');
    await saveScreenshot(page, 'run-page-live-log-search');
    await expectNoSeriousA11yViolations(
      page,
      'the run page with a live step log',
    );

    // Link the matching line: it goes into the URL.
    await matchRow.getByRole('link', { name: `Line ${line}, link` }).click();
    await expect(page).toHaveURL(
      new RegExp(`[?&]step=(build-step|${runName}-\\d+)&line=${line}$`),
    );
    await expect(page.locator(`#${lineId}`)).toHaveClass(/oc-log-selected/);
    const linkedText = await page.locator(`#${lineId}`).innerText();

    // End the build now; its stream ends with every line the step wrote.
    await terminateWorkflow(runName);
    await expect(page.getByTestId('run-status')).toHaveText('Failed', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('log-state')).toHaveText(
      /^Complete · [\d,]+ lines$/,
      { timeout: 30_000 },
    );
    const seen = await totalLines(page);
    expect(seen).toBeGreaterThan(first);

    // The run's TTL removes the workflow and its pods from the build plane.
    await expect
      .poll(() => workflowOrPodsExist(runName), {
        message: `workflow ${runName} and its pods are deleted after the TTL`,
        timeout: 60_000,
      })
      .toBe(false);

    // A reload of the same step URL reads the same lines from the archive, at the linked line.
    await page.reload();
    await expect(page).toHaveURL(
      new RegExp(`[?&]step=(build-step|${runName}-\\d+)&line=${line}$`),
    );
    await expect(page.getByTestId('log-source')).toHaveText('Archive');
    await expect(page.getByTestId('log-state')).toHaveText(
      `Complete · ${seen.toLocaleString('en-US')} lines`,
    );
    expect(await totalLines(page)).toBe(seen);
    const linked = page.locator(`#${lineId}`);
    await expect(linked).toHaveClass(/oc-log-selected/);
    expect(await linked.innerText()).toBe(linkedText);
    await page.getByRole('textbox', { name: /Search log/ }).fill('STEP');
    await expect(page.getByTestId('log-match-count')).toHaveText(/^1 of \d+$/);
    await saveScreenshot(page, 'run-page-archived-log');
    await expectNoSeriousA11yViolations(
      page,
      'the run page with an archived step log',
    );
  });
});
