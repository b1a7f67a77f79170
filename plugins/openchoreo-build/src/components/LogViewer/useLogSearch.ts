import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogStore, SearchResult } from './logStore';

export interface LogSearch {
  query: string;
  setQuery(query: string): void;
  /** The result for `query` once searched (undefined while typing the first characters). */
  result?: SearchResult;
  /** Index into `result` of the current match. */
  activeMatch: number;
  /** Makes match `index` (wrapping around) the current one and shows it. */
  goToMatch(index: number): void;
}

/**
 * Search over the log: debounced while typing, re-run (more slowly) when new lines arrive so the
 * count stays right. A new query starts at its first match; `reveal` scrolls a line into view.
 */
export function useLogSearch(
  store: LogStore,
  version: number,
  debounceMs: number,
  reveal: (line: number) => void,
): LogSearch {
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<SearchResult | undefined>();
  const [activeMatch, setActiveMatch] = useState(0);
  const lastQuery = useRef('');

  // The result, the active match, follow and the scroll position change in one batch (one render
  // of the rows, not one per state).
  useEffect(() => {
    if (!query) {
      lastQuery.current = '';
      setResult(undefined);
      return undefined;
    }
    const timer = setTimeout(
      () => {
        const found = store.search(query);
        setResult(found);
        if (query === lastQuery.current) return;
        lastQuery.current = query;
        setActiveMatch(0);
        if (found.count > 0) reveal(found.lines[0]);
      },
      result?.query === query ? Math.max(debounceMs, 500) : debounceMs,
    );
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, store, version, debounceMs]);

  const goToMatch = useCallback(
    (index: number) => {
      if (!result || result.count === 0) return;
      const wrapped = ((index % result.count) + result.count) % result.count;
      setActiveMatch(wrapped);
      reveal(result.lines[wrapped]);
    },
    [result, reveal],
  );

  return { query, setQuery, result, activeMatch, goToMatch };
}
