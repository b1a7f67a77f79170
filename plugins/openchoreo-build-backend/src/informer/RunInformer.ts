import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { GatewayTimeoutError } from '../errors';
import type { WatchHandle } from '../kubernetes/KubernetesClient';
import { ResourceExpiredError } from '../kubernetes/kubernetesErrors';
import type { BuildRun } from '../runs/buildRun';
import {
  RunReader,
  type BuildRunWatchEvent,
  type RunSource,
} from '../runs/RunReader';
import { componentKey } from '../permissions/ComponentEntityIndex';
import { toRunSummary } from '../runs/runModel';
import { stepsFromTasks } from '../runs/steps';
import { RunListOrder } from './RunListOrder';
import { SummaryStrings } from './SummaryStrings';
import {
  parseResourceVersion,
  RunEventLog,
  type RunEventPosition,
  type RunInformerSubscriber,
} from './RunEventLog';
import {
  DEFAULT_IDLE_MS,
  DEFAULT_LIVENESS_MS,
  DEFAULT_SYNC_TIMEOUT_MS,
  INITIAL_BACKOFF_MS,
  LIST_PAGE_SIZE,
  listFailure,
  MAX_BACKOFF_MS,
  MIN_HEALTHY_WATCH_MS,
  realTimers,
  type InformerTimers,
  type RunInformerObserver,
  type RunInformerOptions,
  type SyncWaiter,
} from './informerSupport';

export { DEFAULT_IDLE_MS, DEFAULT_LIVENESS_MS, DEFAULT_SYNC_TIMEOUT_MS };

const HISTORY_TYPES = {
  ADDED: 'added',
  MODIFIED: 'modified',
  DELETED: 'deleted',
} as const;
export type { InformerTimers, RunInformerObserver, RunInformerOptions };

/** What applying a run needs besides its summary: its v1 tasks (steps) and TTL. */
type RunRecordInput = Pick<BuildRun, 'tasks' | 'ttlAfterCompletion'>;

/** A listed run as the sync keeps it until the whole list is read. */
interface ListedRun extends RunRecordInput {
  summary: RunSummary;
}

/**
 * The run informer of one org: the cache of its runs (ComponentWorkflowRuns of a v0 org,
 * WorkflowRuns of a v1 org, as {@link BuildRun}s) and the feed of their
 * changes, from ONE Kubernetes list + watch however many clients use it: `GET /events` subscribers and
 * `GET /runs` requests (`snapshot()`). It starts lazily with the first user: lists everything,
 * then watches from the list's resourceVersion; resumes from the last resourceVersion after a
 * disconnect (with backoff) and re-lists on 410 Gone, emitting the differences, so subscribers
 * see every change. It stops after `idleMs` with no subscriber and no list request. Its
 * {@link RunEventLog} keeps the changes by resourceVersion so that clients can resume, here or on
 * another replica.
 */
export class RunInformer {
  private readonly events: RunEventLog;
  private readonly known = new Map<string, RunSummary>();
  /** The repeating strings of `known`'s summaries, one copy each. */
  private readonly strings = new SummaryStrings();
  /** Per component (`componentKey`): one of its runs and how many `known` holds. */
  private readonly components = new Map<
    string,
    { run: RunSummary; runs: number }
  >();
  /** `known` in list order (newest first), updated at the next snapshot after a change. */
  private readonly order = new RunListOrder();
  private resourceVersion?: string;
  /** A client will resume from here: the first watch starts from it (see `requestHistory`). */
  private historyFrom?: number;
  /** The watch is replaying history up to this version (the first list's): log it, do not apply it. */
  private historyUntil?: number;
  private watch?: WatchHandle;
  private active = false;
  /** The current activation has completed its first list: `known` is the cluster's state. */
  private synced = false;
  /** The resourceVersion expired (410): the next attempt re-lists. */
  private stale = false;
  private generation = 0;
  private retryTimer?: unknown;
  private idleTimer?: unknown;
  private livenessTimer?: unknown;
  /**
   * The watch failed and is not back yet: subscribers were told (`onError`), and a re-list before
   * it is back means changes may have been lost in between (`onReset`).
   */
  private outage = false;
  private backoffMs = INITIAL_BACKOFF_MS;
  private watchStartedAt = 0;
  private readonly syncWaiters = new Set<SyncWaiter>();
  /** Runs this backend created while the first list was in flight (see `observeCreated`). */
  private readonly createdDuringSync = new Map<string, BuildRun>();
  private readonly runs: RunReader;
  /** The source of the org's generation, chosen again at each (re-)list. */
  private source?: RunSource;
  private readonly idleMs: number;
  private readonly syncTimeoutMs: number;
  private readonly livenessMs: number;
  private readonly timers: InformerTimers;
  private readonly observer?: RunInformerObserver;

