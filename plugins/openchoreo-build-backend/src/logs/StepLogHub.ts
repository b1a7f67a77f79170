import type { StepLogSource } from '@openchoreo-build/plugin-openchoreo-build-common';
import { SseFrame } from '../http/sseFrame';
import type { LineBatch } from './lineBatch';
import { batchFrom, batchLength, lineEventFrame } from './lineEvents';
import { LineWindow } from './lineWindow';
import { pointAfter, sameCursor, type LogPoint } from './logPoint';
import type { StepLogSessionResult, StepLogSink } from './sessionTypes';

/**
 * One follower of a shared step log (an SSE response): the hub frames each event once and writes
 * the same bytes (and the same chunk of a chunked body) to every follower.
 */
export interface HubFollower {
  /**
   * Writes one complete `line` event whose last line leaves the follower at `after`. Returns a
   * promise when the follower holds more unsent bytes than its cap: the hub then lets it go (see
   * {@link HubOutcome} `slow`); the promise resolves true once it drained, false if it left.
   */
  writeLines(frame: SseFrame, after: LogPoint): Promise<boolean> | undefined;
  source(source: StepLogSource, detail: string): void;
  waiting(message: string): void;
  notice(error: Error): void;
}

/** Why a follower's time in a hub ended. */
export type HubOutcome =
  /** The step's log is complete: the same `totalLines` for every follower. */
  | { kind: 'end'; result: StepLogSessionResult }
  /** The shared reader failed for good (e.g. the run was deleted): every follower gets the error. */
  | { kind: 'failed'; error: unknown }
  /**
   * The follower fell more than its cap behind; `drained` resolves when it took its buffer (true)
   * or left (false). It goes on from its own position: from the hub's window if still held, else
   * with its own reader. One slow browser never holds up the others, and costs at most its cap.
   */
  | { kind: 'slow'; drained: Promise<boolean> }
  /**
   * The hub reached the follower's position with another cursor: their line numbers disagree
   * (the follower resumed by timestamp after the kubelet rotated the start of the log away, or
   * the step's pod changed). The follower keeps its own numbering with its own reader.
   */
  | { kind: 'mismatch' }
  /** The follower left (its signal aborted) or the hub was closed (backend shutdown). */
  | { kind: 'stopped' };

/** Whether a follower at a point can join a hub now. */
export type JoinVerdict =
  /** Yes: from the window, at the hub's position, or (ahead) once the hub gets there. */
  | 'join'
  /** Its position is older than the window: it reads on alone until it gets there. */
  | 'behind'
  /** Same line number, different cursor: see {@link HubOutcome} `mismatch`. */
  | 'mismatch';

interface Subscriber {
  follower: HubFollower;
  /** Next line the follower needs. */
  next: number;
  /** Set while the follower is ahead of the hub: its cursor, checked when the hub gets there. */
  expect?: LogPoint;
  /** The follower leaving. */
  signal: AbortSignal;
  onAbort?: () => void;
  resolve(outcome: HubOutcome): void;
}

/** Starts the shared reader: a follow of the step from `start`, delivering into `sink`. */
export type HubReader = (
  sink: StepLogSink,
  start: LogPoint,
  signal: AbortSignal,
) => Promise<StepLogSessionResult>;

export interface StepLogHubOptions {
  start: LogPoint;
  /** Bytes of recent lines kept for followers that join late or fall behind. */
  windowBytes: number;
  reader: HubReader;
  /** Called once, synchronously, when the hub stops taking followers (ended, failed, left, closed). */
  onStop: () => void;
}

/**
 * One live step log shared by every follower of it in this process: one upstream reader (a
 * `pods/log` follow, or the polls of an agent-mode plane), its lines fanned out to each follower
 * as the same event bytes. It keeps a window of recent lines so a follower that joins late gets
 * the lines before the hub's position first, numbered and with ids exactly as its own reader
 * would give them. The reader never waits for a follower; one that falls behind is let go (see
 * {@link HubOutcome}). The reader stops when the last follower leaves.
 */
