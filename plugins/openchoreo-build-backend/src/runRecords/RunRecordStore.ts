import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  runKey,
  runMatchesFilter,
  type ApiGeneration,
  type RunDeletion,
  type RunFilter,
  type RunKey,
  type RunStep,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Knex } from 'knex';
import { CREATED_BY_PREFIX } from '../runs/runTrigger';
import {
  creationMs,
  RUN_RECORDS_TABLE,
  runFromRow,
  stepsFromRow,
  toNumber,
  toRunRecordRow,
  type RunRecordRow,
} from './runRecordRows';

/** Where the knex migrations of the plugin's database live (also when installed from npm). */
export const MIGRATIONS_DIRECTORY = resolvePackagePath(
  '@openchoreo-build/plugin-openchoreo-build-backend',
  'migrations',
);

/** How long a record is kept after its run was deleted, unless configured otherwise. */
export const DEFAULT_RECORD_RETENTION_DAYS = 90;

/**
 * Rows per INSERT: 18 bound values each stays far below SQLite's 32,766 and PostgreSQL's 65,535
 * parameters per statement.
 */
const WRITE_BATCH_SIZE = 200;

/**
 * The upsert's condition that something changed. Every column but the steps and the write time
 * follows from the summary, so an equal summary and no new steps leave the row as it is: every
 * informer's first list, on every replica, writes all the org's runs (100,000 rows at scale), and
 * rewriting identical rows left as many dead tuples for PostgreSQL's vacuum as there were runs.
 * (`<>` with explicit NULL checks: the same SQL for PostgreSQL and SQLite.)
 */
const UNCHANGED_RECORD_SKIP = `${RUN_RECORDS_TABLE}.summary_json <> excluded.summary_json
             OR (excluded.steps_json IS NOT NULL
               AND (${RUN_RECORDS_TABLE}.steps_json IS NULL
                 OR ${RUN_RECORDS_TABLE}.steps_json <> excluded.steps_json))`;
/** Most records one `listDeleted` call returns. */
export const MAX_LIST_LIMIT = 1000;

/** A run to record, with its steps when the caller has them (a write without steps keeps the recorded ones). */
export interface RunRecordInput {
  run: RunSummary;
  steps?: readonly RunStep[];
}

/** A recorded run: its summary (`deleted` set once the object is gone) and its last known steps. */
export interface RunRecord {
  run: RunSummary;
  /** Without step outputs (never stored: `outputs` is empty); undefined when none were recorded. */
  steps?: RunStep[];
}

/** Which run object disappeared: a name may be reused by a later run, the uid tells them apart. */
export interface RunRef {
  namespace: string;
  name: string;
  uid?: string;
}

export interface RunDeletionMark {
  at: Date;
  reason: RunDeletion['reason'];
}

export interface ListDeletedQuery {
  /** The organizations to list (e.g. those the caller may see); none gives nothing. */
  namespaces: readonly string[];
  filter?: RunFilter;
  /**
   * At most this many (1…1000). To fill a page of `n` by merging with live runs, ask for `n + 1`:
   * the extra one tells whether a next page exists.
   */
  limit: number;
  /** Keyset position (a decoded `GET /runs` cursor): only records listed after it. */
  after?: RunKey;
}

/**
 * The run record: every run the portal has seen, kept in the plugin's database (SQLite in
 * development and tests, PostgreSQL in production) so that history and archived logs stay reachable
 * after the control plane deleted the object (v1.x deletes a finished WorkflowRun after
 * `ttlAfterCompletion`: internal/controller/workflowrun/controller.go@v1.2.3 checkTTLExpiration).
 *
 * A record is keyed by (namespace, name, uid) and never moves backwards: a write with an older
 * numeric resourceVersion than the stored one is ignored, a finished run never becomes unfinished
 * again, and a record once marked deleted stays deleted. Writes are idempotent, so several backend
 * replicas may record the same run.
 */