  constructor(
    readonly namespace: string,
    /** A ControlPlane reads v0 runs only; a RunReader reads each org in its generation. */
    runs: ControlPlane | RunReader,
    private readonly logger: LoggerService,
    options: RunInformerOptions = {},
  ) {
    this.runs = runs instanceof RunReader ? runs : new RunReader(runs);
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.syncTimeoutMs = options.syncTimeoutMs ?? DEFAULT_SYNC_TIMEOUT_MS;
    this.livenessMs = options.livenessMs ?? DEFAULT_LIVENESS_MS;
    this.timers = options.timers ?? realTimers;
    this.observer = options.observer;
    this.events = new RunEventLog(namespace, logger);
  }

  /** What the org's runs are called (before the generation is known: whatever it may be). */
  private get kindPlural(): string {
    if (this.source) return this.source.kindPlural;
    return this.runs.v1 ? 'runs' : 'ComponentWorkflowRuns';
  }

  get subscriberCount(): number {
    return this.events.subscriberCount;
  }

  /** The resourceVersion a client that has every change up to now is at (after the first list). */
  get position(): number | undefined {
    return this.events.position;
  }

  /**
   * A client is about to resume from `rv`, perhaps from another replica. When this informer has
   * not listed yet, its first watch starts from there (the API server replays the history since),
   * so the client gets the changes it missed instead of a reset. Call before the first
   * `snapshot()`; later calls change nothing.
   */
  requestHistory(rv: number): void {
    if (this.synced || !this.events.isEmpty || this.known.size > 0) return;
    this.historyFrom = Math.min(this.historyFrom ?? rv, rv);
  }

  /** The informer is running (listing or watching upstream, or waiting to retry). */
  get isWatching(): boolean {
    return this.active;
  }

  /** The informer holds the cluster's state (its first list completed). */
  get isSynced(): boolean {
    return this.active && this.synced;
  }

  /**
   * Adds a subscriber; with `resumeFrom` (from Last-Event-ID) it first gets every buffered event
   * after it, or a reset when those are gone. Returns the unsubscribe function.
   */
  subscribe(
    subscriber: RunInformerSubscriber,
    resumeFrom?: RunEventPosition,
  ): () => void {
    this.events.add(subscriber, resumeFrom);
    this.cancelIdleStop();
    if (!this.active) this.start();
    return () => {
      if (this.events.remove(subscriber) && this.events.subscriberCount === 0) {
        this.scheduleIdleStop();
      }
    };
  }

  /**
   * Every run of the org, newest first (do not modify). Starts the informer if needed and, until its
   * first list completed, waits for it: at most `syncTimeoutMs` (then 504), failing with 503/504
   * naming the control plane when the list fails. Counts as use for the idle stop.
   */
  async snapshot(): Promise<readonly RunSummary[]> {
    if (!this.active) this.start();
    if (this.events.subscriberCount === 0) this.scheduleIdleStop();
    if (!this.synced) await this.waitForSync();
    return this.order.list(() => this.known.values());
  }

  /**
   * A run this backend has just created: it joins the informer's state at once, so a list right after the
   * create shows it. The watch's ADDED for the same resourceVersion is then a no-op.
   */
  observeCreated(run: BuildRun): void {
    const name = run.name;
    if (!this.active || !name) return;
    // Not synced yet: the list in flight may predate the run; add it after the list unless listed.
    if (!this.synced) this.createdDuringSync.set(name, run);
    else if (!this.known.has(name))
      this.apply('ADDED', run, undefined, this.summarize(run));
  }

  private start(): void {
    this.active = true;
    this.synced = false;
    this.createdDuringSync.clear();
    this.generation += 1;
    void this.sync(this.generation);
  }

  /**
   * Stops the upstream watch; the known state stays, so a restart can emit what changed meanwhile
   * (a restart lists again before answering list requests).
   */
  stop(): void {
    this.active = false;
    this.synced = false;
    this.generation += 1;
    this.cancelRetry();
    this.cancelIdleStop();
    this.cancelLiveness();
    this.outage = false;
    this.historyFrom = undefined;
    this.historyUntil = undefined;
    this.watch?.stop();
    this.watch = undefined;
    this.settleWaiters(
      new ServiceUnavailableError(
        `The run informer of ${this.namespace} was stopped; try again`,
      ),
    );
  }

