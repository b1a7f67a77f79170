import type { RunSummary } from './runs';

/**
 * Data of an SSE `event: run` message of `GET /events`.
 *
 * @public
 */
export interface RunEvent {
  type: 'added' | 'modified' | 'deleted';
  namespace: string;
  run: RunSummary;
}

/**
 * Data of an SSE `event: ready` message (first message of a stream) or `event: reset` (the stream
 * could not replay from `Last-Event-ID`: refetch lists).
 *
 * @public
 */
export interface RunStreamControlEvent {
  namespaces: string[];
  reason?: string;
}

/** SSE event names sent by `GET /events`. @public */
export const RUN_EVENT_NAMES = {
  run: 'run',
  ready: 'ready',
  reset: 'reset',
  error: 'stream-error',
} as const;
