import { expect, test, type Page } from '@playwright/test';
import {
  expectNoSeriousA11yViolations,
  saveScreenshot,
  signInAsGuest,
} from './helpers';
import { createFailingGreeterBuild, createGreeterDagBuild } from './sandbox';

/** The log lines (1-based) that carry the selected-line class. */
async function selectedLines(page: Page): Promise<number[]> {
  const ids = await page
    .getByTestId('log-lines')
    .locator('.oc-log-selected')
    .evaluateAll(rows => rows.map(row => row.id));
  return ids.map(id => Number(id.slice(1))).sort((a, b) => a - b);
}

test.describe('run page', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('a failed build shows its diagnosis and step bars; the log jumps to the first error, links a range and fills the screen; re-run with changes fixes it', async ({
    page,
    context,
  }) => {
    const runName = await createFailingGreeterBuild();
    await page.goto(`/openchoreo-builds/runs/default/${runName}`);
    await expect(
      page.getByRole('heading', { name: `Build ${runName}` }),
    ).toBeVisible();
    await expect(page.getByTestId('run-status')).toHaveText('Failed', {
      timeout: 60_000,
    });

    // Breadcrumbs lead back to the Builds page and to the run's organization there.
    const crumbs = page.getByTestId('run-breadcrumbs');
    await expect(crumbs.getByRole('link', { name: 'Builds' })).toBeVisible();
    await expect(
      crumbs.getByRole('link', { name: 'Organization default' }),
    ).toHaveAttribute('href', /\/openchoreo-builds\?namespace=default$/);

    // The diagnosis says what broke and how to fix it, at the top of the page.
    const diagnosis = page.getByRole('region', { name: 'Diagnosis' });
    await expect(diagnosis).toContainText(/Dockerfile/);

    // Each step has its bar on the run's time axis.
    const bars = page.locator('[data-testid^="step-bar-"]');
    await expect(bars.first()).toBeVisible();
    expect(await bars.count()).toBeGreaterThanOrEqual(2);
    await saveScreenshot(page, 'run-page-failed-diagnosis-timeline');
    await expectNoSeriousA11yViolations(page, 'a failed run page');

    // The failed build step's log: First error selects and shows the first error line.
    await page.getByRole('button', { name: 'build-step', exact: true }).click();
    await expect(page.getByTestId('log-state')).toHaveText(
      /^Complete · [\d,]+ lines$/,
      { timeout: 30_000 },
    );
    await page.getByTestId('log-first-error').click();
    await expect.poll(() => selectedLines(page)).toHaveLength(1);
    const [errorLine] = await selectedLines(page);
    await expect(page.locator(`#L${errorLine}`)).toContainText('Error:');
    await expect(page).toHaveURL(new RegExp(`[?&]line=${errorLine}$`));

    // Shift+click on another line number links the range between them.
    const other = errorLine > 1 ? errorLine - 1 : errorLine + 1;
    await page
      .getByRole('link', { name: `Line ${other}, link` })
      .click({ modifiers: ['Shift'] });
    const start = Math.min(errorLine, other);
    const end = Math.max(errorLine, other);
    await expect(page).toHaveURL(new RegExp(`[?&]line=${start}-${end}$`));
    await expect.poll(() => selectedLines(page)).toEqual([start, end]);

    // Copy link copies the page at that step and range.
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: /^Copy link/ }).click();
    await expect(page.getByTestId('copy-run-link-result')).toContainText(
      new RegExp(
        `Link copied: .*/runs/default/${runName}\\?step=[^&]+&line=${start}-${end}$`,
      ),
    );

    // (A link opening at a range is RunPage.test.tsx's: here the fast sandbox's Workflow TTL may
    // pass before a reload, and this build plane has no template to name archived steps by.)

    // Full screen (the Fullscreen API, or an overlay where it is refused), and back. (Esc is
    // the browser's own in native full screen: a synthetic key press does not reach it.)
    const viewer = page.getByTestId('log-viewer');
    await page.getByTestId('log-fullscreen').click();
    await expect(viewer).toHaveAttribute(
      'data-fullscreen',
      /^(native|overlay)$/,
    );
    await saveScreenshot(page, 'run-page-log-fullscreen');
    await page.getByTestId('log-fullscreen').click();
    await expect(viewer).toHaveAttribute('data-fullscreen', 'off');

    // Re-run with changes: the start form holds this run's values; fix the path and start.
    await page.getByRole('button', { name: 'Re-run with changes' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Start a build of greeter-service',
    });
    const filePath = dialog.locator('#parameters_docker_filePath');
    await expect(filePath).toHaveValue(
      '/service-go-greeter/missing-dockerfile/Dockerfile',
    );
    await saveScreenshot(page, 'run-page-rerun-with-changes');
    await filePath.fill('/service-go-greeter/Dockerfile');
    await dialog.getByRole('button', { name: 'Start build' }).click();
    await expect(dialog).toBeHidden();
    await expect(page).not.toHaveURL(new RegExp(`/runs/default/${runName}`));
    await expect(page.getByTestId('run-parameters')).toContainText(
      'docker.filePath=/service-go-greeter/Dockerfile',
    );
    await expect(page.getByTestId('run-status')).toHaveText(
      /^(Succeeded|Completed)$/,
      { timeout: 90_000 },
    );
  });

  test('a DAG build shows its steps as a graph, and a node opens its step’s log', async ({
    page,
  }) => {
    const runName = await createGreeterDagBuild();
    await page.goto(`/openchoreo-builds/runs/default/${runName}`);
    await expect(page.getByTestId('run-status')).toHaveText('Succeeded', {
      timeout: 60_000,
    });

    // A DAG offers the graph beside the timeline.
    await page
      .getByTestId('steps-view-toggle')
      .getByRole('button', { name: 'Graph' })
      .click();
    const graph = page.getByRole('region', {
      name: `Graph of the steps of ${runName}`,
    });
    await expect(graph).toBeVisible();
    for (const step of ['clone-step', 'build-step', 'scan-step', 'push-step'])
      await expect(
        graph.getByRole('button', { name: `${step}, Succeeded` }),
      ).toBeVisible();
    // What each step starts after, as the graph draws it (for screen readers too).
    await expect(graph).toContainText(
      'push-step starts after build-step, scan-step',
    );
    await saveScreenshot(page, 'run-page-step-graph');
    await expectNoSeriousA11yViolations(page, 'the step graph');

    await graph.getByRole('button', { name: 'scan-step, Succeeded' }).click();
    await expect(page.getByText('Log of scan-step')).toBeVisible();
    await expect(page.getByTestId('log-lines')).toContainText(
      'for HIGH and CRITICAL findings',
      {
        timeout: 30_000,
      },
    );
  });
});
