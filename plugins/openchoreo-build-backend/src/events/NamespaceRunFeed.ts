import { randomBytes } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ComponentWorkflowRun,
  KubernetesStatus,
  KubernetesWatchEvent,
  RunEvent,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlane } from '../controlplane/ControlPlane';
import type { WatchHandle } from '../kubernetes/KubernetesClient';
import { ResourceExpiredError } from '../kubernetes/kubernetesErrors';
import { toRunSummary } from '../runs/runModel';

export interface SequencedRunEvent {
  seq: number;
  event: RunEvent;
}

export interface FeedSubscriber {
  onEvent(event: SequencedRunEvent): void;
  /** The feed cannot replay what the subscriber missed: it should refetch. */
  onReset(reason: string): void;
}

const BUFFER_SIZE = 1000;
const MAX_BACKOFF_MS = 30_000;

/**
 * All run changes of one org from ONE Kubernetes watch, however many clients listen. The watch
 * starts with the first subscriber and stops with the last. It resumes from the last
 * resourceVersion after a disconnect and re-lists on 410 Gone, emitting the differences, so
 * subscribers see every change. A ring buffer of sequenced events lets clients resume.
 */
export class NamespaceRunFeed {
  /** Changes on every backend start, so ids from an earlier process are recognised as stale. */
  readonly epoch = randomBytes(3).toString('hex');
  private seq = 0;
  private readonly buffer: SequencedRunEvent[] = [];
  private readonly subscribers = new Set<FeedSubscriber>();
  private readonly known = new Map<string, RunSummary>();
  private resourceVersion?: string;
  private watch?: WatchHandle;
  private active = false;
  private generation = 0;
  private retryTimer?: NodeJS.Timeout;
  private backoffMs = 1000;
  private watchStartedAt = 0;

  constructor(
    readonly namespace: string,
    private readonly controlPlane: ControlPlane,
    private readonly logger: LoggerService,
  ) {}

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  get lastSeq(): number {
    return this.seq;
  }

  get isWatching(): boolean {
    return this.active;
  }

  /**
   * Adds a subscriber; with `afterSeq` (from Last-Event-ID) it first gets every buffered event after
   * it, or a reset when those are gone. Returns the unsubscribe function.
   */
  subscribe(subscriber: FeedSubscriber, resumeFrom?: { epoch: string; seq: number }): () => void {
    this.subscribers.add(subscriber);
    if (resumeFrom) {
      const oldest = this.buffer[0]?.seq ?? this.seq + 1;
      if (resumeFrom.epoch !== this.epoch || resumeFrom.seq > this.seq || resumeFrom.seq < oldest - 1) {
        subscriber.onReset(`cannot resume ${this.namespace} from the given event id`);
      } else {
        for (const entry of this.buffer) if (entry.seq > resumeFrom.seq) subscriber.onEvent(entry);
      }
    }
    if (!this.active) this.start();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stop();
    };
  }

  private start(): void {
    this.active = true;
    this.generation += 1;
    void this.sync(this.generation);
  }

  /** Stops the upstream watch; the known state stays, so a restart can emit what changed meanwhile. */
  stop(): void {
    this.active = false;
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.watch?.stop();
    this.watch = undefined;
  }

  private emit(type: RunEvent['type'], run: RunSummary): void {
    this.seq += 1;
    const entry = { seq: this.seq, event: { type, namespace: this.namespace, run } };
    this.buffer.push(entry);
    if (this.buffer.length > BUFFER_SIZE) this.buffer.shift();
    for (const subscriber of [...this.subscribers]) {
      try {
        subscriber.onEvent(entry);
      } catch (error) {
        this.logger.warn(`Run event subscriber failed: ${(error as Error).message}`);
      }
    }
  }

  private apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', run: ComponentWorkflowRun): void {
    const summary = toRunSummary(run);
    const previous = this.known.get(summary.name);
    if (type === 'DELETED') {
      this.known.delete(summary.name);
      this.emit('deleted', summary);
      return;
    }
    if (previous && previous.resourceVersion === summary.resourceVersion) return;
    this.known.set(summary.name, summary);
    this.emit(previous ? 'modified' : 'added', summary);
  }

  /** Lists everything, emits the differences to what was known, then watches from the list's version. */
  private async sync(generation: number): Promise<void> {
    try {
      const seen = new Map<string, ComponentWorkflowRun>();
      let continueToken: string | undefined;
      let listVersion: string | undefined;
      do {
        const page = await this.controlPlane.listRuns(this.namespace, { limit: 500, continueToken });
        if (generation !== this.generation) return;
        for (const run of page.items) seen.set(run.metadata?.name ?? '', run);
        continueToken = page.metadata?.continue || undefined;
        listVersion = page.metadata?.resourceVersion ?? listVersion;
      } while (continueToken);
      const firstSync = this.resourceVersion === undefined && this.known.size === 0 && this.seq === 0;
      for (const [name, summary] of [...this.known]) {
        if (!seen.has(name)) {
          this.known.delete(name);
          if (!firstSync) this.emit('deleted', summary);
        }
      }
      for (const run of seen.values()) {
        if (firstSync) this.known.set(run.metadata?.name ?? '', toRunSummary(run));
        else this.apply('ADDED', run);
      }
      this.resourceVersion = listVersion;
      await this.startWatch(generation);
    } catch (error) {
      this.retry(generation, error as Error, false);
    }
  }

  private async startWatch(generation: number): Promise<void> {
    if (generation !== this.generation) return;
    this.watchStartedAt = Date.now();
    const handle = await this.controlPlane.watchRuns(
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

  private onWatchEvent(generation: number, event: KubernetesWatchEvent<ComponentWorkflowRun>): void {
    if (generation !== this.generation) return;
    this.backoffMs = 1000;
    if (event.type === 'ERROR') {
      const status = event.object as KubernetesStatus;
      this.watch?.stop();
      this.watch = undefined;
      const expired = status.code === 410;
      this.retry(generation, new Error(status.message ?? 'watch error'), expired);
      return;
    }
    const run = event.object as ComponentWorkflowRun;
    if (run.metadata?.resourceVersion) this.resourceVersion = run.metadata.resourceVersion;
    if (event.type === 'BOOKMARK') return;
    this.apply(event.type, run);
  }

  private onWatchClosed(generation: number, error?: Error): void {
    if (generation !== this.generation) return;
    // Already closed upstream; aborting again is harmless and guarantees nothing stays open.
    this.watch?.stop();
    this.watch = undefined;
    if (!error && Date.now() - this.watchStartedAt > 5000) {
      // The API server ends watches after a while; resume from the last version right away.
      this.generation += 1;
      const next = this.generation;
      void this.startWatch(next).catch(e => this.retry(next, e as Error, false));
      return;
    }
    if (!error) {
      // Closed right after opening: back off rather than spin.
      this.retry(generation, new Error('watch closed by the server'), false);
      return;
    }
    this.retry(generation, error, error instanceof ResourceExpiredError);
  }

  /** Reconnects with exponential backoff; a 410 (or a failed start) re-lists instead of resuming. */
  private retry(generation: number, error: Error, relist: boolean): void {
    if (generation !== this.generation || !this.active) return;
    this.generation += 1;
    const next = this.generation;
    const delay = relist ? 0 : this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    if (!relist) this.logger.warn(`Run watch for ${this.namespace} interrupted (${error.message}); retrying in ${delay} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (next !== this.generation) return;
      if (relist || this.resourceVersion === undefined) void this.sync(next);
      else void this.startWatch(next).catch(e => this.retry(next, e as Error, false));
    }, delay);
  }
}
