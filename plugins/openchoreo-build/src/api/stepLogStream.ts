import {
  STEP_LOG_EVENTS,
  parseStepLogLinesData,
  stepLogLinesOf,
  type StepLogEndEvent,
  type StepLogErrorEvent,
  type StepLogLine,
  type StepLogSourceEvent,
  type StepLogWaitingEvent,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { StepLogHandlers, Subscription } from './OpenChoreoBuildApi';
import {
  HttpStreamError,
  startReconnectingSse,
  type ReconnectingSseOptions,
} from './reconnectingSse';
import type { SseMessage } from './sse';

function parseJson<T>(data: string): T | undefined {
  try {
    return JSON.parse(data) as T;
  } catch {
    return undefined;
  }
}

/** Hands one decoded log event to `handlers`; says whether it ends the stream. */
function deliver(
  message: SseMessage,
  handlers: StepLogHandlers,
): 'end' | 'fail' | undefined {
  if (message.event === STEP_LOG_EVENTS.line) {
    let lines: StepLogLine[];
    try {
      lines = stepLogLinesOf(parseStepLogLinesData(message.data));
    } catch {
      return undefined; // a malformed event is skipped, as EventSource consumers would
    }
    handlers.onLines(lines);
    return undefined;
  }
  switch (message.event) {
    case STEP_LOG_EVENTS.source: {
      const data = parseJson<StepLogSourceEvent>(message.data);
      if (data) handlers.onSource?.(data.source, data.detail);
      return undefined;
    }
    case STEP_LOG_EVENTS.waiting: {
      const data = parseJson<StepLogWaitingEvent>(message.data);
      if (data) handlers.onWaiting?.(data.message);
      return undefined;
    }
    case STEP_LOG_EVENTS.end: {
      const data = parseJson<StepLogEndEvent>(message.data);
      if (!data) return undefined;
      handlers.onEnd?.(data);
      return 'end';
    }
    case STEP_LOG_EVENTS.error: {
      const data = parseJson<StepLogErrorEvent>(message.data);
      if (!data) return undefined;
      handlers.onError?.(data);
      return data.fatal ? 'fail' : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Follows `GET …/runs/:ns/:name/steps/:step/logs` and hands the decoded `line`, `source`,
 * `waiting`, `end` and `error` events to `handlers`. The connection is
 * {@link startReconnectingSse}'s: after a drop it resumes with `Last-Event-ID` (the `n` of the
 * last line delivered), so no line is lost or repeated. Stops on `end`, on a fatal `error` event,
 * on a fatal HTTP answer (reported through `onError`) or on `close()`.
 */
export function startLogStream(
  connect: ReconnectingSseOptions['connect'],
  handlers: StepLogHandlers,
  options: Pick<
    ReconnectingSseOptions,
    | 'lastEventId'
    | 'initialDelayMs'
    | 'maxDelayMs'
    | 'random'
    | 'schedule'
    | 'now'
  > = {},
): Subscription {
  return startReconnectingSse({
    ...options,
    label: 'log stream',
    connect,
    onStateChange: (state, error) => {
      // An HTTP answer is news to the viewer; a dropped connection only shows as "Reconnecting…".
      if (error instanceof HttpStreamError) {
        handlers.onError?.({
          message: error.serverMessage,
          status: error.status,
          fatal: state === 'failed',
        });
      }
      handlers.onStateChange?.(state);
    },
    onMessage: (message, control) => {
      const outcome = deliver(message, handlers);
      if (outcome === 'end') control.end();
      else if (outcome === 'fail')
        control.fail(new Error('The log stream reported a fatal error'));
    },
  });
}
