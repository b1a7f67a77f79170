/**
 * Browser harness of the benchmark: renders the plugin's LogViewerView (the LogViewer without
 * data fetching) over a LogStore filled in the page, and exposes `window.runBench`, which returns
 * the timings (bench/harness/browserBench.ts prints them).
 */
import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import { createRoot } from 'react-dom/client';
import { LogViewerView } from '../../plugins/openchoreo-build/src/components/LogViewer/LogViewerView';
import { LogStore } from '../../plugins/openchoreo-build/src/components/LogViewer/logStore';
import { ERROR_LINE_RULE } from '../../plugins/openchoreo-build/src/components/LogViewer/errorLine';
import { formatTime } from '../../plugins/openchoreo-build/src/components/common/format';

export interface FillResult {
  /** The page's first locale formatting (the browser loads its ICU data once per page). */
  firstLocaleFormatMs: number;
  fillMs: number;
  firstRenderMs: number;
  domRows: number;
}

export interface SearchResults {
  /** The first query typed into the search box → the frame that shows its match count. */
  searchUiMs: number;
  matches: number;
  /** More queries through the UI (each after clearing the box): median and max. */
  moreQueries: number;
  searchUiMedianMs: number;
  searchUiMaxMs: number;
  /** `LogStore.search` called directly (no React). */
  searchStoreMs: number;
  searchStoreMatches: number;
  scrollMs: number;
  domRowsAfterScroll: number;
}

export interface FirstErrorResults {
  /** Click on "First error" → the frame that shows the selected line. */
  firstErrorUiMs: number;
  /** 1-based line the click selected. */
  firstErrorLine: number;
  /** `LogStore.firstLine(ERROR_LINE_RULE)` repeated from each hit on: every error line of the log. */
  errorScanMs: number;
  errorLines: number;
}

declare global {
  interface Window {
    bench: Record<string, unknown>;
    /** Fills a LogStore with `lines` lines and renders the viewer over it. */
    benchFill(lines: number): Promise<FillResult>;
    /** Searches through the UI and scrolls (after benchFill). */
    benchSearch(): Promise<SearchResults>;
    /** The "First error" button and a scan of the whole log for error lines (after benchFill). */
    benchFirstError(): Promise<FirstErrorResults>;
  }
}

const C = {
  gray: '\u001b[90m',
  green: '\u001b[32m',
  red: '\u001b[1;31m',
  reset: '\u001b[0m',
};

/** One line of the synthetic log; every 50,000th is an ERROR line with the needle. */
function logLine(n: number): string {
  return n % 50_000 === 49_999
    ? `${C.red}ERROR${C.reset} step ${n}: needle-in-the-log failed`
    : `${C.gray}[build]${C.reset} compiling module ${n} ${(
        (n * 2654435761) >>>
        0
      )
        .toString(16)
        .padStart(8, '0')} ${C.green}ok${C.reset} ........`;
}

function nextFrame(): Promise<void> {
  return new Promise(resolve => requestAnimationFrame(() => resolve()));
}

