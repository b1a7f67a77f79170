import {
  isTerminalRunStatus,
  runKey,
  type ApiGeneration,
  type RunDeletion,
  type RunStatus,
  type RunStep,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { runTriggerOf } from '../runs/runTrigger';

/*
 * How a run is laid out in the `openchoreo_build_runs` table (migrations/20250601000000_run_records.js,
 * `branch` from 20250710000000_run_records_branch.js): the columns that are filtered and ordered
 * on, plus the summary and steps as JSON text.
 */

export const RUN_RECORDS_TABLE = 'openchoreo_build_runs';

/** PostgreSQL returns `bigint` columns as strings, SQLite as numbers. */
type DbInteger = number | string;
/** SQLite stores booleans as 0/1. */
type DbBoolean = boolean | number;

/** One row of `openchoreo_build_runs`, as the database returns it. */
export interface RunRecordRow {
  namespace: string;
  name: string;
  uid: string;
  generation: ApiGeneration;
  project: string | null;
  component: string | null;
  workflow: string | null;
  status: RunStatus;
  finished: DbBoolean;
  resource_version: DbInteger | null;
  created_at_ms: DbInteger;
  completed_at_ms: DbInteger | null;
  deleted_at_ms: DbInteger | null;
  deleted_reason: RunDeletion['reason'] | null;
  created_by: string | null;
  /** `repository.branch` of the summary (the `branch` filter); written with it, never apart. */
  branch: string | null;
  summary_json: string;
  steps_json: string | null;
  /**
   * When the row last changed: its insert, or an update that changed the summary or the steps
   * (a write of what the row already holds leaves it, and this time, alone).
   */
  recorded_at_ms: DbInteger;
}

/** The columns of a run that its key and list order are made of. */
export type RunRecordKeyColumns = Pick<
  RunRecordRow,
  'namespace' | 'name' | 'uid'
>;

/**
 * `created_at_ms` of a run without a creation time: the smallest safe integer, so it sorts last
 * (newest first), as `runKey` places such runs with a time of -Infinity.
 */
export const UNKNOWN_CREATION_MS = Number.MIN_SAFE_INTEGER;

/** A run's list-order time as stored: `runKey(run).time` with -Infinity as UNKNOWN_CREATION_MS. */
export function creationMs(time: number): number {
  return Number.isFinite(time) ? time : UNKNOWN_CREATION_MS;
}

/** A stored step: every field but `outputs` (the record keeps no step values at all). */
export type StoredRunStep = Omit<RunStep, 'outputs'>;

function optionalMs(iso: string | undefined): number | null {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** `metadata.resourceVersion` when it is a decimal number (as etcd's are); it is opaque otherwise. */
function numericResourceVersion(value: string | undefined): number | null {
  if (!value || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

export function toNumber(value: DbInteger): number {
  return typeof value === 'number' ? value : Number(value);
}

/** What a write stores of a run: the steps only when given (a later write without steps keeps them). */
export function toRunRecordRow(
  run: RunSummary,
  steps: readonly RunStep[] | undefined,
  recordedAtMs: number,
): Omit<RunRecordRow, 'deleted_at_ms' | 'deleted_reason'> {
  // The deletion lives in its own columns; what the cluster said about the run is the summary.
  const { deleted: _deleted, ...summary } = run;
  return {
    namespace: run.namespace,
    name: run.name,
    uid: run.uid ?? '',
    generation: run.generation,
    project: run.project ?? null,
    component: run.component ?? null,
    workflow: run.workflow ?? null,
    status: run.status,
    finished: isTerminalRunStatus(run.status),
    resource_version: numericResourceVersion(run.resourceVersion),
    created_at_ms: creationMs(runKey(run).time),
    completed_at_ms: optionalMs(run.completedAt),
    created_by: run.createdBy ?? null,
    branch: run.repository?.branch ?? null,
    summary_json: JSON.stringify(summary),
    steps_json: steps
      ? JSON.stringify(
          steps.map(({ outputs: _outputs, ...step }): StoredRunStep => step),
        )
      : null,
    recorded_at_ms: recordedAtMs,
  };
}

function parseJson<T>(text: string, what: string, row: RunRecordKeyColumns): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(
      `run record ${row.namespace}/${row.name} (uid ${row.uid}): ${what} is not valid JSON; delete the row from ${RUN_RECORDS_TABLE} and the portal records the run again while it exists`,
    );
  }
}

/**
 * The run as recorded; the key columns, status, creator and deletion override what the JSON says.
 * A record written before runs had a trigger gets the one its creator says (without a delivery id).
 */
export function runFromRow(row: RunRecordRow): RunSummary {
  const summary = parseJson<RunSummary>(row.summary_json, 'summary_json', row);
  const run: RunSummary = {
    ...summary,
    namespace: row.namespace,
    name: row.name,
    uid: row.uid || undefined,
    generation: row.generation,
    status: row.status,
    createdBy: row.created_by ?? undefined,
  };
  const trigger =
    summary.trigger ??
    runTriggerOf({
      createdBy: row.created_by ?? undefined,
      labels: {},
      annotations: {},
    });
  if (trigger) run.trigger = trigger;
  if (row.deleted_at_ms !== null && row.deleted_reason) {
    run.deleted = {
      at: new Date(toNumber(row.deleted_at_ms)).toISOString(),
      reason: row.deleted_reason,
    };
  }
  return run;
}

/** The steps as recorded, with empty `outputs` (never stored); undefined when none were recorded. */
export function stepsFromRow(row: RunRecordRow): RunStep[] | undefined {
  if (row.steps_json === null) return undefined;
  return parseJson<StoredRunStep[]>(row.steps_json, 'steps_json', row).map(
    step => ({ ...step, outputs: {} }),
  );
}
