import {
  STEP_LOG_EVENTS,
  type StepLogErrorEvent,
  type StepLogSource,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { isError } from '@backstage/errors';
import type { FrameWriter } from '../http/frameWriter';
import type { SseFrame } from '../http/sseFrame';
import type { SseWriter, SseWriteResult } from '../http/SseWriter';
import type { LineBatch } from './lineBatch';
import { lineEventFrame } from './lineEvents';
import { pointAfter, type LogPoint } from './logPoint';
import {
  abortError,
  type StepLogSessionResult,
  type StepLogSink,
} from './sessionTypes';
import type { HubFollower } from './StepLogHub';
import type { StepLocation, StepLocator } from './stepLocator';
import type { StepLogService } from './StepLogService';

/**
 * One SSE follow response as the target of both its own session and a shared hub: writes the
 * events and remembers where the client is (the point after the last line written).
 */
export class SseLogFollower implements HubFollower {
  private lastSource?: StepLogSource;
  private writeFrame?: FrameWriter;

  constructor(
    private readonly writer: SseWriter,
    /** Where the client is: its resume point, then after each line event. */
    public point: LogPoint,
    /**
     * How shared frames reach this response once it is open (`frameWriterFor`, `pause`): straight
     * onto its socket, where `res.write` would cost Node's HTTP layer a chunk header, several
     * socket writes and a tick per follower and batch. Without it, through the writer.
     */
    private readonly frameWriter?: () => FrameWriter,
  ) {}

  /** A line event the hub framed once for all its followers. */
  writeLines(frame: SseFrame, after: LogPoint): SseWriteResult {
    if (!this.writeFrame) {
      this.writer.open();
      this.writeFrame =
        this.frameWriter?.() ??
        (shared => this.writer.writeEvent(shared.bytes));
    }
    const pending = this.writeFrame(frame);
    this.point = after;
    return pending;
  }

  /** A line event of this follower's own session (framed for it alone). */
  lines(batch: LineBatch): SseWriteResult {
    const pending = this.writer.writeEvent(lineEventFrame(batch));
    this.point = pointAfter(batch);
    return pending;
  }

  /** Once per change: a follower moving between its own reader and a hub reads the same source. */
  source(source: StepLogSource, detail: string): void {
    if (source === this.lastSource) return;
    this.lastSource = source;
    this.json(STEP_LOG_EVENTS.source, { source, detail });
  }

  waiting(message: string): void {
    this.json(STEP_LOG_EVENTS.waiting, { message });
  }

  notice(error: Error): void {
    this.json(STEP_LOG_EVENTS.error, errorEvent(error, false));
  }

  json(event: string, data: unknown): void {
    this.writer.send(event, JSON.stringify(data));
  }
}

/** The `error` event of a failure. */
export function errorEvent(error: unknown, fatal: boolean): StepLogErrorEvent {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return {
    message: isError(error) ? error.message : String(error),
    status: typeof status === 'number' ? status : undefined,
    fatal,
  };
}

export interface FollowStepRequest {
  logs: StepLogService;
  locator: StepLocator;
  /**
   * The first look at the step, taken before anything was sent. Without it, the step's log is
   * shared live already: the client joins that first.
   */
  initial?: StepLocation;
  /** Aborted when the client leaves (or the backend shuts down). */
  controller: AbortController;
  follower: SseLogFollower;
  /** The response's unsent bytes (statistics). */
  buffered: () => number;
}

/**
 * Follows a step's log for one client until the log is complete. While the step's container
 * runs, the client is fed by the step's shared hub (one upstream reader per step in this process;
 * StepLogHub.ts); before that, after it, and whenever its position is not the hub's, by a session
 * of its own, as every read was before hubs. The switch happens at the client's position (line
 * number and cursor), so the client sees one gapless, duplicate-free sequence with the same
 * numbers and ids either way:
 *
 * - its own session hands over when it is about to follow a running container, or after a line
 *   event while following one, if the hub can take the client from where it is;
 * - a hub lets the client go when it falls more than its buffer cap behind (`slow`: once it
 *   drained, its own session catches up from the client's position and hands back) or when their
 *   numbering disagrees (`mismatch`: the client keeps its own session to the end).
 */
export async function followStep(
  request: FollowStepRequest,
): Promise<StepLogSessionResult> {
  const { logs, locator, controller, follower } = request;
  const signal = controller.signal;
  const untrack = logs.trackFollower(controller);
  let initial: StepLocation | undefined = request.initial;
  /** False once a hub's numbering proved different from this client's. */
  let sharing = true;
  /** Join the hub next; `location`: the running container just seen, if any. */
  let handOff: { location?: StepLocation } | undefined;
  if (!initial) handOff = {};
  else if (
    initial.kind === 'pod' &&
    initial.mainStarted &&
    !initial.finished &&
    logs.hubs.canJoin(locator, follower.point)
  ) {
    // Running: straight to the hub (what its own session would do before reading).
    handOff = { location: initial };
    initial = undefined;
  }
  try {
    for (;;) {
      if (!handOff) {
        const own = await readAlone(request, initial, sharing);
        initial = undefined;
        if (own.kind === 'done') return own.result;
        handOff = { location: own.location };
      }
      const joined = logs.hubs.join(
        locator,
        follower.point,
        follower,
        signal,
        handOff.location,
      );
      handOff = undefined;
      if (joined === 'mismatch') sharing = false;
      if (typeof joined === 'string') continue; // behind or mismatched: read on alone
      const outcome = await joined;
      switch (outcome.kind) {
        case 'end':
          return outcome.result;
        case 'failed':
          throw outcome.error;
        case 'slow':
          // Nothing is read for a client that takes nothing. Once it took its bytes it goes on
          // from the hub's window if that still holds its position, else alone.
          if (!(await outcome.drained)) throw abortError();
          handOff = {};
          break;
        case 'mismatch':
          sharing = false;
          break;
        case 'stopped':
          if (signal.aborted) throw abortError();
          break;
        default: {
          const unknown: never = outcome;
          throw new Error(`Unknown hub outcome ${JSON.stringify(unknown)}`);
        }
      }
    }
  } finally {
    untrack();
  }
}

/** How the client's own session ended. */
type AloneOutcome =
  | { kind: 'done'; result: StepLogSessionResult }
  /** The hub takes over; `location`: the running container the session was about to read. */
  | { kind: 'handOff'; location?: StepLocation };

/**
 * The client's own session from its position, until the log is complete or (when `sharing`) the
 * step's hub can take over.
 */
async function readAlone(
  request: FollowStepRequest,
  initial: StepLocation | undefined,
  sharing: boolean,
): Promise<AloneOutcome> {
  const { logs, locator, controller, follower, buffered } = request;
  // Aborted by the client leaving, or by a hand-over after a line event.
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  controller.signal.addEventListener('abort', onAbort, { once: true });
  const canJoin = () => sharing && logs.hubs.canJoin(locator, follower.point);
  let handedOver = false;
  const holder: { notePeak?: () => void; following?: () => boolean } = {};
  const sink: StepLogSink = {
    lines(batch) {
      const pending = follower.lines(batch);
      holder.notePeak?.();
      if (!handedOver && holder.following?.() && canJoin()) {
        // The hub has this client's next line (or will get it): stop reading here.
        handedOver = true;
        inner.abort();
      }
      return pending?.then(() => undefined);
    },
    source: (source, detail) => follower.source(source, detail),
    waiting: message => follower.waiting(message),
    notice: error => follower.notice(error),
  };
  const { session, release, notePeak } = logs.startSession(
    {
      locator,
      follow: true,
      startAt: follower.point.next,
      resume: follower.point.cursor,
      sink,
      beforeLiveRead: canJoin,
    },
    inner,
    buffered,
  );
  holder.notePeak = notePeak;
  holder.following = () => session.stats.followingLive === true;
  try {
    const result = await session.run(initial);
    if (result.handedOff)
      return { kind: 'handOff', location: result.handedOff };
    return { kind: 'done', result };
  } catch (error) {
    if (handedOver && !controller.signal.aborted) return { kind: 'handOff' };
    throw error;
  } finally {
    controller.signal.removeEventListener('abort', onAbort);
    release();
  }
}
