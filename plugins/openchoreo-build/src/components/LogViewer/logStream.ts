import {
  STEP_LOG_EVENTS,
  parseStepLogLinesData,
  stepLogLinesOf,
  type StepLogEndEvent,
  type StepLogErrorEvent,
  type StepLogLine,
  type StepLogSource,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { pumpSseBody, SseParser } from '../../api/sse';

/** Connection state of a step log stream. */
export type LogStreamState = 'connecting' | 'open' | 'reconnecting' | 'ended' | 'failed' | 'closed';

export interface LogStreamHandlers {
  onLines(lines: StepLogLine[]): void;
  onSource?(source: StepLogSource, detail?: string): void;
  onWaiting?(message: string): void;
  onEnd?(event: StepLogEndEvent): void;
  /** A problem: `fatal` ones end the stream (e.g. 404 unknown step). */
  onError?(error: StepLogErrorEvent): void;
  onStateChange?(state: LogStreamState): void;
}

export interface LogStreamOptions extends LogStreamHandlers {
  /** URL of the SSE route (without `lastEventId`). */
  url: string | (() => Promise<string>);
  /** Backstage's fetchApi.fetch (adds the user's token, which EventSource cannot). */
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  /** Resume after this line (`Last-Event-ID`), e.g. when lines are already shown. */
  lastEventId?: string;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Timer, replaceable in tests. */
  schedule?: (callback: () => void, ms: number) => () => void;
}

const defaultSchedule = (callback: () => void, ms: number) => {
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
};

async function errorMessageOf(response: Response): Promise<string> {
  try {
    const body = await response.json();
    if (body?.error?.message) return String(body.error.message);
  } catch {
    // not JSON
  }
  return `The log stream answered ${response.status} ${response.statusText ?? ''}`.trim();
}

/**
 * Follows `GET …/steps/:step/logs` over a streaming fetch, parsing `text/event-stream` from the
 * body. When the connection breaks before `end`, it reconnects with `Last-Event-ID` (the last
 * line it delivered) and exponential backoff, so no line is lost or repeated. Stops on `end`, on a
 * fatal `error` event, on a 4xx answer, or on `close()`.
 */
export function startLogStream(options: LogStreamOptions): { close(): void } {
  const schedule = options.schedule ?? defaultSchedule;
  const initialDelay = options.initialDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 15000;
  let retryBase = initialDelay;
  let attempt = 0;
  let closed = false;
  let finished = false;
  let controller: AbortController | undefined;
  let cancelTimer: (() => void) | undefined;
  let lastId = options.lastEventId;

  const setState = (state: LogStreamState) => options.onStateChange?.(state);

  const finish = (state: LogStreamState) => {
    finished = true;
    controller?.abort();
    setState(state);
  };

  const parser = new SseParser(
    message => {
      if (closed || finished) return;
      let data: any;
      try {
        data = message.event === STEP_LOG_EVENTS.line ? parseStepLogLinesData(message.data) : JSON.parse(message.data);
      } catch {
        return;
      }
      switch (message.event) {
        case STEP_LOG_EVENTS.line:
          if (message.id !== undefined) lastId = message.id;
          options.onLines(stepLogLinesOf(data));
          break;
        case STEP_LOG_EVENTS.source:
          options.onSource?.(data.source, data.detail);
          break;
        case STEP_LOG_EVENTS.waiting:
          options.onWaiting?.(data.message);
          break;
        case STEP_LOG_EVENTS.end:
          options.onEnd?.(data);
          finish('ended');
          break;
        case STEP_LOG_EVENTS.error:
          options.onError?.(data);
          if (data.fatal) finish('failed');
          break;
        default:
          break;
      }
    },
    ms => {
      retryBase = ms;
    },
  );

  function reconnect() {
    if (closed || finished) return;
    parser.reset();
    setState('reconnecting');
    const delay = Math.min(maxDelay, retryBase * 2 ** Math.min(attempt, 10));
    attempt += 1;
    cancelTimer = schedule(() => {
      cancelTimer = undefined;
      void run();
    }, delay);
  }

  async function run() {
    if (closed || finished) return;
    controller = new AbortController();
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (lastId !== undefined) headers['Last-Event-ID'] = lastId;
    try {
      const url = typeof options.url === 'string' ? options.url : await options.url();
      const response = await options.fetch(url, { headers, signal: controller.signal });
      if (!response.ok) {
        const message = await errorMessageOf(response);
        // A 4xx will not get better by retrying (unknown step, bad input…), except these.
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
          options.onError?.({ message, status: response.status, fatal: true });
          finish('failed');
          return;
        }
        options.onError?.({ message, status: response.status, fatal: false });
        reconnect();
        return;
      }
      if (!response.body) throw new Error('The log stream has no body');
      const outcome = await pumpSseBody(response.body, parser, {
        isClosed: () => closed || finished,
        onFirstChunk: () => {
          attempt = 0;
          setState('open');
        },
      });
      if (outcome === 'closed') return;
      reconnect();
    } catch {
      if (closed || finished) return;
      reconnect();
    }
  }

  setState('connecting');
  void run();
  return {
    close() {
      if (closed) return;
      closed = true;
      cancelTimer?.();
      controller?.abort();
      setState('closed');
    },
  };
}
