/**
 * The browser part of `yarn bench`: bundles bench/harness/entry.tsx (the plugin's LogViewerView
 * over a LogStore filled in the page) with esbuild, opens it in headless Debian Chromium through
 * playwright-core, runs `window.benchFill`, `window.benchSearch` and `window.benchFirstError` and reads
 * the JS heap after a forced GC.
 *
 * `BENCH_BROWSER_PROFILE=<dir>` writes CPU profiles of the page (`fill.cpuprofile`, `search.cpuprofile`;
 * open them in Chrome DevTools or speedscope) from a bundle with readable names.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumLaunchOptions } from '../../packages/app/e2e-tests/chromium';
import type { FillResult, FirstErrorResults, SearchResults } from './entry';

export const BROWSER_LINES = 1_000_000;

const mb = (bytes: number) => bytes / (1024 * 1024);
const fmt = (n: number, digits = 1) => n.toFixed(digits);

export interface BrowserBenchResult
  extends FillResult,
    SearchResults,
    FirstErrorResults {
  bundleMs: number;
  bundleKb: number;
  heapUsedMb: number;
  heapTotalMb: number;
}

async function bundleHarness(): Promise<{
  html: string;
  kb: number;
  ms: number;
}> {
  // esbuild comes with the toolchain (Backstage CLI); it bundles the viewer for a bare page.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild');
  const t0 = performance.now();
  const bundle = await esbuild.build({
    entryPoints: [path.join(__dirname, 'entry.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    minifyWhitespace: true,
    minifySyntax: true,
    // Readable function names in a profile.
    minifyIdentifiers: !process.env.BENCH_BROWSER_PROFILE,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    // The page's API provider (@backstage/frontend-test-utils) imports core-components, whose
    // illustrations the viewer never shows.
    loader: { '.svg': 'empty' },
    logLevel: 'error',
  });
  const ms = performance.now() - t0;
  const script = bundle.outputFiles[0].text.replace(/<\/script/g, '<\\/script');
  return {
    html: `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;font-family:sans-serif}</style></head><body><div id="root" style="width:1280px"></div><script>${script}</script></body></html>`,
    kb: bundle.outputFiles[0].contents.length / 1024,
    ms,
  };
}

export async function browserBench(
  lines = BROWSER_LINES,
): Promise<BrowserBenchResult> {
  const bundle = await bundleHarness();
  const file = path.join(os.tmpdir(), `oc-log-bench-${process.pid}.html`);
  fs.writeFileSync(file, bundle.html);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    ...chromiumLaunchOptions,
    headless: true,
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
    });
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => window.bench?.ready);
    const cdp = await page.context().newCDPSession(page);
    const profileDir = process.env.BENCH_BROWSER_PROFILE;
    /** Runs `phase`, recording a CPU profile of it into `<profileDir>/<name>.cpuprofile`. */
    const profiled = async <T>(name: string, phase: () => Promise<T>) => {
      if (!profileDir) return phase();
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      const value = await phase();
      const { profile } = await cdp.send('Profiler.stop');
      fs.mkdirSync(profileDir, { recursive: true });
      fs.writeFileSync(
        path.join(profileDir, `${name}.cpuprofile`),
        JSON.stringify(profile),
      );
      return value;
    };
    const fill: FillResult = await profiled('fill', () =>
      page.evaluate((n: number) => window.benchFill(n), lines),
    );
    const search: SearchResults = await profiled('search', () =>
      page.evaluate(() => window.benchSearch()),
    );
    const firstError: FirstErrorResults = await page.evaluate(() =>
      window.benchFirstError(),
    );
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    return {
      ...fill,
      ...search,
      ...firstError,
      bundleMs: bundle.ms,
      bundleKb: bundle.kb,
      heapUsedMb: mb(heap.usedSize),
      heapTotalMb: mb(heap.totalSize),
    };
  } finally {
    await browser.close();
    fs.rmSync(file, { force: true });
  }
}

/** Runs the browser part and prints its lines through `print` (the benchmark's table). */
export async function printBrowserBench(
  print: (key: string, value: string) => void,
): Promise<void> {
  const browser = await browserBench();
  print('browser: 1M lines, fill LogStore', `${fmt(browser.fillMs, 0)} ms`);
  print(
    'browser: first locale format in the page',
    `${fmt(browser.firstLocaleFormatMs, 0)} ms`,
  );
  print(
    'browser: time to first render',
    `${fmt(browser.firstRenderMs, 0)} ms (rows in DOM: ${browser.domRows})`,
  );
  print(
    'browser: search via the UI (1M lines)',
    `${fmt(browser.searchUiMs, 0)} ms, ${browser.matches} matches`,
  );
  print(
    `browser: search via the UI, ${browser.moreQueries} more queries`,
    `median ${fmt(browser.searchUiMedianMs, 0)} ms, max ${fmt(
      browser.searchUiMaxMs,
      0,
    )} ms`,
  );
  print(
    'browser: LogStore.search alone (1M lines)',
    `${fmt(browser.searchStoreMs, 0)} ms, ${
      browser.searchStoreMatches
    } matches`,
  );
  print(
    'browser: scroll to the middle',
    `${fmt(browser.scrollMs, 0)} ms (rows in DOM: ${
      browser.domRowsAfterScroll
    })`,
  );
  print(
    'browser: First error via the UI',
    `${fmt(browser.firstErrorUiMs, 0)} ms (line ${browser.firstErrorLine})`,
  );
  print(
    'browser: every error line (1M lines)',
    `${fmt(browser.errorScanMs, 0)} ms, ${browser.errorLines} lines`,
  );
  print(
    'browser: JS heap after GC',
    `${fmt(browser.heapUsedMb)} MB used / ${fmt(browser.heapTotalMb)} MB total`,
  );
  print(
    'browser: bundle',
    `${fmt(browser.bundleKb, 0)} KB built in ${fmt(
      browser.bundleMs,
      0,
    )} ms (esbuild)`,
  );
}
