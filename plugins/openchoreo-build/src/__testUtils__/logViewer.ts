import { screen } from '@testing-library/react';
import { LogStore } from '../components/LogViewer/logStore';

/** A log store holding `texts` as lines 1…n. */
export function logStoreOf(texts: string[]): LogStore {
  const store = new LogStore();
  store.append(texts.map((text, n) => ({ n, text })));
  return store;
}

/** A log store of `count` lines, each `text(index)` (by default a line with green ANSI text). */
export function numberedLogStore(
  count: number,
  text = (i: number) => `line ${i} \u001b[32mok\u001b[0m`,
): LogStore {
  return logStoreOf(Array.from({ length: count }, (_, i) => text(i)));
}

/** The line numbers of the rows the log viewer renders now (its window of a long log). */
export const renderedLineNumbers = () =>
  screen
    .getAllByRole('link', { name: /^Line \d+, link$/ })
    .map(a => Number(a.textContent));
