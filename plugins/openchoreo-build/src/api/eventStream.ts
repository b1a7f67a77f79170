import { pumpSseBody, SseParser, type SseMessage } from './sse';

/** Connection state of a reconnecting event stream. */
export type EventStreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Options of {@link startEventStream}. */
export interface EventStreamOptions {
  /** Opens the HTTP request; `headers` carries `Last-Event-ID` when resuming. */
  connect(headers: Record<string, string>, signal: AbortSignal): Promise<Response>;
  onMessage(message: SseMessage): void;
  onStateChange?(state: EventStreamState, error?: Error): void;
  /** First reconnect delay (doubled per failed attempt, with jitter); default 1000 ms. */
  initialDelayMs?: number;
  /** Upper bound of the reconnect delay; default 30000 ms. */
  maxDelayMs?: number;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
  /** Timer, replaceable in tests; returns a cancel function. */
  schedule?: (callback: () => void, ms: number) => () => void;
}

/** The delay before reconnect attempt `attempt` (0-based): exponential, capped, with ±20% jitter. */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 16));
  const jitter = 0.8 + 0.4 * random();
  return Math.round(Math.min(maxMs, base * jitter));
}

const defaultSchedule = (callback: () => void, ms: number) => {
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
};

class HttpStreamError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HttpStreamError';
  }
}

/**
 * Reads a `text/event-stream` over fetch (so Backstage's fetchApi can add the user's token, which
 * the browser's EventSource cannot) and keeps it open: when the connection fails or ends it
 * reconnects with exponential backoff and `Last-Event-ID`, as EventSource would. A server `retry:`
 * field sets the base delay. Returns a handle whose `close()` stops everything.
 */
export function startEventStream(options: EventStreamOptions): { close(): void } {
  const initialDefault = options.initialDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 30000;
  const random = options.random ?? Math.random;
  const schedule = options.schedule ?? defaultSchedule;
  let initialDelay = initialDefault;
  let attempt = 0;
  let closed = false;
  let controller: AbortController | undefined;
  let cancelTimer: (() => void) | undefined;

  const parser = new SseParser(
    message => {
      if (!closed) options.onMessage(message);
    },
    ms => {
      initialDelay = ms;
    },
  );

  const setState = (state: EventStreamState, error?: Error) => {
    if (!closed || state === 'closed') options.onStateChange?.(state, error);
  };

  // eslint-disable-next-line prefer-const
  let run: () => Promise<void>;

  const reconnect = (error?: Error) => {
    if (closed) return;
    parser.reset();
    setState('reconnecting', error);
    const delay = backoffDelay(attempt, initialDelay, maxDelay, random);
    attempt += 1;
    cancelTimer = schedule(() => {
      cancelTimer = undefined;
      void run();
    }, delay);
  };

  run = async () => {
    if (closed) return;
    controller = new AbortController();
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (parser.lastId) headers['Last-Event-ID'] = parser.lastId;
    try {
      const response = await options.connect(headers, controller.signal);
      if (!response.ok) {
        throw new HttpStreamError(
          response.status,
          `The event stream answered ${response.status} ${response.statusText ?? ''}`.trim(),
        );
      }
      if (!response.body) throw new Error('The event stream has no body');
      const outcome = await pumpSseBody(response.body, parser, {
        isClosed: () => closed,
        onFirstChunk: () => {
          attempt = 0;
          setState('open');
        },
      });
      if (outcome === 'closed') return;
      reconnect(new Error('The event stream ended'));
    } catch (error) {
      if (closed) return;
      reconnect(error as Error);
    }
  };

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