/** Resolves as soon as `element`'s text satisfies `done` (checked on every DOM change). */
function whenText(
  element: Element,
  done: (text: string) => boolean,
): Promise<void> {
  if (done(element.textContent ?? '')) return Promise.resolve();
  return new Promise(resolve => {
    const observer = new MutationObserver(() => {
      if (!done(element.textContent ?? '')) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(element, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
}

/** Resolves as soon as an element matching `selector` is in the document. */
function whenPresent(selector: string): Promise<void> {
  if (document.querySelector(selector)) return Promise.resolve();
  return new Promise(resolve => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
    });
  });
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let store: LogStore | undefined;

window.benchFill = async (lines: number) => {
  const t0 = performance.now();
  store = new LogStore();
  const batch: Array<{ n: number; ts: string; text: string }> = [];
  for (let n = 0; n < lines; n += 1) {
    batch.push({
      n,
      ts: `2025-05-01T10:${String(Math.floor(n / 60000) % 60).padStart(
        2,
        '0',
      )}:00.${String(n).padStart(9, '0')}Z`,
      text: logLine(n),
    });
    if (batch.length === 10_000) {
      store.append(batch);
      batch.length = 0;
    }
  }
  store.append(batch);
  const filled = performance.now();
  // The run page shows the run's times (RunSummaryCard: formatTime) above the log. Without them
  // this bare page would load the browser's locale data in the first search's render (the match
  // count is formatted with toLocaleString); it is timed on its own instead.
  const l0 = performance.now();
  const started = formatTime(new Date(0).toISOString());
  const firstLocaleFormatMs = performance.now() - l0;
  const root = createRoot(document.getElementById('root')!);
  // The viewer's texts come from the plugin's translation ref, which needs the translation and
  // error APIs of an app: the defaults (English) here.
  root.render(
    <TestApiProvider apis={[mockApis.translation(), mockApis.error()]}>
      <p>Started {started}</p>
      <LogViewerView
        store={store}
        version={store.version}
        source="live"
        state="open"
        height={800}
        searchDebounceMs={0}
      />
    </TestApiProvider>,
  );
  while (!document.querySelector('[data-line]')) await nextFrame();
  const rendered = performance.now();
  return {
    firstLocaleFormatMs,
    fillMs: filled - t0,
    firstRenderMs: rendered - filled,
    domRows: document.querySelectorAll('[data-line]').length,
  };
};

window.benchSearch = async () => {
  if (!store) throw new Error('call benchFill first');

  // Search through the UI: type the query, wait for the frame that shows its match count.
  const input = document.querySelector(
    'input[aria-label^="Search log"]',
  ) as HTMLInputElement;
  const setValue = Object.getOwnPropertyDescriptor(
    HTMLInputElement.prototype,
    'value',
  )!.set!;
  const type = (value: string) => {
    setValue.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const count = document.querySelector('[data-testid="log-match-count"]')!;
  const searchUi = async (query: string) => {
    type('');
    await whenText(count, text => text === '');
    await nextFrame();
    const s0 = performance.now();
    type(query);
    await whenText(count, text => / of |No matches/.test(text));
    await nextFrame();
    return {
      ms: performance.now() - s0,
      matches: Number(
        (count.textContent ?? '').split(' of ')[1]?.replace(/\D/g, '') ?? 0,
      ),
    };
  };
  const first = await searchUi('needle-in-the-log');
  const more = [
    'module 777777 ',
    'ERROR step',
    'deadbeef',
    'Compiling Module 12345',
    'needle',
  ];
  const moreMs: number[] = [];
  for (const query of more) moreMs.push((await searchUi(query)).ms);

  const s1 = performance.now();
  const direct = store.search('module 777777 ');
  const searchedDirect = performance.now();

  // Scroll through the middle: time to show rows there.
  const view = document.querySelector(
    '[data-testid="log-lines"]',
  ) as HTMLElement;
  const sc0 = performance.now();
  view.scrollTop = view.scrollHeight / 2;
  view.dispatchEvent(new Event('scroll'));
  await nextFrame();
  const scrolled = performance.now();
  return {
    searchUiMs: first.ms,
    matches: first.matches,
    moreQueries: more.length,
    searchUiMedianMs: median(moreMs),
    searchUiMaxMs: Math.max(...moreMs),
    searchStoreMs: searchedDirect - s1,
    searchStoreMatches: direct.count,
    scrollMs: scrolled - sc0,
    domRowsAfterScroll: document.querySelectorAll('[data-line]').length,
  };
};
window.benchFirstError = async () => {
  if (!store) throw new Error('call benchFill first');
  const button = document.querySelector(
    '[data-testid="log-first-error"]',
  ) as HTMLButtonElement;
  const f0 = performance.now();
  button.click();
  await whenPresent('.oc-log-selected');
  await nextFrame();
  const firstErrorUiMs = performance.now() - f0;
  const selected = document.querySelector('.oc-log-selected');

  // Every error line, one scan from each hit on: the cost of scanning all 1M lines with the rule.
  const s0 = performance.now();
  let errorLines = 0;
  for (
    let line = store.firstLine(ERROR_LINE_RULE);
    line !== -1;
    line = store.firstLine(ERROR_LINE_RULE, line + 1)
  )
    errorLines += 1;
  return {
    firstErrorUiMs,
    firstErrorLine: Number(selected?.getAttribute('data-line') ?? 0),
    errorScanMs: performance.now() - s0,
    errorLines,
  };
};

window.bench = { ready: true };
