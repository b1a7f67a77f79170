import type { Scheduler } from '../util/scheduler';
import type { ControllerClock } from './clock';

/** controller-runtime's default per-item backoff for `Requeue: true`: 5 ms doubling up to 1000 s. */
const BACKOFF_BASE_MS = 5;
const BACKOFF_MAX_MS = 1_000_000;

export interface WorkQueueOptions {
  scheduler: Scheduler;
  clock: ControllerClock;
  /** Called with a key taken off the queue. */
  reconcile: (key: string) => void;
  /** Prefix of the log lines (`<kind> <key>: <why>`), e.g. `run` or `workflowrun`. */
  kind: string;
  log: (line: string) => void;
}

/**
 * The part of controller-runtime's work queue the sandbox's run controllers need, one per
 * controller: a key is reconciled soon and once however often it is added in the meantime;
 * `after` is `ctrl.Result{RequeueAfter}`, `retry` is `Requeue: true` (or an error) with the
 * per-item exponential backoff, `done` ends both. A later result replaces an earlier timer.
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly timers = new Map<string, () => void>();
  private readonly failures = new Map<string, number>();
  private readonly lastWhy = new Map<string, string>();

  constructor(private readonly options: WorkQueueOptions) {}

  /** Reconciles the key soon, once, however often it is asked for in the meantime. */
  add(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.options.scheduler.soon(() => {
      this.queued.delete(key);
      this.options.reconcile(key);
    });
  }

  /** `RequeueAfter`: the backoff starts over, the key comes back after `ms`. */
  after(key: string, ms: number): void {
    this.failures.delete(key);
    this.schedule(key, ms);
  }

  /** `Requeue: true` or an error: back after the key's next backoff step. */
  retry(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.schedule(key, Math.min(BACKOFF_BASE_MS * 2 ** n, BACKOFF_MAX_MS));
  }

  /** An empty result: no timer, the backoff starts over; the next event brings the key back. */
  done(key: string): void {
    this.cancelTimer(key);
    this.failures.delete(key);
  }

  /** The object is gone: forgets everything about the key. */
  forget(key: string): void {
    this.done(key);
    this.lastWhy.delete(key);
  }

  /** Logs why the key's reconcile did not finish, once per distinct reason. */
  explain(key: string, why: string | undefined): void {
    if (!why || this.lastWhy.get(key) === why) return;
    this.lastWhy.set(key, why);
    this.options.log(`${this.options.kind} ${key}: ${why}`);
  }

  /** Cancels every timer (keys already handed to the scheduler still run: it is closed too). */
  stop(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  private cancelTimer(key: string): void {
    this.timers.get(key)?.();
    this.timers.delete(key);
  }

  private schedule(key: string, ms: number): void {
    this.cancelTimer(key);
    this.timers.set(
      key,
      this.options.clock.after(ms, () => {
        this.timers.delete(key);
        this.add(key);
      }),
    );
  }
}

/** `namespace/name` of a namespaced object. */
export function keyOf(obj: {
  metadata: { namespace?: string; name?: string };
}): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

/** The namespace and name of a `namespace/name` key. */
export function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}