export class RunRecordStore {
  /** Applies the migrations (unless the database service says to skip them) and opens the store. */
  static async create(options: {
    database: DatabaseService;
    now?: () => number;
  }): Promise<RunRecordStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    }
    return new RunRecordStore(client, options.now ?? Date.now);
  }

  private get isSqlite(): boolean {
    return String(this.db.client.config.client).includes('sqlite');
  }

  private constructor(
    private readonly db: Knex,
    private readonly now: () => number,
  ) {}

  /** Records one run (see `recordMany`). */
  async record(run: RunSummary, steps?: readonly RunStep[]): Promise<void> {
    await this.recordMany([{ run, steps }]);
  }

  /**
   * Inserts or updates runs (the last entry wins for a run given twice). An update that would move
   * a record backwards (older resourceVersion, or unfinished after finished) changes nothing, and
   * neither does one that says what the record already holds; steps and the creator are kept when a
   * write lacks them; the deletion mark is never touched.
   */
  async recordMany(entries: readonly RunRecordInput[]): Promise<void> {
    const recordedAt = this.now();
    const rows = new Map<string, ReturnType<typeof toRunRecordRow>>();
    for (const { run, steps } of entries) {
      const row = toRunRecordRow(run, steps, recordedAt);
      rows.set(JSON.stringify([row.namespace, row.name, row.uid]), row);
    }
    const all = [...rows.values()];
    for (let start = 0; start < all.length; start += WRITE_BATCH_SIZE) {
      const batch = all.slice(start, start + WRITE_BATCH_SIZE);
      await this.db<RunRecordRow>(RUN_RECORDS_TABLE)
        .insert(batch)
        .onConflict(['namespace', 'name', 'uid'])
        .merge(this.mergeColumns())
        .whereRaw(
          `NOT (${RUN_RECORDS_TABLE}.finished AND NOT excluded.finished)
           AND (${RUN_RECORDS_TABLE}.resource_version IS NULL
             OR excluded.resource_version IS NULL
             OR excluded.resource_version >= ${RUN_RECORDS_TABLE}.resource_version)
           AND (${UNCHANGED_RECORD_SKIP})`,
        );
    }
  }

  /** What an accepted update sets: everything but the key and the deletion mark. */
  private mergeColumns(): Record<string, Knex.Raw> {
    const excluded = (column: string) => this.db.raw('excluded.??', [column]);
    const keepWhenAbsent = (column: string) =>
      this.db.raw('coalesce(excluded.??, ??.??)', [
        column,
        RUN_RECORDS_TABLE,
        column,
      ]);
    return {
      generation: excluded('generation'),
      project: excluded('project'),
      component: excluded('component'),
      workflow: excluded('workflow'),
      status: excluded('status'),
      finished: excluded('finished'),
      resource_version: excluded('resource_version'),
      created_at_ms: excluded('created_at_ms'),
      completed_at_ms: excluded('completed_at_ms'),
      created_by: keepWhenAbsent('created_by'),
      branch: excluded('branch'),
      summary_json: excluded('summary_json'),
      steps_json: keepWhenAbsent('steps_json'),
      recorded_at_ms: excluded('recorded_at_ms'),
    };
  }

  /**
   * Marks a recorded run as gone. The first mark wins (a repeated delete event keeps the first
   * time and reason). False when no such record exists or it was marked already.
   */
  async markDeleted(ref: RunRef, deletion: RunDeletionMark): Promise<boolean> {
    const updated = await this.db<RunRecordRow>(RUN_RECORDS_TABLE)
      .where({ namespace: ref.namespace, name: ref.name, uid: ref.uid ?? '' })
      .whereNull('deleted_at_ms')
      .update({
        deleted_at_ms: deletion.at.getTime(),
        deleted_reason: deletion.reason,
      });
    return updated > 0;
  }

  /**
   * After a full list of one organization's runs of one generation: marks every record of it that
   * the list no longer holds as deleted (the object went while no backend watched it). Finished runs
   * count as deleted by retention. Records written after `listedAt` are left alone: another replica
   * recorded them, or a change of them, after this list was taken (a run that a later list merely
   * saw again unchanged keeps its earlier time). Returns how many were marked.
   */
  async markMissingDeleted(
    scope: { namespace: string; generation: ApiGeneration },
    present: ReadonlySet<string>,
    listedAt: Date,
  ): Promise<number> {
    const candidates = await this.db<RunRecordRow>(RUN_RECORDS_TABLE)
      .select('name', 'uid', 'finished')
      .where({ namespace: scope.namespace, generation: scope.generation })
      .whereNull('deleted_at_ms')
      .where('recorded_at_ms', '<=', listedAt.getTime());
    const missing = candidates.filter(row => !present.has(row.uid));
    let marked = 0;
    for (const reason of ['retention', 'deleted'] as const) {
      const keys = missing
        .filter(row => Boolean(row.finished) === (reason === 'retention'))
        .map(row => [row.name, row.uid]);
      for (let start = 0; start < keys.length; start += WRITE_BATCH_SIZE) {
        marked += await this.db<RunRecordRow>(RUN_RECORDS_TABLE)
          .where({ namespace: scope.namespace })
          .whereIn(['name', 'uid'], keys.slice(start, start + WRITE_BATCH_SIZE))
          .whereNull('deleted_at_ms')
          .update({
            deleted_at_ms: listedAt.getTime(),
            deleted_reason: reason,
          });
      }
    }
    return marked;
  }

  /** The newest record of that name (a later run may reuse it), or of that uid when given. */
  async get(ref: RunRef): Promise<RunRecord | undefined> {
    const query = this.db<RunRecordRow>(RUN_RECORDS_TABLE).where({
      namespace: ref.namespace,
      name: ref.name,
    });
    if (ref.uid !== undefined) query.where({ uid: ref.uid });
    const row = await query
      .orderBy([
        { column: 'created_at_ms', order: 'desc' },
        { column: 'recorded_at_ms', order: 'desc' },
      ])
      .first();
    return row ? { run: runFromRow(row), steps: stepsFromRow(row) } : undefined;
  }

  /**
   * Runs whose object is gone, in `GET /runs` list order (newest first, then name, then namespace:
   * `compareRunKeys` in -common), so the backend can merge them with the live runs and page both
   * with one cursor. Every run returned matches `filter` by the shared rule (`runMatchesFilter`):
   * the database narrows by the columns (the `trigger` term only by the creator's prefix) and the
   * rule decides; rows it drops are read past, `limit` rows at a time, so that `limit` matches
   * still come back when they exist (the caller's next-page test relies on it).
   */
  async listDeleted(query: ListDeletedQuery): Promise<RunSummary[]> {
    const { filter = {}, limit } = query;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new RangeError(
        `listDeleted: limit must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${limit}`,
      );
    }
    const namespaces = filter.namespace
      ? query.namespaces.filter(namespace => namespace === filter.namespace)
      : query.namespaces;
    if (namespaces.length === 0) return [];
    const found: RunSummary[] = [];
    let after = query.after;
    for (;;) {
      const rows = await this.deletedRows(namespaces, filter, limit, after);
      let last: RunSummary | undefined;
      for (const row of rows) {
        last = runFromRow(row);
        if (!runMatchesFilter(last, filter)) continue;
        found.push(last);
        if (found.length === limit) return found;
      }
      if (!last || rows.length < limit) return found;
      after = runKey(last);
    }
  }

  /** One batch of deleted records after `after`, in list order, narrowed by the filter's columns. */
  private deletedRows(
    namespaces: readonly string[],
    filter: RunFilter,
    limit: number,
    after: RunKey | undefined,
  ): Promise<RunRecordRow[]> {
    // Answered from the partial index of deleted records (migration 20250615000000). SQLite's
    // planner, without statistics, would rather walk the organization index — every record of
    // the organizations — for the namespace term; a unary + keeps that term off any index
    // (sqlite.org/optoverview.html, "Disqualifying WHERE clause terms using unary-+").
    // PostgreSQL picks the partial index by its statistics.
    const rows =
      this.db<RunRecordRow>(RUN_RECORDS_TABLE).whereNotNull('deleted_at_ms');
    if (this.isSqlite)
      rows.whereIn(this.db.raw('+??', ['namespace']) as unknown as string, [
        ...namespaces,
      ]);
    else rows.whereIn('namespace', [...namespaces]);
    if (filter.project) rows.where({ project: filter.project });
    if (filter.component) rows.where({ component: filter.component });
    if (filter.workflow) rows.where({ workflow: filter.workflow });
    if (filter.statuses?.length) rows.whereIn('status', [...filter.statuses]);
    if (filter.branch) rows.where({ branch: filter.branch });
    if (filter.createdBy) rows.where({ created_by: filter.createdBy });
    // A superset (LIKE ignores case on SQLite): runTriggerOf decides, in listDeleted.
    if (filter.trigger)
      rows.where('created_by', 'like', `${CREATED_BY_PREFIX[filter.trigger]}%`);
    if (after) {
      const time = creationMs(after.time);
      rows.where(older =>
        older
          .where('created_at_ms', '<', time)
          .orWhere(sameTime =>
            sameTime
              .where('created_at_ms', time)
              .andWhere(laterName =>
                laterName
                  .where('name', '>', after.name)
                  .orWhere(sameName =>
                    sameName
                      .where('name', after.name)
                      .andWhere('namespace', '>', after.namespace),
                  ),
              ),
          ),
      );
    }
    return rows
      .orderBy([
        { column: 'created_at_ms', order: 'desc' },
        { column: 'name', order: 'asc' },
        { column: 'namespace', order: 'asc' },
      ])
      .limit(limit);
  }

  /** Deletes the records of runs deleted before `olderThan`; returns how many. */
  async prune(olderThan: Date): Promise<number> {
    return this.db<RunRecordRow>(RUN_RECORDS_TABLE)
      .whereNotNull('deleted_at_ms')
      .where('deleted_at_ms', '<', olderThan.getTime())
      .delete();
  }

  /** How many records exist (for logs and tests). */
  async count(): Promise<number> {
    const [{ count }] = await this.db<RunRecordRow>(RUN_RECORDS_TABLE).count<
      { count: number | string }[]
    >({ count: '*' });
    return toNumber(count);
  }
}
