import { expect, test, type Page } from '@playwright/test';
import {
  entityTab,
  expectNoSeriousA11yViolations,
  saveScreenshot,
  signInAsGuest,
} from './helpers';

/** The two screens the build views must read well on (issue #19 item 7): a laptop and a desktop. */
const VIEWPORTS = [
  { name: '1280', width: 1280, height: 800 },
  { name: '1920', width: 1920, height: 1080 },
] as const;

/** What the page shows that does not fit: tables wider than their box, short words broken in two. */
interface LayoutProblems {
  /** Tables whose content is wider than the box they sit in (so the box scrolls sideways). */
  overflowingTables: string[];
  /** Cell texts of one short word that the browser broke over two lines ("strin / g"). */
  brokenWords: string[];
  /** Cell texts wider than their cell and cut off without an ellipsis (a "Succeede" phase). */
  clippedCells: string[];
  /** True when the whole document scrolls sideways. */
  pageScrollsSideways: boolean;
}

async function layoutProblems(page: Page): Promise<LayoutProblems> {
  return page.evaluate(() => {
    const overflowingTables: string[] = [];
    for (const table of Array.from(document.querySelectorAll('table'))) {
      const box = table.parentElement;
      if (!box) continue;
      if (table.getBoundingClientRect().width > box.clientWidth + 1) {
        overflowingTables.push(
          table.getAttribute('aria-label') ?? table.id ?? 'a table',
        );
      }
    }
    const brokenWords: string[] = [];
    for (const cell of Array.from(document.querySelectorAll('td, th'))) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        if (!/^\S{2,24}$/.test(text)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const lines = new Set(
          Array.from(range.getClientRects())
            .filter(r => r.width > 0)
            .map(r => Math.round(r.top)),
        );
        if (lines.size > 1) brokenWords.push(text);
      }
    }
    // A value that ends in "…" (TruncatedText) clips inside its own box; whatever else is wider
    // than its cell is cut off at the cell's edge.
    const clippedCells: string[] = [];
    for (const cell of Array.from(document.querySelectorAll('td, th'))) {
      if (cell.scrollWidth > cell.clientWidth + 1) {
        clippedCells.push(cell.textContent?.trim() ?? '');
      }
    }
    return {
      overflowingTables,
      brokenWords,
      clippedCells,
      pageScrollsSideways:
        document.documentElement.scrollWidth > window.innerWidth + 1,
    };
  });
}

async function expectFits(page: Page, view: string, size: string) {
  await saveScreenshot(page, `layout-${view}-${size}`);
  expect(await layoutProblems(page), `${view} at ${size} px`).toEqual({
    overflowingTables: [],
    brokenWords: [],
    clippedCells: [],
    pageScrollsSideways: false,
  });
}

for (const viewport of VIEWPORTS) {
  test.describe(`layout at ${viewport.width}×${viewport.height}`, () => {
    test.use({
      viewport: { width: viewport.width, height: viewport.height },
    });

    test.beforeEach(async ({ page }) => {
      await signInAsGuest(page);
    });

    test('the Builds page, the entity Overview and Builds tab, a run page, the Workflows and Build planes pages fit without sideways scrolling', async ({
      page,
    }) => {
      await page.goto('/openchoreo-builds/runs');
      const runs = page.getByRole('table', { name: 'Builds' });
      await expect(runs.getByRole('row').nth(1)).toBeVisible();
      // The columns a developer scans first stay on screen at both sizes.
      for (const column of [
        'Status',
        'Run',
        'Component',
        'Branch',
        'Started',
      ]) {
        await expect(
          runs.getByRole('columnheader', { name: column, exact: true }),
        ).toBeInViewport();
      }
      await expectFits(page, 'builds-page', viewport.name);
      await expectNoSeriousA11yViolations(
        page,
        `the Builds page at ${viewport.name} px`,
      );

      await page.goto('/catalog/default/component/greeter-service');
      await expect(
        page.getByTestId('entity-builds-card').getByTestId('latest-build'),
      ).toBeVisible();
      await expectFits(page, 'entity-overview', viewport.name);
      await entityTab(page, 'Builds').click();
      const entityRuns = page.getByRole('table', { name: /^Builds of / });
      await expect(entityRuns.getByRole('row').nth(1)).toBeVisible();
      await expectFits(page, 'entity-builds-tab', viewport.name);

      await entityRuns
        .getByRole('row')
        .nth(1)
        .getByRole('link')
        .first()
        .click();
      await expect(
        page.getByRole('heading', { name: /^Build / }),
      ).toBeVisible();
      await expect(page.getByRole('table', { name: 'Steps' })).toBeVisible();
      await expectFits(page, 'run-page', viewport.name);

      await page.goto('/openchoreo-builds/workflows');
      await expect(
        page.getByRole('table', { name: /parameters/i }).first(),
      ).toBeVisible();
      await expectFits(page, 'workflows-page', viewport.name);
      await expectNoSeriousA11yViolations(
        page,
        `the Workflows page at ${viewport.name} px`,
      );

      await page.goto('/openchoreo-builds/build-planes');
      await expect(
        page.getByRole('heading', { name: 'Builds', level: 1 }),
      ).toBeVisible();
      await expectFits(page, 'build-planes-page', viewport.name);
    });
  });
}
