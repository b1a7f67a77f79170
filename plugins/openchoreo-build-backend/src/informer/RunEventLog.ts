import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type { RunEvent } from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * A change and the position it stands for: the Kubernetes resourceVersion of the change (the
 * object's version after it; for a re-list's differences, the list's version). Every replica
 * watching the same control plane numbers a change alike, so a client can resume on any of them.
 */
export interface SequencedRunEvent {
  rv: number;
  event: RunEvent;
}

export interface RunInformerSubscriber {
  onEvent(event: SequencedRunEvent): void;
  /** The informer cannot replay what the subscriber missed: it should refetch. */
  onReset(reason: string): void;
  /** The upstream watch is down (the informer retries); changes arrive late until it is back. */
  onError?(reason: string): void;
  /** The informer is shutting down with the backend: no more events will come. */
  onClose?(reason: string): void;
}

/** Where a client stopped: the resourceVersion of the last change (or bookmark) it was told of. */
export interface RunEventPosition {
  rv: number;
}

/** Events kept for clients that resume with Last-Event-ID. */
const REPLAY_BUFFER_SIZE = 1000;

const RESOURCE_VERSION = /^\d{1,15}$/;

/**
 * A resourceVersion as a number, or undefined when it is not one. Kubernetes calls them opaque,
 * but the API server's own watch cache parses them as integers (etcd revisions, one counter for
 * the whole cluster: `k8s.io/apiserver/pkg/storage/etcd3` `APIObjectVersioner.ParseResourceVersion`);
 * positions are only compared when they parse, otherwise a resuming client gets a reset.
 */
export function parseResourceVersion(
  rv: string | undefined,
): number | undefined {
  return rv !== undefined && RESOURCE_VERSION.test(rv) ? Number(rv) : undefined;
}

interface Subscription {
  subscriber: RunInformerSubscriber;
  /**
   * Where the subscriber started: changes at or below it predate it (or it has them from another
   * replica). Fixed, because several changes share a version (a re-list's differences).
   */
  floor: number;
}

/**
 * The changes of one {@link RunInformer} by resourceVersion, and the subscribers that follow them.
 * The last events stay in a ring buffer, so a client that reconnects with the position of the
 * last event it got — to this replica or another — misses nothing (or hears that it must
 * refetch). Each subscriber has a floor, where it started: changes at or below it are not sent,
 * which keeps a client that resumes on a replica lagging behind the other from seeing a change
 * twice, and a new client from the history a resuming one asked for.
 */
export class RunEventLog {
  private readonly buffer: SequencedRunEvent[] = [];
  private readonly subscribers = new Map<RunInformerSubscriber, Subscription>();
  /**
   * The subscriptions as an array, taken when they change rather than at each change: a change
   * is told to a thousand subscribers without copying them first.
   */
  private snapshot?: readonly Subscription[];
  /** Every change after this version is in the buffer (or, while history replays, on its way). */
  private coveredFrom?: number;
  /** The newest version known: the last change, bookmark or list. */
  private latest?: number;

  constructor(
    private readonly namespace: string,
    private readonly logger: LoggerService,
  ) {}

  /** The position of a client that has everything up to now (undefined before the first list). */
  get position(): number | undefined {
    return this.latest;
  }

  /** No change was recorded yet. */
  get isEmpty(): boolean {
    return this.buffer.length === 0 && this.latest === undefined;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** A client at `rv` can resume here: every change after it is in the buffer or still to come. */
  covers(rv: number): boolean {
    return this.coveredFrom !== undefined && rv >= this.coveredFrom;
  }

  /**
   * The list or a bookmark says the state is current at `rv`. The first one starts the coverage;
   * `restart` starts it again (a re-list after changes may have been lost).
   */
  advance(rv: number | undefined, restart = false): void {
    if (rv === undefined) return;
    if (this.coveredFrom === undefined || restart) this.coveredFrom = rv;
    this.latest = Math.max(this.latest ?? rv, rv);
  }

  /** The watch replays history from `rv` on: changes after it will come, in order. */
  replayFrom(rv: number): void {
    this.coveredFrom = Math.min(this.coveredFrom ?? rv, rv);
  }

  /**
   * Adds a subscriber; with `resumeFrom` (from Last-Event-ID) it first gets every buffered event
   * after it, or a reset when this log does not reach back that far. A resume point ahead of this
   * log (another replica saw the change first) is fine: events up to it are skipped.
   */
  add(subscriber: RunInformerSubscriber, resumeFrom?: RunEventPosition): void {
    const subscription = { subscriber, floor: this.latest ?? 0 };
    this.subscribers.set(subscriber, subscription);
    this.snapshot = undefined;
    if (!resumeFrom) return;
    if (!this.covers(resumeFrom.rv)) {
      subscriber.onReset(
        `cannot resume ${this.namespace} from the given event id`,
      );
      return;
    }
    subscription.floor = resumeFrom.rv;
    for (const entry of this.buffer) {
      if (entry.rv > subscription.floor) subscriber.onEvent(entry);
    }
  }

  /** True when `subscriber` was subscribed. */
  remove(subscriber: RunInformerSubscriber): boolean {
    this.snapshot = undefined;
    return this.subscribers.delete(subscriber);
  }

  /** Tells every subscriber that the watch is down ({@link RunInformerSubscriber.onError}). */
  notifyError(reason: string): void {
    this.each(subscriber => subscriber.onError?.(reason));
  }

  /** Tells every subscriber to refetch: changes may have been lost while the watch was down. */
  notifyReset(reason: string): void {
    this.each(subscriber => subscriber.onReset(reason));
  }

  /** Tells every subscriber that no more events will come (backend shutdown). */
  notifyClose(reason: string): void {
    this.each(subscriber => subscriber.onClose?.(reason));
  }

  private each(call: (subscriber: RunInformerSubscriber) => void): void {
    for (const subscriber of [...this.subscribers.keys()]) {
      try {
        call(subscriber);
      } catch (error) {
        // One failing subscriber must not keep the others from their news.
        this.logger.warn(
          `Run event subscriber failed: ${
            isError(error) ? error.message : String(error)
          }`,
        );
      }
    }
  }

  /**
   * Records a change at version `rv` and tells every subscriber not past it. Without a version (a
   * run this backend just created, ahead of the watch; or a control plane whose versions are not
   * numbers) it is a notice at the current position, told to every subscriber.
   */
  append(type: RunEvent['type'], run: RunEvent['run'], rv?: number): void {
    const notice = rv === undefined;
    const entry = {
      rv: rv ?? this.latest ?? 0,
      event: { type, namespace: this.namespace, run },
    };
    this.latest = Math.max(this.latest ?? entry.rv, entry.rv);
    this.buffer.push(entry);
    if (this.buffer.length > REPLAY_BUFFER_SIZE) {
      const dropped = this.buffer.shift()!;
      this.coveredFrom = Math.max(this.coveredFrom ?? dropped.rv, dropped.rv);
    }
    // Those subscribed when the change came are told of it (one added meanwhile starts past it).
    this.snapshot ??= [...this.subscribers.values()];
    for (const { subscriber, floor } of this.snapshot) {
      if (!notice && entry.rv <= floor) continue;
      try {
        subscriber.onEvent(entry);
      } catch (error) {
        // One failing subscriber must not keep the others from their events.
        this.logger.warn(
          `Run event subscriber failed: ${
            isError(error) ? error.message : String(error)
          }`,
        );
      }
    }
  }
}
