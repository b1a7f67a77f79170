import { useApi } from '@backstage/core-plugin-api';
import type {
  RunEvent,
  RunStatus,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { openChoreoBuildApiRef, type RunEventStreamState } from '../api';
import { useRefreshable } from './useRefreshable';
import { useRunEvents } from './useRunEvents';

/** Which runs to list. Everything but `workflow` is filtered by the backend. */
export interface RunFilter {
  namespace?: string;
  project?: string;
  component?: string;
  status?: RunStatus[];
  /** Filtered in the browser (the runs route has no workflow filter). */
  workflow?: string;
}

/** Whether a run belongs in a list with this filter. */
export function runMatches(run: RunSummary, filter: RunFilter): boolean {
  if (filter.namespace && run.namespace !== filter.namespace) return false;
  if (filter.project && run.project !== filter.project) return false;
  if (filter.component && run.component !== filter.component) return false;
  if (filter.workflow && run.workflow !== filter.workflow) return false;
  if (filter.status?.length && !filter.status.includes(run.status)) return false;
  return true;
}

const time = (run: RunSummary) => Date.parse(run.createdAt ?? run.startedAt ?? '') || 0;

/** Newest first; runs without a time keep their order after the dated ones. */
export function sortRuns(runs: RunSummary[]): RunSummary[] {
  return [...runs].sort((a, b) => time(b) - time(a));
}

/**
 * Applies one live event to a page of runs: updates a listed run, removes it when deleted or when
 * it no longer matches the filter, and adds a new matching run when `acceptNew` (the first page).
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
  if (event.type === 'deleted' || !runMatches(event.run, filter)) {
    return index === -1 ? items : items.filter((_, i) => i !== index);
  }
  if (index !== -1) {
    const next = [...items];
    next[index] = event.run;
    return next;
  }
  return acceptNew ? sortRuns([event.run, ...items]) : items;
}

/** State of {@link useRunList}. */
export interface RunListState {
  value?: { items: RunSummary[]; page: number; hasNext: boolean; hasPrevious: boolean };
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
 * on the first page and status changes show without a reload.
 */
export function useRunList(filter: RunFilter, pageSize = 20): RunListState {
  const api = useApi(openChoreoBuildApiRef);
  const key = JSON.stringify(filter);
  const [paging, setPaging] = useState<{ key: string; cursors: Array<string | undefined>; page: number }>(
    { key, cursors: [undefined], page: 0 },
  );
  // A new filter starts again at the first page.
  const current = paging.key === key ? paging : { key, cursors: [undefined], page: 0 };
  const { page } = current;
  const cursor = current.cursors[page];
  const [items, setItems] = useState<RunSummary[]>([]);

  const { value, loading, error, retry, refresh } = useRefreshable(
    () =>
      api.listRuns({
        namespace: filter.namespace,
        project: filter.project,
        component: filter.component,
        status: filter.status,
        limit: pageSize,
        cursor,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, cursor, pageSize],
  );

  useEffect(() => {
    setItems(sortRuns((value?.items ?? []).filter(r => runMatches(r, filter))));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  const onRun = useCallback(
    (event: RunEvent) => setItems(listed => applyRunEvent(listed, event, filter, page === 0)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, page],
  );
  const live = useRunEvents(filter.namespace, { onRun, onReset: refresh }, !error);

  const nextCursor = value?.nextCursor;
  const nextPage = useCallback(() => {
    if (!nextCursor) return;
    setPaging(p => {
      const base = p.key === key ? p : { key, cursors: [undefined], page: 0 };
      return { key, cursors: [...base.cursors.slice(0, base.page + 1), nextCursor], page: base.page + 1 };
    });
  }, [nextCursor, key]);
  const previousPage = useCallback(
    () =>
      setPaging(p => (p.key === key ? { ...p, page: Math.max(0, p.page - 1) } : p)),
    [key],
  );

  const addRun = useCallback(
    (run: RunSummary) =>
      setItems(listed =>
        listed.some(r => r.name === run.name && r.namespace === run.namespace)
          ? listed
          : applyRunEvent(listed, { type: 'added', namespace: run.namespace, run }, filter, page === 0),
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
  return { value: result, loading, error, retry, nextPage, previousPage, addRun, live };
}
