import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  entityTab,
  openBuildsPageTab,
  expectNoSeriousA11yViolations,
  saveScreenshot,
  signInAsGuest,
} from './helpers';

/** The repository's Holos examples (examples/holos/README.md lists them). */
const examples = path.resolve(__dirname, '../../../examples/holos');
const example = (name: string) =>
  fs.readFileSync(path.join(examples, name), 'utf8');

async function openRenderPlans(page: Page) {
  await openBuildsPageTab(page, 'Render plans');
  await expect(page).toHaveURL(/\/openchoreo-builds\/render-plans$/);
}

async function validateText(page: Page, text: string) {
  await page.getByLabel('Plan text (YAML or JSON)').fill(text);
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
}

test.describe('Holos render plans', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('a pasted plan shows its pipeline, a node’s details without credentials, and the dry run', async ({
    page,
  }) => {
    await openRenderPlans(page);
    // The repository's Helm + Kustomize example, with basic auth on the chart repository: the
    // password's value must never be shown back, only where it comes from.
    const plan = example('helm-kustomize.yaml').replace(
      '                url: https://stefanprodan.github.io/podinfo\n',
      '                url: https://stefanprodan.github.io/podinfo\n' +
        '                auth:\n' +
        '                  username: { fromEnv: HELM_USER }\n' +
        '                  password: { value: e2e-chart-password }\n',
    );
    expect(plan).toContain('e2e-chart-password');
    await validateText(page, plan);

    await expect(page.getByText('1 plan, 1 valid, 0 problems')).toBeVisible();
    const helm = page.getByRole('button', { name: /\(Helm generator 1 / });
    await expect(helm).toBeVisible();
    await helm.click();
    const details = page.getByTestId('holos-node-details');
    await expect(details).toContainText('podinfo');
    await expect(details).toContainText('6.7.1');
    await expect(details).toContainText(
      'https://stefanprodan.github.io/podinfo',
    );
    await expect(details).toContainText('HELM_USER');
    await expect(details).not.toContainText('e2e-chart-password');
    await expectNoSeriousA11yViolations(page, 'Render plans, pipeline');
    await saveScreenshot(page, 'holos-plan-pipeline');

    await page.getByRole('tab', { name: 'Dry run' }).click();
    const steps = page.getByRole('list', { name: 'Dry run steps' });
    await expect(steps).toBeVisible();
    await expect(
      page.getByRole('list', { name: 'Final artifacts' }),
    ).toContainText('components/podinfo/podinfo.gen.yaml');
    await expect(
      page.getByRole('list', { name: 'Final artifacts' }),
    ).toContainText('gitops/podinfo.application.gen.yaml');
    await expect(page.getByRole('table', { name: 'Data flows' })).toContainText(
      'helm.gen.yaml',
    );
    await saveScreenshot(page, 'holos-plan-dry-run');
  });

  test('an uploaded invalid plan shows the broken rule at its node and line', async ({
    page,
  }) => {
    await openRenderPlans(page);
    await page
      .getByTestId('holos-file-input')
      .setInputFiles(path.join(examples, 'invalid/write-once.yaml'));
    await expect(page.getByText(/1 plan, 0 valid, 1 problem\b/)).toBeVisible();
    await page.getByRole('tab', { name: /^Problems \(1\)/ }).click();
    const problems = page.getByRole('table', {
      name: 'Problems of plan write-once',
    });
    await expect(problems).toContainText('write-once');
    await expect(problems).toContainText('resources.gen.yaml');
    await saveScreenshot(page, 'holos-plan-problems');
  });

  test('every example of examples/holos reads as its README says: the valid ones clean, each invalid one breaking its rule', async ({
    page,
  }) => {
    await openRenderPlans(page);
    const upload = (file: string) =>
      page
        .getByTestId('holos-file-input')
        .setInputFiles(path.join(examples, file));
    for (const file of [
      'buildcontext-slice.yaml',
      'multi-generator-join.yaml',
      'helm-kustomize.yaml',
    ]) {
      await upload(file);
      await expect(page.getByTestId('holos-summary')).toHaveText(
        /^1 plan, 1 valid, 0 problems$/,
      );
    }
    // invalid/<rule>.yaml breaks <rule>; invalid/schema-*.yaml break the schema.
    for (const file of fs.readdirSync(path.join(examples, 'invalid')).sort()) {
      const rule = file.startsWith('schema-')
        ? 'schema'
        : file.replace(/\.yaml$/, '');
      await upload(`invalid/${file}`);
      await expect(page.getByTestId('holos-summary')).toHaveText(
        /^1 plan, 0 valid, 1 problem$/,
      );
      await page.getByRole('tab', { name: 'Problems (1)' }).click();
      await expect(
        page.getByRole('table', { name: /^Problems of plan / }),
      ).toContainText(rule);
      await page.getByRole('tab', { name: 'Pipeline' }).click();
    }
  });

  test('text that is not YAML is refused with the line to fix', async ({
    page,
  }) => {
    await openRenderPlans(page);
    await validateText(
      page,
      'apiVersion: v1alpha6\nkind: BuildPlan\nmetadata: name: broken\nspec: {}\n',
    );
    const alert = page.getByTestId('holos-input-error');
    await expect(alert).toContainText(/line 3/i);
    await expect(
      page.getByRole('button', { name: 'Go to line 3' }),
    ).toBeVisible();
    await expect(page.getByText(/\d+ plans?, \d+ valid/)).toHaveCount(0);
  });

  test('an entity with holos.run/buildplans has a Render plan tab read from its source location', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/platform-manifests');
    const tab = entityTab(page, 'Render plan');
    await expect(tab).toBeVisible();
    await tab.click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/platform-manifests\/holos$/,
    );
    // examples/entities.yaml says ./holos/stream.yaml: resolved against the entity's file location.
    await expect(page.getByTestId('holos-location')).toContainText(
      'holos/stream.yaml',
    );
    await expect(page.getByText(/^3 plans/)).toBeVisible();
    await expect(page.getByText('httpbin').first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'Render plan tab');
    await saveScreenshot(page, 'holos-entity-tab');

    // A component without the annotation has no such tab.
    await page.goto('/catalog/default/component/portal-docs');
    await expect(entityTab(page, 'Overview')).toBeVisible();
    await expect(entityTab(page, 'Render plan')).toHaveCount(0);
  });
});
