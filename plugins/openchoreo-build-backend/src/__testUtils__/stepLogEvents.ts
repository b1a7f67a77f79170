import type {
  StepLogEndEvent,
  StepLogErrorEvent,
  StepLogLinesEvent,
  StepLogSourceEvent,
  StepLogWaitingEvent,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/** An event of the step log stream as a test reads it, its data decoded (STEP_LOG_EVENTS). */
export type StepLogSseEvent = { id?: string } & (
  | { event: 'line'; data: StepLogLinesEvent }
  | { event: 'source'; data: StepLogSourceEvent }
  | { event: 'waiting'; data: StepLogWaitingEvent }
  | { event: 'end'; data: StepLogEndEvent }
  | { event: 'error'; data: StepLogErrorEvent }
);
