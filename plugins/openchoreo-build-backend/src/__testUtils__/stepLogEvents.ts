import {
  parseStepLogLinesData,
  type StepLogEndEvent,
  type StepLogErrorEvent,
  type StepLogLinesEvent,
  type StepLogSourceEvent,
  type StepLogWaitingEvent,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { SseBlock } from './sse';

/** An event of the step log stream as a test reads it, its data decoded (STEP_LOG_EVENTS). */
export type StepLogSseEvent = { id?: string } & (
  | { event: 'line'; data: StepLogLinesEvent }
  | { event: 'source'; data: StepLogSourceEvent }
  | { event: 'waiting'; data: StepLogWaitingEvent }
  | { event: 'end'; data: StepLogEndEvent }
  | { event: 'error'; data: StepLogErrorEvent }
);

/**
 * A step log event read off the wire, its data decoded: `line` data in the stream's compact form
 * (parseStepLogLinesData), the others JSON. Undefined for an event without data.
 */
export function stepLogEventOf(block: SseBlock): StepLogSseEvent | undefined {
  const { event, id, data } = block;
  if (!event || !data) return undefined;
  return event === 'line'
    ? { event, id, data: parseStepLogLinesData(data) }
    : // The event name says which data it carries (STEP_LOG_EVENTS).
      ({ event, id, data: JSON.parse(data) as unknown } as StepLogSseEvent);
}
