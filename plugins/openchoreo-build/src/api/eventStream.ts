import {
  RUN_EVENT_NAMES,
  type RunEvent,
  type RunStreamControlEvent,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { RunEventHandlers, Subscription } from './OpenChoreoBuildApi';
import {
  ServerStreamError,
  startReconnectingSse,
  type ReconnectingSseOptions,
} from './reconnectingSse';

function parse<T>(data: string): T | undefined {
  try {
    return JSON.parse(data) as T;
  } catch {
    return undefined;
  }
}

/**
 * Follows the backend's `GET /events` (`ready`, `reset`, `run` and `error` events) and hands the
 * decoded events to `handlers`; the connection itself (backoff, resume, fatal answers) is
 * {@link startReconnectingSse}'s.
 */
export function startRunEventStream(
  connect: ReconnectingSseOptions['connect'],
  handlers: RunEventHandlers,
  tuning: Pick<
    ReconnectingSseOptions,
    'initialDelayMs' | 'maxDelayMs' | 'random' | 'schedule' | 'now'
  > = {},
): Subscription {
  return startReconnectingSse({
    ...tuning,
    label: 'event stream',
    connect,
    onStateChange: (state, error) => {
      // Nothing here calls `end()` (the run feed has no last event), so `ended` cannot occur.
      if (state !== 'ended') handlers.onStateChange?.(state, error);
    },
    onMessage: message => {
      switch (message.event) {
        case RUN_EVENT_NAMES.run: {
          const event = parse<RunEvent>(message.data);
          if (event?.run) handlers.onRun(event);
          break;
        }
        case RUN_EVENT_NAMES.ready:
          handlers.onReady?.(
            parse<RunStreamControlEvent>(message.data) ?? { namespaces: [] },
          );
          break;
        case RUN_EVENT_NAMES.reset:
          handlers.onReset?.(
            parse<RunStreamControlEvent>(message.data) ?? { namespaces: [] },
          );
          break;
        case RUN_EVENT_NAMES.error: {
          // The backend keeps the stream open and retries its cluster watch itself: not fatal.
          // Its data is a control event whose `reason` says what failed.
          const body = parse<RunStreamControlEvent>(message.data);
          handlers.onStateChange?.(
            'reconnecting',
            new ServerStreamError(body?.reason ?? message.data),
          );
          break;
        }
        default:
          break;
      }
    },
  });
}
