import { createHash, randomUUID } from 'node:crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../runRecords/RunRecordStore';

/** The claims table (migrations/20250701000000_notified_run_ends.js). */
export const NOTIFIED_RUN_ENDS_TABLE = 'openchoreo_build_notified_run_ends';

/** How long a claim is kept: long after any replica could still be reporting the same end. */
export const CLAIM_RETENTION_DAYS = 30;

interface NotifiedRunEndRow {
  run_key: string;
  final_status: string;
  namespace: string;
  name: string;
  uid: string | null;
  claim_token: string;
  claimed_at_ms: number | string;
}

/**
 * Which replica sends the notification of a run end. Every replica watches the same runs and sees
 * the same end; each tries to insert the end's row, the table's primary key lets exactly one
 * insert win, and only the winner sends. Works alike on SQLite and PostgreSQL (no `RETURNING` or
 * affected-row counts, whose answers differ between drivers): the winner recognises its own random
 * claim token in the row.
 */
export class RunEndClaims {
  /** Applies the plugin's migrations (unless the database service says to skip them) and opens the store. */
  static async create(options: {
    database: DatabaseService;
    now?: () => number;
  }): Promise<RunEndClaims> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    }
    return new RunEndClaims(client, options.now ?? Date.now);
  }

  private constructor(
    private readonly db: Knex,
    private readonly now: () => number,
  ) {}

  /**
   * Claims the end of `run` (its current, finished status): true for exactly one caller across
   * every replica sharing the database, false for every other and for any later call.
   */
  async claim(run: RunSummary): Promise<boolean> {
    const runKey = runKeyOf(run);
    const claimToken = randomUUID();
    await this.db<NotifiedRunEndRow>(NOTIFIED_RUN_ENDS_TABLE)
      .insert({
        run_key: runKey,
        final_status: run.status,
        namespace: run.namespace,
        name: run.name,
        uid: run.uid ?? null,
        claim_token: claimToken,
        claimed_at_ms: this.now(),
      })
      .onConflict(['run_key', 'final_status'])
      .ignore();
    const row = await this.db<NotifiedRunEndRow>(NOTIFIED_RUN_ENDS_TABLE)
      .where({ run_key: runKey, final_status: run.status })
      .first('claim_token');
    return row?.claim_token === claimToken;
  }

  /** Deletes the claims made before `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    return this.db<NotifiedRunEndRow>(NOTIFIED_RUN_ENDS_TABLE)
      .where('claimed_at_ms', '<', before.getTime())
      .delete();
  }
}

/**
 * One run object, whatever replica sees it: a name may be reused by a later run (the uid tells
 * them apart), and a v0 run read without a uid still has its namespace and name. Hashed so any
 * length fits the key column.
 */
function runKeyOf(run: Pick<RunSummary, 'namespace' | 'name' | 'uid'>): string {
  return createHash('sha256')
    .update(JSON.stringify([run.namespace, run.name, run.uid ?? '']))
    .digest('hex');
}