export class StepLogHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly window: LineWindow;
  private readonly controller = new AbortController();
  private stopped = false;
  /** The reader's last `source`, and its `waiting` message while no line came since: told to joiners. */
  private lastSource?: { source: StepLogSource; detail: string };
  private lastWaiting?: string;

  constructor(private readonly options: StepLogHubOptions) {
    this.window = new LineWindow(options.windowBytes, options.start);
    options.reader(this.sink, options.start, this.controller.signal).then(
      result => this.finish({ kind: 'end', result }),
      error =>
        this.finish(
          this.controller.signal.aborted
            ? { kind: 'stopped' }
            : { kind: 'failed', error },
        ),
    );
  }

  /** Followers attached now. */
  get followers(): number {
    return this.subscribers.size;
  }

  /** The reader's position (next line) and the window's first line, bytes held. */
  get stats(): {
    followers: number;
    position: number;
    windowStart: number;
    windowBytes: number;
  } {
    return {
      followers: this.subscribers.size,
      position: this.window.end,
      windowStart: this.window.start,
      windowBytes: this.window.heldBytes,
    };
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  check(point: LogPoint): JoinVerdict {
    if (point.next < this.window.start) return 'behind';
    if (point.next > this.window.end) return 'join';
    return sameCursor(this.window.cursorBefore(point.next), point.cursor)
      ? 'join'
      : 'mismatch';
  }

  /**
   * Attaches a follower at `point` (where it is: its next line and cursor). Resolves when its
   * time in the hub ends; `signal` is the follower leaving. Lines between `point` and the hub's
   * position are written from the window at once.
   */
  attach(
    follower: HubFollower,
    point: LogPoint,
    signal: AbortSignal,
  ): Promise<HubOutcome> | Exclude<JoinVerdict, 'join'> {
    if (this.stopped) return Promise.resolve({ kind: 'stopped' });
    const verdict = this.check(point);
    if (verdict !== 'join' || signal.aborted) {
      // A hub started for this follower has nobody else to read for.
      if (this.subscribers.size === 0) this.stop();
      return verdict === 'join'
        ? Promise.resolve({ kind: 'stopped' })
        : verdict;
    }
    return new Promise<HubOutcome>(resolve => {
      const subscriber: Subscriber = {
        follower,
        next: point.next,
        expect: point.next > this.window.end ? point : undefined,
        signal,
        resolve,
      };
      if (this.lastSource)
        follower.source(this.lastSource.source, this.lastSource.detail);
      if (this.lastWaiting) follower.waiting(this.lastWaiting);
      // The lines the follower lacks that the window still holds, then the live ones.
      for (const batch of this.window.linesFrom(point.next)) {
        const drained = this.write(
          subscriber,
          new SseFrame(lineEventFrame(batch)),
          pointAfter(batch),
        );
        if (drained) {
          subscriber.resolve({ kind: 'slow', drained });
          if (this.subscribers.size === 0) this.stop();
          return;
        }
      }
      this.subscribers.add(subscriber);
      subscriber.onAbort = () => this.detach(subscriber, { kind: 'stopped' });
      signal.addEventListener('abort', subscriber.onAbort, { once: true });
    });
  }

  /** Stops the reader and lets every follower go (backend shutdown). */
  close(): void {
    this.stop();
    for (const subscriber of [...this.subscribers])
      this.detach(subscriber, { kind: 'stopped' });
  }

  /** What the shared reader produces. It never waits: a slow follower is let go instead. */
  private readonly sink: StepLogSink = {
    lines: batch => {
      this.window.push(batch);
      this.lastWaiting = undefined;
      // One frame and one point after it for every follower of the batch.
      let frame: SseFrame | undefined;
      const after = pointAfter(batch);
      for (const subscriber of [...this.subscribers]) {
        if (subscriber.expect) {
          this.reachAhead(subscriber, batch);
          continue;
        }
        frame ??= new SseFrame(lineEventFrame(batch));
        const drained = this.write(subscriber, frame, after);
        if (drained) this.detach(subscriber, { kind: 'slow', drained });
      }
    },
    source: (source, detail) => {
      this.lastSource = { source, detail };
      this.lastWaiting = undefined;
      for (const s of this.subscribers) s.follower.source(source, detail);
    },
    waiting: message => {
      this.lastWaiting = message;
      for (const s of this.subscribers) s.follower.waiting(message);
    },
    notice: error => {
      for (const s of this.subscribers) s.follower.notice(error);
    },
  };

  /**
   * A batch for a follower that is ahead of the hub: nothing until the batch reaches its
   * position; there the cursors must agree, and it gets the rest of the batch.
   */
  private reachAhead(subscriber: Subscriber, batch: LineBatch): void {
    const end = batch.n + batchLength(batch);
    const expect = subscriber.expect!;
    if (expect.next > end) return;
    if (!sameCursor(this.window.cursorBefore(expect.next), expect.cursor)) {
      this.detach(subscriber, { kind: 'mismatch' });
      return;
    }
    subscriber.expect = undefined;
    if (expect.next === end) return;
    const rest = batchFrom(batch, expect.next - batch.n);
    const drained = this.write(
      subscriber,
      new SseFrame(lineEventFrame(rest)),
      pointAfter(rest),
    );
    if (drained) this.detach(subscriber, { kind: 'slow', drained });
  }

  /** Writes a frame whose last line leaves the follower at `after`. */
  private write(
    subscriber: Subscriber,
    frame: SseFrame,
    after: LogPoint,
  ): Promise<boolean> | undefined {
    subscriber.next = after.next;
    return subscriber.follower.writeLines(frame, after);
  }

  private detach(subscriber: Subscriber, outcome: HubOutcome): void {
    if (!this.subscribers.delete(subscriber)) return;
    this.settle(subscriber, outcome);
    if (this.subscribers.size === 0) this.stop();
  }

  /** Ends a follower's time in the hub (it was removed already). */
  private settle(subscriber: Subscriber, outcome: HubOutcome): void {
    if (subscriber.onAbort)
      subscriber.signal.removeEventListener('abort', subscriber.onAbort);
    subscriber.resolve(outcome);
  }

  /** No more followers: the upstream request ends, and the hub takes no new ones. */
  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.options.onStop();
    this.controller.abort();
  }

  private finish(outcome: HubOutcome): void {
    if (!this.stopped) {
      this.stopped = true;
      this.options.onStop();
    }
    for (const subscriber of [...this.subscribers]) {
      // A follower still ahead when the log ended has lines the hub never saw: it reads alone.
      const own: HubOutcome =
        outcome.kind === 'end' && subscriber.expect
          ? { kind: 'mismatch' }
          : outcome;
      this.subscribers.delete(subscriber);
      this.settle(subscriber, own);
    }
  }
}
