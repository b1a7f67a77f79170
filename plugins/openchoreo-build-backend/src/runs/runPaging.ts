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

/**
 * Index in `runs` (in list order) of the first run that comes after `key` (`'after'`), or that does
 * not come before it (`'at'`: where a run with that key stands or would be inserted). Binary search.
 */
export function runIndex(
  runs: readonly RunSummary[],
  key: RunKey,
  side: 'at' | 'after',
): number {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareRunKeys(runKey(runs[middle]), key);
    // 'after' passes over runs equal to the key as well.
    if (order < 0 || (order === 0 && side === 'after')) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A page, and where it stopped early when a cut-off source ran out (see `pageRuns`). */
export interface RunPage extends RunListResponse {
  /**
   * The last run of a cut-off source, when the page stopped there before it was full: every run
   * up to it has been considered; the caller fetches that source on from here and continues.
   */
  stoppedAfter?: RunSummary;
}

/** The page so far, ended at the last run of a cut-off source. */
function stopAt(
  boundary: RunSummary,
  items: RunSummary[],
  limit: number,
): RunPage {
  return {
    items,
    nextCursor: encodeCursor(boundary),
    ...(items.length < limit && { stoppedAfter: boundary }),
  };
}

/**
 * One page of runs, newest first, from per-namespace lists that are each already in list order
 * (merged here). Keyset paging: the page starts right after the cursor's run, so a run created
 * between two requests (newer, hence before the cursor) never shifts or repeats what follows, and
 * every run that existed at the first request is returned exactly once.
 *
 * A source listed in `cut` holds only the first runs of a longer list (a batch read from the
 * database): the page never goes past its last run, since the runs after it are not known here.
 * Reaching that point, the page ends (`stoppedAfter`, and a cursor at it) even when it is not
 * full — without this, runs of that source the caller may not see would let the page run on
 * past unread runs of it, which the next page's cursor would then skip.
 */
export function pageRuns(options: {
  sources: ReadonlyArray<readonly RunSummary[]>;
  filter: RunFilter;
  limit: number;
  after?: RunKey;
  /** Runs the caller may see (permissions); the others are skipped like filtered ones. */
  visible?: (run: RunSummary) => boolean;
  /** Indexes of `sources` that are cut off after their last run. */
  cut?: ReadonlySet<number>;
}): RunPage {
  const { sources, filter, limit, after, visible } = options;
  const heads = sources.map(runs =>
    after ? runIndex(runs, after, 'after') : 0,
  );
  const headKeys = sources.map((runs, i) =>
    heads[i] < runs.length ? runKey(runs[heads[i]]) : undefined,
  );
  // The earliest last run of a cut-off source: nothing after it may be listed.
  let boundary: RunSummary | undefined;
  for (const i of options.cut ?? []) {
    const last = sources[i]?.[sources[i].length - 1];
    if (
      last &&
      (!boundary || compareRunKeys(runKey(last), runKey(boundary)) < 0)
    )
      boundary = last;
  }
  const items: RunSummary[] = [];
  for (;;) {
    let best = -1;
    for (let i = 0; i < sources.length; i += 1) {
      const key = headKeys[i];
      if (key && (best < 0 || compareRunKeys(key, headKeys[best]!) < 0))
        best = i;
    }
    const runs = best < 0 ? undefined : sources[best];
    const run = runs?.[heads[best]];
    if (!run || !runs) {
      // Every source is done; a cut-off one may go on in the database.
      return boundary ? stopAt(boundary, items, limit) : { items };
    }
    if (boundary && compareRunKeys(runKey(run), runKey(boundary)) > 0)
      return stopAt(boundary, items, limit);
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
