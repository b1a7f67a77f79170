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

/** A tab of the Builds page (Runs, Build planes, Workflows, Render plans) in its header. */
export function buildsTab(page: Page, name: string) {
  return page.getByRole('tab', { name, exact: true });
}

/** Opens a tab of the Builds page the way a user does: sidebar entry "Builds", then the tab. */
export async function openBuildsPageTab(page: Page, name: string) {
  await sidebarLink(page, 'Builds').click();
  await buildsTab(page, name).click();
  await expect(buildsTab(page, name)).toHaveAttribute('aria-selected', 'true');
}

/** A tab of the catalog entity page (rendered as links in a "Content navigation" nav). */
export function entityTab(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true });
}

/** One axe-core violation, as much of it as a failure message needs. */
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string; html?: string }>;
}

/**
 * A violation left to Backstage: the header tabs of a page with sub-pages (`@backstage/ui`
 * Tabs, React Aria) point `aria-controls` at a tab panel id that nothing renders, as route tabs
 * have no panels (backstage/backstage#35180, open at Backstage 1.55). Only that attribute on
 * those tabs is ignored; any other node of the rule still fails.
 */
function isKnownBuiTabDefect(
  violation: AxeViolation,
  node: AxeViolation['nodes'][number],
): boolean {
  return (
    violation.id === 'aria-valid-attr-value' &&
    node.target.some(t => /-tab-[\w-]+"?\]?$/.test(String(t))) &&
    /aria-controls="[^"]*-tabpanel-[\w-]+"/.test(node.failureSummary ?? '')
  );
}

/**
 * The other: the Notifications page (`@backstage/plugin-notifications`, not ours) lists
 * notifications in core-components' `Table` (material-table), whose column headers are
 * react-beautiful-dnd drag handles: a `div role="button"` without a name around the header's
 * own controls (the select-all checkbox). Only those handles are ignored, for those two rules.
 */
function isKnownMaterialTableDragHandle(
  violation: AxeViolation,
  node: AxeViolation['nodes'][number],
): boolean {
  return (
    ['aria-command-name', 'nested-interactive'].includes(violation.id) &&
    /^<div [^>]*data-rbd-drag-handle-draggable-id=/.test(node.html ?? '')
  );
}

/**
 * Runs axe-core in the page (injected from the root node_modules) and fails on any serious or
 * critical violation, listing each with the elements it found.
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  what: string,
): Promise<void> {
  const axePath = require.resolve('axe-core');
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) {
    await page.addScriptTag({ path: axePath });
  }
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations as unknown[];
  });
  const serious = (violations as AxeViolation[])
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({
      ...v,
      nodes: v.nodes.filter(
        n =>
          !isKnownBuiTabDefect(v, n) && !isKnownMaterialTableDragHandle(v, n),
      ),
    }))
    .filter(v => v.nodes.length > 0);
  const report = serious
    .map(
      v =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 5)
          .map(n => `  - ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
  expect(
    serious,
    `axe found serious/critical violations on ${what}:\n${report}`,
  ).toEqual([]);
}

/**
 * Records, from now on and without reloading, every status text each runs-table row shows (rows
 * that appear later included), so a test can assert the sequence even when a status is brief.
 */
export async function recordRowStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __statuses?: Record<string, string[]> };
    const all: Record<string, string[]> = (w.__statuses = {});
    const record = () => {
      document.querySelectorAll('[data-testid^="run-row-"]').forEach(row => {
        const id = row.getAttribute('data-testid')!;
        const status = row.querySelector('td')?.textContent?.trim();
        const seen = (all[id] = all[id] ?? []);
        if (status && seen[seen.length - 1] !== status) seen.push(status);
      });
    };
    record();
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

/** The statuses {@link recordRowStatuses} saw for one run, in order. */
export async function recordedStatuses(
  page: Page,
  runName: string,
): Promise<string[]> {
  return page.evaluate(
    id =>
      (window as unknown as { __statuses?: Record<string, string[]> })
        .__statuses?.[id] ?? [],
    `run-row-${runName}`,
  );
}
