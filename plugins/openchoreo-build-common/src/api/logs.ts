/**
 * Types of `GET /runs/:ns/:name/steps/:step/logs` (SSE, JSON page and download), shared by the
 * backend and the log viewer.
 */

/**
 * Where a step's lines come from: `live` (Kubernetes `follow=true`), `polling` (agent-mode plane,
 * polled through the cluster gateway) or `archive` (the observer, once the pod is gone).
 *
 * @public
 */
export type StepLogSource = 'live' | 'polling' | 'archive';

/** @public */
export const STEP_LOG_SOURCES: readonly StepLogSource[] = [
  'live',
  'polling',
  'archive',
];

/**
 * One line of a step's `main` container log.
 *
 * @public
 */
export interface StepLogLine {
  /** 0-based ordinal of the line within the step's log; stable across sources and reconnects. */
  n: number;
  /** RFC3339(Nano) timestamp the container runtime recorded, if any. */
  ts?: string;
  /** The line without its timestamp and newline; may contain ANSI escape sequences. */
  text: string;
}

/**
 * SSE event names of the log stream. Every `line` event has `id: <n of its last line>`; sending
 * it back as `Last-Event-ID` (header or `?lastEventId=`) resumes right after that line.
 *
 * @public
 */
export const STEP_LOG_EVENTS = {
  /** data: {@link StepLogLinesEvent} */
  line: 'line',
  /** data: {@link StepLogSourceEvent}; sent first and on every change of source. */
  source: 'source',
  /** data: {@link StepLogWaitingEvent}; the step (or its pod / container) has not started yet. */
  waiting: 'waiting',
  /** data: {@link StepLogEndEvent}; the step finished and every line was sent. The stream closes. */
  end: 'end',
  /** data: {@link StepLogErrorEvent}. */
  error: 'error',
} as const;

/**
 * A decoded SSE `line` event (see {@link parseStepLogLinesData} for the wire form): consecutive
 * lines in columns; line `i` is `{ n: n + i, ts: ts[i] ?? undefined, text: text[i] }`. The event's
 * id is the `n` of its last line. See {@link stepLogLinesOf}.
 *
 * @public
 */
export interface StepLogLinesEvent {
  /** Ordinal of the first line of the event. */
  n: number;
  /** Timestamp of each line; null when the source gave none. */
  ts: Array<string | null>;
  /** Text of each line (ANSI escape sequences kept). */
  text: string[];
}

/**
 * Decodes the `data` of a `line` event (the SSE `data:` lines joined with `\n`, as EventSource and
 * every SSE parser deliver it). Two encodings exist:
 *
 * - `{"n":…,"ts":[…]}` on the first data line, then one data line per log line with its raw text
 *   (no JSON escaping: cheap for big logs; ANSI escapes travel as they are);
 * - `{"n":…,"ts":[…],"text":[…]}` alone, used when a text contains a carriage return (which SSE
 *   would treat as a line end).
 *
 * @public
 */
export function parseStepLogLinesData(data: string): StepLogLinesEvent {
  const newline = data.indexOf('\n');
  const header = JSON.parse(
    newline === -1 ? data : data.slice(0, newline),
  ) as Partial<StepLogLinesEvent>;
  let text: string[] = [];
  if (Array.isArray(header.text)) text = header.text;
  else if (newline !== -1) text = data.slice(newline + 1).split('\n');
  return {
    n: Number(header.n ?? 0),
    ts: Array.isArray(header.ts) ? header.ts : text.map(() => null),
    text,
  };
}

/** The lines of a `line` event as objects. @public */
export function stepLogLinesOf(event: StepLogLinesEvent): StepLogLine[] {
  const out: StepLogLine[] = new Array(event.text.length);
  for (let i = 0; i < event.text.length; i += 1) {
    const ts = event.ts[i];
    out[i] =
      ts === null || ts === undefined
        ? { n: event.n + i, text: event.text[i] }
        : { n: event.n + i, ts, text: event.text[i] };
  }
  return out;
}

/** Data of an SSE `source` event. @public */
export interface StepLogSourceEvent {
  source: StepLogSource;
  /** e.g. the pod name or "observer archive". */
  detail?: string;
}

/** Data of an SSE `waiting` event. @public */
export interface StepLogWaitingEvent {
  message: string;
}

/** Data of an SSE `end` event. @public */
export interface StepLogEndEvent {
  /** Number of lines of the step's log (the next `n`). */
  totalLines: number;
  /** e.g. `Skipped` when the step never ran. */
  reason?: string;
}

/**
 * Data of an SSE `error` event. `fatal: false` means the backend keeps trying (e.g. a plane is
 * briefly unreachable); `fatal: true` closes the stream.
 *
 * @public
 */
export interface StepLogErrorEvent {
  message: string;
  status?: number;
  fatal: boolean;
}

/** `?follow=false` answer. @public */
export interface StepLogPageResponse {
  lines: StepLogLine[];
  /** Where the lines came from; absent while the step waits to start. */
  source?: StepLogSource;
  /** True when the step finished and this page reaches the end of its log. */
  complete: boolean;
  /** `offset` of the next page. */
  nextOffset: number;
  /** Why there is nothing (yet), e.g. the step has not started. */
  waiting?: string;
}

/**
 * One line of the whole-run log (`GET /runs/:ns/:name/logs`): a `main` line of one of the run's
 * pods, tagged with the step (pod) that wrote it.
 *
 * @public
 */
export interface RunLogLine extends StepLogLine {
  /** The id of the step that wrote it (as in `RunDetail.steps`; for archived runs the pod UID). */
  step: string;
}

/** `GET /runs/:ns/:name/logs?follow=false` answer: one page of the run's archived lines, in time order. @public */
export interface RunLogPageResponse {
  lines: RunLogLine[];
  /** Names of the steps the lines are tagged with, by id. */
  steps: Array<{ id: string; name: string }>;
  /** True when this page reaches the end of the archive (and the run has finished). */
  complete: boolean;
  /** `offset` of the next page. */
  nextOffset: number;
  /** The page hit `openchoreo.build.limits.logPageBytes` before `limit` lines. */
  truncated?: boolean;
  /** The archive is longer than `openchoreo.build.limits.archiveEntries`: lines after the cap are missing. */
  archiveTruncated?: boolean;
}
