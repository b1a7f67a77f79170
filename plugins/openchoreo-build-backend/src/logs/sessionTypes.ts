import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { StepLogSource } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { LineBatch } from './lineBatch';
import type { ArchivedStepLookup } from './StepArchive';
import type { StepLocation, StepLocator } from './stepLocator';

/** Receives what a session produces. `lines` may return a promise: the session waits for it. */
export interface StepLogSink {
  lines(batch: LineBatch): Promise<void> | void;
  source(source: StepLogSource, detail: string): void;
  waiting(message: string): void;
  /** A transient problem; the session keeps trying. */
  notice(error: Error): void;
}

export interface StepLogSessionOptions {
  locator: StepLocator;
  sink: StepLogSink;
  /** Keep going until the step ends (SSE); false: deliver what exists now, then stop. */
  follow: boolean;
  /** First ordinal to deliver (resume: Last-Event-ID + 1; JSON: offset). */
  startAt: number;
  /**
   * Where the client stopped, by timestamp (see resumeId.ts): with it, lines `startAt…` are read
   * from that timestamp on instead of counting from the start of the log.
   */
  resume?: { key: string; count: number };
  pollIntervalMs: number;
  /** Per request time limit (response head for followed logs). */
  timeoutMs: number;
  signal: AbortSignal;
  /** Largest `limitBytes` of one poll through the gateway (it buffers; 10 MB body limit). */
  pollLimitBytes?: number;
  archivePageSize?: number;
  /** Largest observer answer read (`openchoreo.build.limits.observerResponseBytes`). */
  observerResponseBytes?: number;
  /** Finds a step of an expired run among the steps rebuilt from its archive (by id or name). */
  archivedStep?: ArchivedStepLookup;
  /**
   * Asked before the session opens a follow (or starts polling) of a running step's container:
   * true ends the run at once with `handedOff`, nothing requested, so that a shared reader takes
   * over from the session's position (see StepLogHub.ts).
   */
  beforeLiveRead?: () => boolean;
}

export interface StepLogSessionResult {
  /** The step finished and every line was read. */
  complete: boolean;
  /** Lines of the step's log seen (= next ordinal). */
  totalLines: number;
  source?: StepLogSource;
  /** Why nothing could be read (JSON mode: the step has not started). */
  waiting?: string;
  reason?: string;
  /** `beforeLiveRead` took over; the step's location as just seen (a running container). */
  handedOff?: StepLocation;
}

/** Live/polling/archive counters, for tests and the benchmark. */
export interface StepLogSessionStats {
  position: number;
  upstreamBytes: number;
  waitingForSink: boolean;
  source?: StepLogSource;
  /** Reading a running container (a live follow or a poll) right now. */
  followingLive?: boolean;
}

const FATAL = [NotFoundError, InputError, NotAllowedError];

export function isFatalLogError(error: unknown): boolean {
  return FATAL.some(type => error instanceof type);
}

export function abortError(): Error {
  const error = new Error('The log stream was closed');
  error.name = 'AbortError';
  return error;
}

/** Resolves after `ms`, or rejects with {@link abortError} as soon as `signal` aborts. */
export function sleepUnlessAborted(
  ms: number,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError());
      return;
    }
    const handles: { timer?: NodeJS.Timeout } = {};
    const onAbort = () => {
      clearTimeout(handles.timer);
      reject(abortError());
    };
    handles.timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
