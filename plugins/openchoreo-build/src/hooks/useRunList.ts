import { useApi } from '@backstage/core-plugin-api';
import {
  listedBefore,
  runMatchesFilter,
  type RunEvent,
  type RunFilter,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { openChoreoBuildApiRef, type RunEventStreamState } from '../api';
import { useRefreshable } from './useRefreshable';
import { useRunEvents } from './useRunEvents';

/**
 * Applies one live event to a page of runs: updates a listed run in place, removes it when deleted
 * or when it no longer matches the filter, and, when `acceptNew` (the first page), inserts a new
 * matching run where the backend's order puts it. The page keeps the backend's order: it is never
 * re-sorted.
 */
export function applyRunEvent(
  items: RunSummary[],
  event: RunEvent,
  filter: RunFilter,
  acceptNew: boolean,
): RunSummary[] {
  const index = items.findIndex(
    r => r.name === event.run.name && r.namespace === event.run.namespace,
  );
  if (event.type === 'deleted' || !runMatchesFilter(event.run, filter)) {
    return index === -1 ? items : items.filter((_, i) => i !== index);
  }
  if (index !== -1) {
    const next = [...items];
    next[index] = event.run;
    return next;
  }
  if (!acceptNew) return items;
  const at = items.findIndex(listed => listedBefore(event.run, listed));
  return at === -1
    ? [...items, event.run]
    : [...items.slice(0, at), event.run, ...items.slice(at)];
}

/** State of {@link useRunList}. */
export interface RunListState {
  value?: {
    items: RunSummary[];
    page: number;
    hasNext: boolean;
    hasPrevious: boolean;
  };
  loading: boolean;
  error?: Error;
  retry: () => void;
  nextPage: () => void;
  previousPage: () => void;
  /** Shows a run the user just created (if it matches and is not listed yet: events stay authoritative). */
  addRun: (run: RunSummary) => void;
  live: { state: RunEventStreamState; error?: Error };
}

/**
 * Runs, a page at a time with the backend's cursor, kept live from `/events`: a new run appears
 * on the first page and status changes show without a reload. The backend applies `filter` to
 * the pages; the same shared rule (`runMatchesFilter`) keeps live events out of a page it excludes.
 */
export function useRunList(filter: RunFilter, pageSize = 20): RunListState {
  const api = useApi(openChoreoBuildApiRef);
  const key = JSON.stringify(filter);
  const [paging, setPaging] = useState<{
    key: string;
    cursors: Array<string | undefined>;
    page: number;
  }>({ key, cursors: [undefined], page: 0 });
  // A new filter starts again at the first page.
  const current =
    paging.key === key ? paging : { key, cursors: [undefined], page: 0 };
  const { page } = current;
  const cursor = current.cursors[page];
  const [items, setItems] = useState<RunSummary[]>([]);

  const { value, loading, error, retry, refresh } = useRefreshable(
    () => api.listRuns({ ...filter, limit: pageSize, cursor }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, cursor, pageSize],
  );

  // The page as the backend ordered and filtered it.
  useEffect(() => setItems(value?.items ?? []), [value]);

  const onRun = useCallback(
    (event: RunEvent) =>
      setItems(listed => applyRunEvent(listed, event, filter, page === 0)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, page],
  );
  const live = useRunEvents(
    filter.namespace,
    { onRun, onReset: refresh },
    !error,
  );

  const nextCursor = value?.nextCursor;
  const nextPage = useCallback(() => {
    if (!nextCursor) return;
    setPaging(p => {
      const base = p.key === key ? p : { key, cursors: [undefined], page: 0 };
      return {
        key,
        cursors: [...base.cursors.slice(0, base.page + 1), nextCursor],
        page: base.page + 1,
      };
    });
  }, [nextCursor, key]);
  const previousPage = useCallback(
    () =>
      setPaging(p =>
        p.key === key ? { ...p, page: Math.max(0, p.page - 1) } : p,
      ),
    [key],
  );

  const addRun = useCallback(
    (run: RunSummary) =>
      setItems(listed =>
        listed.some(r => r.name === run.name && r.namespace === run.namespace)
          ? listed
          : applyRunEvent(
              listed,
              { type: 'added', namespace: run.namespace, run },
              filter,
              page === 0,
            ),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, page],
  );

  const result = useMemo(
    () =>
      value
        ? { items, page, hasNext: Boolean(nextCursor), hasPrevious: page > 0 }
        : undefined,
    [value, items, page, nextCursor],
  );
  return {
    value: result,
    loading,
    error,
    retry,
    nextPage,
    previousPage,
    addRun,
    live,
  };
}
