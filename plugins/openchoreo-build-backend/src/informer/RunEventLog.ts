import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type { RunEvent } from '@openchoreo-build/plugin-openchoreo-build-common';

export interface SequencedRunEvent {
  seq: number;
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

/** Where a client stopped: the epoch and sequence number of the last event it got. */
export interface RunEventPosition {
  epoch: string;
  seq: number;
}

/** Events kept for clients that resume with Last-Event-ID. */
const REPLAY_BUFFER_SIZE = 1000;

/**
 * The numbered changes of one {@link RunInformer} and the subscribers that follow them. The last
 * events stay in a ring buffer, so a client that reconnects with the id of the last event it got
 * misses nothing (or hears that it must refetch).
 */
export class RunEventLog {
  private seq = 0;
  private readonly buffer: SequencedRunEvent[] = [];
  private readonly subscribers = new Set<RunInformerSubscriber>();

  constructor(
    private readonly namespace: string,
    /** Changes on every backend start, so ids from an earlier process are recognised as stale. */
    readonly epoch: string,
    private readonly logger: LoggerService,
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Adds a subscriber; with `resumeFrom` (from Last-Event-ID) it first gets every buffered event
   * after it, or a reset when those are gone.
   */
  add(subscriber: RunInformerSubscriber, resumeFrom?: RunEventPosition): void {
    this.subscribers.add(subscriber);
    if (!resumeFrom) return;
    const oldest = this.buffer[0]?.seq ?? this.seq + 1;
    if (
      resumeFrom.epoch !== this.epoch ||
      resumeFrom.seq > this.seq ||
      resumeFrom.seq < oldest - 1
    ) {
      subscriber.onReset(
        `cannot resume ${this.namespace} from the given event id`,
      );
      return;
    }
    for (const entry of this.buffer) {
      if (entry.seq > resumeFrom.seq) subscriber.onEvent(entry);
    }
  }

  /** True when `subscriber` was subscribed. */
  remove(subscriber: RunInformerSubscriber): boolean {
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
    for (const subscriber of [...this.subscribers]) {
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

  /** Numbers a change, keeps it for resuming clients and tells every subscriber. */
  append(type: RunEvent['type'], run: RunEvent['run']): void {
    this.seq += 1;
    const entry = {
      seq: this.seq,
      event: { type, namespace: this.namespace, run },
    };
    this.buffer.push(entry);
    if (this.buffer.length > REPLAY_BUFFER_SIZE) this.buffer.shift();
    for (const subscriber of [...this.subscribers]) {
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
