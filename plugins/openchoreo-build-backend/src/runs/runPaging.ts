import { InputError } from '@backstage/errors';
import {
  compareRunKeys,
  runKey,
  runMatchesFilter,
  type RunFilter,
  type RunKey,
  type RunListResponse,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/*
 * Keyset paging of run lists. Which runs match and in which order they are listed are the shared
 * rules of `-common` (rules/runOrder.ts), so the frontend orders live updates the same way.
 */

/** Cursor contents: the last returned run's creation time, name and namespace (a keyset position). */
interface CursorData {
  v: 2;
  c: string;
  n: string;
  s: string;
}

export function encodeCursor(
  run: Pick<RunSummary, 'createdAt' | 'name' | 'namespace'>,
): string {
  const data: CursorData = {
    v: 2,
    c: run.createdAt ?? '',
    n: run.name,
    s: run.namespace,
  };
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): RunKey {
  try {
    const value = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as Partial<CursorData>;
    if (
      value?.v === 2 &&
      typeof value.c === 'string' &&
      (value.c === '' || Number.isFinite(Date.parse(value.c))) &&
      typeof value.n === 'string' &&
      value.n !== '' &&
      typeof value.s === 'string'
    ) {
      return runKey({
        createdAt: value.c || undefined,
        name: value.n,
        namespace: value.s,
      });
    }
  } catch {
    // reported below
  }
  throw new InputError(
    'cursor: not a cursor returned by this API (use nextCursor as given, or list again without cursor)',
  );
}

/** Index of the first run of `runs` (in list order) that comes after `after`. */
function firstAfter(runs: readonly RunSummary[], after: RunKey): number {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareRunKeys(runKey(runs[middle]), after) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * One page of runs, newest first, from per-namespace lists that are each already in list order
 * (merged here). Keyset paging: the page starts right after the cursor's run, so a run created
 * between two requests (newer, hence before the cursor) never shifts or repeats what follows, and
 * every run that existed at the first request is returned exactly once.
 */
export function pageRuns(options: {
  sources: ReadonlyArray<readonly RunSummary[]>;
  filter: RunFilter;
  limit: number;
  after?: RunKey;
  /** Runs the caller may see (permissions); the others are skipped like filtered ones. */
  visible?: (run: RunSummary) => boolean;
}): RunListResponse {
  const { sources, filter, limit, after, visible } = options;
  const heads = sources.map(runs => (after ? firstAfter(runs, after) : 0));
  const headKeys = sources.map((runs, i) =>
    heads[i] < runs.length ? runKey(runs[heads[i]]) : undefined,
  );
  const items: RunSummary[] = [];
  for (;;) {
    let best = -1;
    for (let i = 0; i < sources.length; i += 1) {
      const key = headKeys[i];
      if (key && (best < 0 || compareRunKeys(key, headKeys[best]!) < 0))
        best = i;
    }
    if (best < 0) return { items };
    const runs = sources[best];
    const run = runs[heads[best]];
    heads[best] += 1;
    headKeys[best] =
      heads[best] < runs.length ? runKey(runs[heads[best]]) : undefined;
    if (!runMatchesFilter(run, filter) || (visible && !visible(run))) continue;
    // One more match than the page holds: there is a next page, starting after the page's last run.
    if (items.length === limit)
      return { items, nextCursor: encodeCursor(items[items.length - 1]) };
    items.push(run);
  }
}
