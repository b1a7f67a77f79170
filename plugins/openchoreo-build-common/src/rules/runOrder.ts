import type { RunStatus, RunSummary, RunTriggerKind } from '../api/runs';

/**
 * Which runs a list shows. The backend applies it to `GET /runs` pages; the frontend applies the
 * same rule to live events so that a page never gains a run its filter excludes.
 *
 * @public
 */
export interface RunFilter {
  namespace?: string;
  project?: string;
  component?: string;
  /** The run's ComponentWorkflow (`spec.workflow.name`). */
  workflow?: string;
  /** Any of these summary statuses; empty or absent means every status. */
  statuses?: readonly RunStatus[];
  /** The branch the run builds (`repository.branch`), exactly. */
  branch?: string;
  /** Only runs started this way (`trigger.kind`). */
  trigger?: RunTriggerKind;
  /** Only runs this user started through the portal (their user entity ref: the "mine" filter). */
  createdBy?: string;
}

/** Whether `run` belongs in a list with this filter. @public */
export function runMatchesFilter(run: RunSummary, filter: RunFilter): boolean {
  if (filter.namespace && run.namespace !== filter.namespace) return false;
  if (filter.project && run.project !== filter.project) return false;
  if (filter.component && run.component !== filter.component) return false;
  if (filter.workflow && run.workflow !== filter.workflow) return false;
  if (filter.statuses?.length && !filter.statuses.includes(run.status))
    return false;
  if (filter.branch && run.repository.branch !== filter.branch) return false;
  if (filter.trigger && run.trigger?.kind !== filter.trigger) return false;
  if (filter.createdBy && run.createdBy !== filter.createdBy) return false;
  return true;
}

/**
 * A run's position in list order: newest first (creation time, ms), then name, then namespace
 * (ascending). Runs without a creation time come last.
 *
 * @public
 */
export interface RunKey {
  time: number;
  createdAt: string;
  name: string;
  namespace: string;
}

function timeOf(createdAt: string): number {
  const ms = createdAt ? Date.parse(createdAt) : NaN;
  return Number.isFinite(ms) ? ms : -Infinity;
}

/** The list-order key of a run. @public */
export function runKey(
  run: Pick<RunSummary, 'createdAt' | 'name' | 'namespace'>,
): RunKey {
  const createdAt = run.createdAt ?? '';
  return {
    time: timeOf(createdAt),
    createdAt,
    name: run.name,
    namespace: run.namespace,
  };
}

/** Negative when `a` is listed before `b`, positive when after, 0 for the same run. @public */
export function compareRunKeys(a: RunKey, b: RunKey): number {
  if (a.time !== b.time) return a.time > b.time ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return 0;
}

/** True when a list shows `a` before `b`. @public */
export function listedBefore(
  a: Pick<RunSummary, 'createdAt' | 'name' | 'namespace'>,
  b: Pick<RunSummary, 'createdAt' | 'name' | 'namespace'>,
): boolean {
  return compareRunKeys(runKey(a), runKey(b)) < 0;
}

/** A copy of `runs` in list order (newest first). @public */
export function sortNewestFirst<T extends RunSummary>(runs: Iterable<T>): T[] {
  return [...runs]
    .map(run => ({ run, key: runKey(run) }))
    .sort((a, b) => compareRunKeys(a.key, b.key))
    .map(entry => entry.run);
}
