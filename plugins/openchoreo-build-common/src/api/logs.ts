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
export const STEP_LOG_SOURCES: readonly StepLogSource[] = ['live', 'polling', 'archive'];

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

/** Data of an SSE `line` event: one or more consecutive lines. @public */
export interface StepLogLinesEvent {
  lines: StepLogLine[];
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
