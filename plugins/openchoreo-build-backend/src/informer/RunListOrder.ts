import {
  runKey,
  sortNewestFirst,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { runIndex } from '../runs/runPaging';

/**
 * Past this many changes since the last list, sorting everything again is cheaper than moving
 * each changed run (each move shifts up to the whole array).
 */
export const MAX_INCREMENTAL_CHANGES = 1000;

/** What a change did to one run since the last list: where it stood there, what it is now. */
interface PendingChange {
  listed?: RunSummary;
  now?: RunSummary;
}

/**
 * An org's runs in list order (newest first), kept by change instead of sorted again after each:
 * with 100,000 runs a sort takes tens of milliseconds, and in a busy org every list request came
 * after some change. Changes are noted as they happen and applied at the next `list()`, to a copy,
 * so an array once returned never changes under a caller that pages through it.
 */
export class RunListOrder {
  private sorted?: readonly RunSummary[];
  private readonly changes = new Map<string, PendingChange>();

  /** `now` replaces `previous` (undefined: a new run). Both have the same name. */
  changed(previous: RunSummary | undefined, now: RunSummary): void {
    this.note(now.name, previous, now);
  }

  /** The run `previous` is gone. */
  removed(previous: RunSummary): void {
    this.note(previous.name, previous, undefined);
  }

  /** The runs in list order; `all` (every run as it is now) is sorted when there is no list to update. */
  list(all: () => Iterable<RunSummary>): readonly RunSummary[] {
    if (this.sorted && this.changes.size === 0) return this.sorted;
    const updated = this.sorted
      ? applyChanges(this.sorted, this.changes.values())
      : undefined;
    this.sorted = updated ?? sortNewestFirst(all());
    this.changes.clear();
    return this.sorted;
  }

  /** Keeps where the run stood in the list (its first change since) and what it is now. */
  private note(
    name: string,
    previous: RunSummary | undefined,
    now: RunSummary | undefined,
  ): void {
    // Before the first list nothing needs tracking: it sorts everything.
    if (!this.sorted) return;
    const change = this.changes.get(name);
    if (change) change.now = now;
    else this.changes.set(name, { listed: previous, now });
    if (this.changes.size > MAX_INCREMENTAL_CHANGES) {
      // The next list sorts afresh: stop tracking (and holding the old list and summaries).
      this.sorted = undefined;
      this.changes.clear();
    }
  }
}

/** `sorted` with the changes applied, as a new array; undefined when a listed run is not found. */
function applyChanges(
  sorted: readonly RunSummary[],
  changes: Iterable<PendingChange>,
): RunSummary[] | undefined {
  const next = sorted.slice();
  for (const { listed, now } of changes) {
    if (listed) {
      const at = runIndex(next, runKey(listed), 'at');
      if (next[at] !== listed) return undefined;
      next.splice(at, 1);
    }
    if (now) next.splice(runIndex(next, runKey(now), 'at'), 0, now);
  }
  return next;
}