  /** Backend shutdown: subscribers hear it (their streams end with a final event), then it stops. */
  shutdown(reason: string): void {
    this.events.notifyClose(reason);
    this.stop();
  }

  /** (Re)starts the watch's liveness deadline; each event or bookmark calls it again. */
  private armLiveness(generation: number): void {
    this.cancelLiveness();
    this.livenessTimer = this.timers.setTimeout(() => {
      this.livenessTimer = undefined;
      if (generation !== this.generation || !this.active) return;
      // No head, event or bookmark: the connection may be half-open and would never fail by
      // itself. Abandon it and resume from the last resourceVersion (a 410 then re-lists).
      this.watch?.stop();
      this.watch = undefined;
      this.retry(
        generation,
        new Error(
          `no event or bookmark within ${Math.round(this.livenessMs / 1000)} s`,
        ),
        false,
      );
    }, this.livenessMs);
  }

  private cancelLiveness(): void {
    if (this.livenessTimer === undefined) return;
    this.timers.clearTimeout(this.livenessTimer);
    this.livenessTimer = undefined;
  }

  private scheduleIdleStop(): void {
    this.cancelIdleStop();
    this.idleTimer = this.timers.setTimeout(() => {
      this.idleTimer = undefined;
      if (this.events.subscriberCount > 0 || !this.active) return;
      if (!this.synced && this.retryTimer === undefined) {
        // A first list still running (a large org, a slow cluster; longer than a short
        // runCache.idleSeconds) is not idleness: stopping would throw it away, and every request
        // would start the list over and never see it finish. The period restarts when it completes.
        this.scheduleIdleStop();
        return;
      }
      this.logger.debug(
        `Run informer for ${this.namespace} idle for ${this.idleMs} ms; stopping its watch`,
      );
      this.stop();
    }, this.idleMs);
  }

  private cancelIdleStop(): void {
    if (this.idleTimer === undefined) return;
    this.timers.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private cancelRetry(): boolean {
    if (this.retryTimer === undefined) return false;
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    return true;
  }

  private waitForSync(): Promise<void> {
    if (this.cancelRetry()) {
      // The last list failed and waits for its backoff; someone is waiting now, so try at once.
      this.generation += 1;
      void this.sync(this.generation);
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: SyncWaiter = { resolve, reject };
      waiter.deadline = this.timers.setTimeout(() => {
        this.syncWaiters.delete(waiter);
        reject(
          new GatewayTimeoutError(
            `control plane did not list the ${this.kindPlural} of ${this.namespace} within ` +
              `${Math.round(this.syncTimeoutMs / 1000)} s; try again`,
          ),
        );
      }, this.syncTimeoutMs);
      this.syncWaiters.add(waiter);
    });
  }

