import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type {
  ApiGeneration,
  RunStep,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { realTimers, type InformerTimers } from '../informer/informerSupport';
import { deletionReason } from './deletionReason';
import type { RunDeletionMark, RunRecordStore } from './RunRecordStore';

/** What the recorder needs of the store (tests wrap it to count or fail writes). */
export type RunRecordWriter = Pick<
  RunRecordStore,
  'recordMany' | 'markDeleted' | 'markMissingDeleted'
>;

export interface RunRecorderOptions {
  store: RunRecordWriter;
  logger: LoggerService;
  /** How long changes gather before they are written, so a burst becomes one write. Default 500 ms. */
  flushDelayMs?: number;
  timers?: InformerTimers;
  now?: () => Date;
}

export const DEFAULT_FLUSH_DELAY_MS = 500;
/** First retry delay after a failed write; doubled per failure up to MAX_RETRY_DELAY_MS. */
export const INITIAL_RETRY_DELAY_MS = 1000;
export const MAX_RETRY_DELAY_MS = 60_000;

/** One organization's runs of one API generation: what one informer lists. */
export interface RunListScope {
  namespace: string;
  generation: ApiGeneration;
}

/** The latest state of one run waiting to be written. */
interface PendingRun {
  run: RunSummary;
  steps?: readonly RunStep[];
  removal?: RunDeletionMark;
}

/** A full list waiting to be compared with the record (see `RunRecordStore.markMissingDeleted`). */
interface PendingSweep {
  scope: RunListScope;
  present: Set<string>;
  listedAt: Date;
}

function runKeyOf(run: RunSummary): string {
  return JSON.stringify([run.namespace, run.name, run.uid ?? '']);
}

function scopeKeyOf(scope: RunListScope): string {
  return JSON.stringify([scope.namespace, scope.generation]);
}

/** `later` over `earlier`: the newer run, the newer steps if any, the first removal. */
function mergePending(earlier: PendingRun, later: PendingRun): PendingRun {
  return {
    run: later.run,
    steps: later.steps ?? earlier.steps,
    removal: earlier.removal ?? later.removal,
  };
}

/**
 * Feeds the run record from the run informers' changes. The informer calls it synchronously and
 * it never throws back: changes are queued per run and coalesced (a burst of updates of one run is
 * one write of its last state), written after `flushDelayMs`, and a failed write is logged and
 * retried with backoff, keeping whatever arrived meanwhile.
 */
export class RunRecorder {
  private pending = new Map<string, PendingRun>();
  private sweeps = new Map<string, PendingSweep>();
  private timer?: unknown;
  private writing?: Promise<boolean>;
  private failures = 0;
  private stopped = false;
  private readonly store: RunRecordWriter;
  private readonly logger: LoggerService;
  private readonly flushDelayMs: number;
  private readonly timers: InformerTimers;
  private readonly now: () => Date;

  constructor(options: RunRecorderOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.flushDelayMs = options.flushDelayMs ?? DEFAULT_FLUSH_DELAY_MS;
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? (() => new Date());
  }

  /** Runs (and sweeps) waiting to be written. */
  get pendingCount(): number {
    return this.pending.size + this.sweeps.size;
  }

  /** A run was added or changed; `steps` when the caller read them (the record keeps the last ones). */
  onRunChanged(run: RunSummary, extra: { steps?: readonly RunStep[] } = {}) {
    const sweep = this.sweeps.get(
      scopeKeyOf({ namespace: run.namespace, generation: run.generation }),
    );
    // It exists after the list was taken: the sweep of that list must not mark it deleted.
    sweep?.present.add(run.uid ?? '');
    this.enqueue({ run, steps: extra.steps });
  }

  /**
   * A run object disappeared. `ttlAfterCompletion` (v1: the run's or its Workflow's) tells a
   * retention deletion from an early one; without it a finished run counts as retention.
   */
  onRunRemoved(run: RunSummary, options: { ttlAfterCompletion?: string } = {}) {
    const at = this.now();
    this.enqueue({
      run,
      removal: {
        at,
        reason: deletionReason(run, at, options.ttlAfterCompletion),
      },
    });
  }

  /**
   * An informer listed every run of `scope` (its first list after a start, or a re-list): each is
   * recorded, and records of the scope the list lacks are marked deleted, since the objects went
   * while no one watched.
   */
  onRunsListed(scope: RunListScope, runs: readonly RunSummary[]) {
    if (this.stopped) return;
    this.sweeps.set(scopeKeyOf(scope), {
      scope,
      present: new Set(runs.map(run => run.uid ?? '')),
      listedAt: this.now(),
    });
    for (const run of runs) this.enqueue({ run });
  }

  /**
   * Writes what is queued now (after a write in progress). True when everything was written;
   * on failure the rest stays queued and is retried.
   */
  async flush(): Promise<boolean> {
    if (this.writing) await this.writing;
    // The write that ended may have scheduled the next one: this call does it now instead.
    this.cancelTimer();
    if (this.pendingCount === 0) return true;
    return this.write();
  }

  /** Resolves once no write is in progress (a write the timer started has ended). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Writes what is queued one last time and stops (the backend shuts down). */
  async stop(): Promise<void> {
    const written = await this.flush();
    this.stopped = true;
    this.cancelTimer();
    if (!written) {
      this.logger.warn(
        `Run record: ${this.pendingCount} changes were not written before shutdown; the next list after a restart records those runs again`,
      );
    }
  }

  private enqueue(change: PendingRun): void {
    if (this.stopped) return;
    const key = runKeyOf(change.run);
    const earlier = this.pending.get(key);
    this.pending.set(key, earlier ? mergePending(earlier, change) : change);
    this.schedule(this.flushDelayMs);
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.writing || this.stopped) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One write of everything queued; never rejects. */
  private write(): Promise<boolean> {
    const runs = this.pending;
    const sweeps = this.sweeps;
    this.pending = new Map();
    this.sweeps = new Map();
    const writing = this.writeBatch(runs, sweeps).finally(() => {
      this.writing = undefined;
      if (this.pendingCount > 0) {
        this.schedule(
          this.failures > 0 ? this.retryDelayMs() : this.flushDelayMs,
        );
      }
    });
    this.writing = writing;
    return writing;
  }

  private async writeBatch(
    runs: Map<string, PendingRun>,
    sweeps: Map<string, PendingSweep>,
  ): Promise<boolean> {
    // Entries leave `unwritten` as they are written; on failure the rest is queued again.
    const unwritten = new Map(runs);
    try {
      await this.store.recordMany(
        [...runs.values()].map(({ run, steps }) => ({ run, steps })),
      );
      for (const [key, pending] of runs) {
        if (pending.removal) {
          await this.store.markDeleted(pending.run, pending.removal);
        }
        unwritten.delete(key);
      }
      for (const [key, sweep] of sweeps) {
        await this.store.markMissingDeleted(
          sweep.scope,
          sweep.present,
          sweep.listedAt,
        );
        sweeps.delete(key);
      }
    } catch (error) {
      this.requeue(unwritten, sweeps);
      this.failures += 1;
      this.logger.warn(
        `Run record: could not write ${unwritten.size} runs and ${
          sweeps.size
        } list comparisons (attempt ${this.failures}); retrying in ${Math.round(
          this.retryDelayMs() / 1000,
        )} s: ${isError(error) ? error.message : String(error)}`,
      );
      return false;
    }
    if (this.failures > 0) {
      this.logger.info(
        `Run record: writes resumed after ${this.failures} failed attempts`,
      );
      this.failures = 0;
    }
    return true;
  }

  /** Puts a failed batch back under what arrived meanwhile (newer states win, removals stay). */
  private requeue(
    runs: Map<string, PendingRun>,
    sweeps: Map<string, PendingSweep>,
  ): void {
    for (const [key, failed] of runs) {
      const newer = this.pending.get(key);
      this.pending.set(key, newer ? mergePending(failed, newer) : failed);
    }
    for (const [key, failed] of sweeps) {
      // A newer list of the same scope supersedes the failed one.
      if (!this.sweeps.has(key)) this.sweeps.set(key, failed);
    }
  }

  private retryDelayMs(): number {
    return Math.min(
      INITIAL_RETRY_DELAY_MS * 2 ** Math.max(0, this.failures - 1),
      MAX_RETRY_DELAY_MS,
    );
  }
}
