/**
 * Browser harness of the benchmark: renders the plugin's LogViewerView (the LogViewer without
 * data fetching) over a LogStore filled in the page, and exposes timings on `window.bench`.
 */
import { createRoot } from 'react-dom/client';
import { LogViewerView } from '../../plugins/openchoreo-build/src/components/LogViewer/LogViewerView';
import { LogStore } from '../../plugins/openchoreo-build/src/components/LogViewer/logStore';

declare global {
  interface Window {
    bench: Record<string, unknown>;
    runBench(lines: number): Promise<Record<string, number>>;
  }
}

const C = {
  gray: '\u001b[90m',
  green: '\u001b[32m',
  red: '\u001b[1;31m',
  reset: '\u001b[0m',
};

function nextFrame(): Promise<void> {
  return new Promise(resolve =>
    requestAnimationFrame(() => setTimeout(resolve, 0)),
  );
}

window.runBench = async (lines: number) => {
  const t0 = performance.now();
  const store = new LogStore();
  const batch: Array<{ n: number; ts: string; text: string }> = [];
  for (let n = 0; n < lines; n += 1) {
    const text =
      n % 50_000 === 49_999
        ? `${C.red}ERROR${C.reset} step ${n}: needle-in-the-log failed`
        : `${C.gray}[build]${C.reset} compiling module ${n} ${(
            (n * 2654435761) >>>
            0
          )
            .toString(16)
            .padStart(8, '0')} ${C.green}ok${C.reset} ........`;
    batch.push({
      n,
      ts: `2025-05-01T10:${String(Math.floor(n / 60000) % 60).padStart(
        2,
        '0',
      )}:00.${String(n).padStart(9, '0')}Z`,
      text,
    });
    if (batch.length === 10_000) {
      store.append(batch);
      batch.length = 0;
    }
  }
  store.append(batch);
  const filled = performance.now();
  const root = createRoot(document.getElementById('root')!);
  root.render(
    <LogViewerView
      store={store}
      version={store.version}
      source="live"
      state="open"
      height={800}
      searchDebounceMs={0}
    />,
  );
  while (!document.querySelector('[data-line]')) await nextFrame();
  const rendered = performance.now();
  const rows = document.querySelectorAll('[data-line]').length;

  // Search through the UI: type the query, wait for the count.
  const input = document.querySelector(
    'input[aria-label^="Search log"]',
  ) as HTMLInputElement;
  const setter = Object.getOwnPropertyDescriptor(
    HTMLInputElement.prototype,
    'value',
  )!.set!;
  const s0 = performance.now();
  setter.call(input, 'needle-in-the-log');
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const count = document.querySelector('[data-testid="log-match-count"]')!;
  while (!/of/.test(count.textContent ?? '')) await nextFrame();
  const searched = performance.now();
  // Second search over the cached lower-case text.
  const s1 = performance.now();
  const again = store.search('module 777777 ');
  const searchedAgain = performance.now();

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
    fillMs: filled - t0,
    firstRenderMs: rendered - filled,
    totalToFirstRenderMs: rendered - t0,
    domRows: rows,
    searchUiMs: searched - s0,
    matches: Number(
      (count.textContent ?? '').split(' of ')[1]?.replace(/\D/g, '') ?? 0,
    ),
    searchAgainMs: searchedAgain - s1,
    searchAgainMatches: again.count,
    scrollMs: scrolled - sc0,
    domRowsAfterScroll: document.querySelectorAll('[data-line]').length,
  };
};
window.bench = { ready: true };