  /** Resolves (no error) or rejects every list request waiting for the first list. */
  private settleWaiters(error?: Error): void {
    const waiters = [...this.syncWaiters];
    this.syncWaiters.clear();
    for (const waiter of waiters) {
      this.timers.clearTimeout(waiter.deadline);
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  /**
   * The org's components, one run of each standing for it, so permission checks need not walk
   * every run (`GET /runs` on 100,000 runs). Meaningful once synced, like `snapshot()`.
   */
  componentRuns(): RunSummary[] {
    return [...this.components.values()].map(entry => entry.run);
  }

  /** A run's summary as the cache keeps it: its repeating strings shared with the other runs'. */
  private summarize(run: BuildRun): RunSummary {
    return this.strings.share(toRunSummary(run));
  }

  private setKnown(summary: RunSummary): void {
    const previous = this.known.get(summary.name);
    if (!previous) {
      const key = componentKey(summary);
      const entry = this.components.get(key);
      if (entry) entry.runs += 1;
      else this.components.set(key, { run: summary, runs: 1 });
    }
    this.known.set(summary.name, summary);
    this.order.changed(previous, summary);
  }

  private deleteKnown(name: string): void {
    const summary = this.known.get(name);
    if (!summary) return;
    const key = componentKey(summary);
    const entry = this.components.get(key);
    if (entry) {
      entry.runs -= 1;
      if (entry.runs === 0) this.components.delete(key);
    }
    this.known.delete(name);
    this.order.removed(summary);
  }

  /** Applies a change to the cache and logs it at `rv` (undefined: a notice, see RunEventLog.append). */
  private apply(
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    run: RunRecordInput,
    rv: number | undefined,
    summary: RunSummary,
  ): void {
    const previous = this.known.get(summary.name);
    if (type === 'DELETED') {
      this.deleteKnown(summary.name);
      this.events.append('deleted', summary, rv);
      this.observer?.onRunRemoved(summary, {
        ttlAfterCompletion: run.ttlAfterCompletion,
      });
      return;
    }
    if (previous && previous.resourceVersion === summary.resourceVersion)
      return;
    this.setKnown(summary);
    this.events.append(previous ? 'modified' : 'added', summary, rv);
    this.observeChanged(run, summary);
  }

  /** The run record keeps the steps `status.tasks` names (v1; the Argo steps are read on demand). */
  private observeChanged(run: RunRecordInput, summary: RunSummary): void {
    this.observer?.onRunChanged(
      summary,
      run.tasks.length > 0 ? { steps: stepsFromTasks(run.tasks) } : {},
    );
  }

  /** Lists everything, emits the differences to what was known, then watches from the list's version. */
  private async sync(generation: number): Promise<void> {
    try {
      const source = await this.runs.sourceFor(this.namespace);
      if (generation !== this.generation) return;
      this.source = source;
      // Only what is applied after the list is kept of each run, not the whole BuildRun: at
      // 100,000 runs the BuildRuns were most of the list's peak heap (and of the RSS it leaves).
      const seen = new Map<string, ListedRun>();
      let continueToken: string | undefined;
      let listVersion: string | undefined;
      do {
        const page = await source.list(this.namespace, {
          limit: LIST_PAGE_SIZE,
          continueToken,
        });
        if (generation !== this.generation) return;
        for (const run of page.items)
          seen.set(run.name, {
            summary: this.summarize(run),
            tasks: run.tasks,
            ttlAfterCompletion: run.ttlAfterCompletion,
          });
        continueToken = page.continueToken;
        listVersion = page.resourceVersion ?? listVersion;
      } while (continueToken);
      const firstSync =
        this.resourceVersion === undefined &&
        this.known.size === 0 &&
        this.events.isEmpty;
      // The differences to what was known are changes as of the list's version. After an outage
      // changes in between may be lost: resuming from before it would miss them.
      const listRv = parseResourceVersion(listVersion);
      this.events.advance(listRv, this.outage);
      for (const [name, summary] of [...this.known]) {
        if (!seen.has(name)) {
          this.deleteKnown(name);
          if (!firstSync) this.events.append('deleted', summary, listRv);
          this.observer?.onRunRemoved(summary, {});
        }
      }
      const listed: RunSummary[] = [];
      for (const run of seen.values()) {
        listed.push(run.summary);
        if (firstSync) {
          this.setKnown(run.summary);
          this.observeChanged(run, run.summary);
        } else this.apply('ADDED', run, listRv, run.summary);
      }
      this.observer?.onRunsListed(
        { namespace: this.namespace, generation: source.generation },
        listed,
      );
      for (const [name, run] of this.createdDuringSync) {
        if (!seen.has(name) && !this.known.has(name))
          this.apply('ADDED', run, undefined, this.summarize(run));
      }
      this.createdDuringSync.clear();
      this.resourceVersion = listVersion;
      if (
        firstSync &&
        this.historyFrom !== undefined &&
        listRv !== undefined &&
        this.historyFrom < listRv
      ) {
        // A client resumes from before this list: watch from its position; what the API server
        // replays up to the list's version goes to the log only (the cache has it already).
        this.historyUntil = listRv;
        this.events.replayFrom(this.historyFrom);
        this.resourceVersion = String(this.historyFrom);
      }
      this.historyFrom = undefined;
      this.stale = false;
      this.synced = true;
      this.settleWaiters();
      // The idle period counts from when the cache became usable: a request that gave up waiting
      // (504) finds the list it started when it comes back.
      if (this.events.subscriberCount === 0) this.scheduleIdleStop();
      if (this.outage) {
        // Listed again while the watch was down: the differences were emitted, but changes in
        // between (a run created and deleted, intermediate states) are gone.
        this.outage = false;
        this.events.notifyReset(
          `the watch of ${this.namespace} was interrupted and re-listed; refetch`,
        );
      }
      await this.startWatch(generation);
    } catch (error) {
      if (generation === this.generation && !this.synced) {
        this.settleWaiters(listFailure(this.namespace, error));
      }
      this.retry(generation, error, false);
    }
  }

  private async startWatch(generation: number): Promise<void> {
    if (generation !== this.generation) return;
    this.watchStartedAt = Date.now();
    // The deadline covers the response head too: a server that accepts and never answers.
    this.armLiveness(generation);
    const source = this.source ?? (await this.runs.sourceFor(this.namespace));
    const handle = await source.watch(
      this.namespace,
      this.resourceVersion,
      event => this.onWatchEvent(generation, event),
      error => this.onWatchClosed(generation, error),
    );
    if (generation !== this.generation) {
      handle.stop();
      return;
    }
    this.watch = handle;
  }

  private onWatchEvent(generation: number, event: BuildRunWatchEvent): void {
    if (generation !== this.generation) return;
    if (event.type === 'ERROR') {
      const status = event.status;
      this.cancelLiveness();
      this.watch?.stop();
      this.watch = undefined;
      const expired = status.code === 410;
      if (expired) this.historyLost();
      this.retry(
        generation,
        new Error(status.message ?? 'watch error'),
        expired,
      );
      return;
    }
    this.backoffMs = INITIAL_BACKOFF_MS;
    this.armLiveness(generation);
    // Back from an outage without a re-list: the watch resumed from the last resourceVersion,
    // so nothing was missed.
    this.outage = false;
    const run = event.run;
    if (run.resourceVersion) this.resourceVersion = run.resourceVersion;
    const rv = parseResourceVersion(run.resourceVersion);
    if (event.type === 'BOOKMARK') {
      if (this.historyUntil === undefined) this.events.advance(rv);
      return;
    }
    if (this.historyUntil !== undefined) {
      if (rv !== undefined && rv <= this.historyUntil) {
        this.events.append(HISTORY_TYPES[event.type], this.summarize(run), rv);
        return;
      }
      this.historyUntil = undefined;
    }
    this.apply(event.type, run, rv, this.summarize(run));
  }

  /** The history a resuming client waits for is compacted away: it must refetch. */
  private historyLost(): void {
    if (this.historyUntil === undefined) return;
    this.historyUntil = undefined;
    this.events.notifyReset(
      `the changes of ${this.namespace} since the given event id are no longer kept; refetch`,
    );
  }

  private onWatchClosed(generation: number, error?: Error): void {
    if (generation !== this.generation) return;
    this.cancelLiveness();
    // Already closed upstream; aborting again is harmless and guarantees nothing stays open.
    this.watch?.stop();
    this.watch = undefined;
    if (!error && Date.now() - this.watchStartedAt > MIN_HEALTHY_WATCH_MS) {
      // The API server ends watches after a while; resume from the last version right away.
      this.generation += 1;
      const next = this.generation;
      void this.startWatch(next).catch(e => this.retry(next, e, false));
      return;
    }
    if (!error) {
      // Closed right after opening: back off rather than spin.
      this.retry(generation, new Error('watch closed by the server'), false);
      return;
    }
    if (error instanceof ResourceExpiredError) this.historyLost();
    this.retry(generation, error, error instanceof ResourceExpiredError);
  }

  /** Reconnects with exponential backoff; a 410 (or a failed first list) re-lists instead of resuming. */
  private retry(generation: number, error: unknown, relist: boolean): void {
    if (generation !== this.generation || !this.active) return;
    this.generation += 1;
    const next = this.generation;
    this.cancelLiveness();
    if (relist) this.stale = true;
    if (!relist && this.synced && !this.outage) {
      // Subscribers hear it instead of silence; `/events` sends them a stream-error event.
      this.outage = true;
      const reason = isError(error) ? error.message : String(error);
      this.events.notifyError(
        `the watch of ${this.namespace} is interrupted (${reason}); retrying`,
      );
    }
    const delay = relist ? 0 : this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    if (!relist) {
      const reason = isError(error) ? error.message : String(error);
      this.logger.warn(
        `Run watch for ${this.namespace} interrupted (${reason}); retrying in ${delay} ms`,
      );
    }
    this.cancelRetry();
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = undefined;
      if (next !== this.generation) return;
      // Resume the watch when the state is current; list again after a 410 or a failed first list.
      if (this.stale || !this.synced || this.resourceVersion === undefined)
        void this.sync(next);
      else void this.startWatch(next).catch(e => this.retry(next, e, false));
    }, delay);
  }
}
