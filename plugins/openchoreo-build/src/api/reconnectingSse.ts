import { isError } from '@backstage/errors';
import { pumpSseBody, SseParser, type SseMessage } from './sse';

/**
 * Connection state of a {@link startReconnectingSse} stream:
 * - `connecting` / `reconnecting`: a request is under way or waits for its backoff;
 * - `open`: data arrives;
 * - `ended`: the consumer saw the stream's last event and stopped it ({@link SseStream.end});
 * - `failed`: it stopped for good on an error that retrying cannot fix (a fatal HTTP answer or
 *   {@link SseStream.fail});
 * - `closed`: the caller closed it.
 *
 * @public
 */
export type SseStreamState =
  | 'connecting'
  | 'open'
  | 'reconnecting'
  | 'ended'
  | 'failed'
  | 'closed';

/** The controls of a running stream. @public */
export interface SseStream {
  /** Stops for good: no more callbacks but the final `closed` state. */
  close(): void;
}

/** What a message handler may do with the stream it reads. */
export interface SseStreamControl {
  /** The stream's last event arrived: stop without reconnecting (state `ended`). */
  end(): void;
  /** The server reported a problem that reconnecting will not fix (state `failed`). */
  fail(error: Error): void;
}

/** A non-2xx answer of an SSE route, with the backend's own message when it sent one. @public */
export class HttpStreamError extends Error {
  readonly status: number;
  /** From `Retry-After`, when the server said how long to wait. */
  readonly retryAfterMs?: number;
  /**
   * The backend's own `error.message`, when its body had one; `message` falls back to the status
   * line (for logs and developers, in English).
   */
  readonly serverMessage?: string;

  constructor(
    status: number,
    message: string,
    retryAfter?: number,
    serverMessage?: string,
  ) {
    super(serverMessage ?? message);
    this.name = 'HttpStreamError';
    this.status = status;
    this.retryAfterMs = retryAfter;
    this.serverMessage = serverMessage;
  }
}

/**
 * A problem the server told in its own words on an open stream (an SSE `error` event's reason):
 * shown to users as it comes, like a backend's error message.
 */
export class ServerStreamError extends Error {
  constructor(readonly serverMessage: string) {
    super(serverMessage);
    this.name = 'ServerStreamError';
  }
}

/**
 * What a stream problem can show a user as it is: the backend's own words, or nothing (a
 * dropped connection, a proxy's page): the UI then tells the state, or the HTTP status, itself.
 */
export function serverWordsOf(error: Error | undefined): string | undefined {
  if (error instanceof HttpStreamError || error instanceof ServerStreamError)
    return error.serverMessage;
  return undefined;
}

/** Options of {@link startReconnectingSse}. */
export interface ReconnectingSseOptions {
  /** Opens the HTTP request; `headers` carries `Last-Event-ID` when resuming. */
  connect(
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Response>;
  onMessage(message: SseMessage, control: SseStreamControl): void;
  /** Every state change; `error` says why a stream is reconnecting or failed. */
  onStateChange?(state: SseStreamState, error?: Error): void;
  /** Whether a non-2xx answer ends the stream for good; default {@link isFatalResponse}. */
  isFatal?(response: Response): boolean;
  /** Names the stream in error messages ("The log stream answered 503"); default "event stream". */
  label?: string;
  /** Resume after this event (sent as `Last-Event-ID` on the first request too). */
  lastEventId?: string;
  /** First reconnect delay (doubled per failed attempt, with jitter); default 1000 ms. A server `retry:` replaces it. */
  initialDelayMs?: number;
  /** Upper bound of the backoff delay; default 30000 ms. */
  maxDelayMs?: number;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
  /** Timer, replaceable in tests; returns a cancel function. */
  schedule?: (callback: () => void, ms: number) => () => void;
  /** Clock for an HTTP-date `Retry-After`; default Date.now. */
  now?: () => number;
}

/** Backoff growth stops doubling here so that `2 ** attempt` stays finite. */
const MAX_DOUBLINGS = 16;
/** ±20 %: reconnecting clients of one restarted backend do not come back in lockstep. */
const JITTER = 0.2;

/** The delay before reconnect attempt `attempt` (0-based): exponential, capped, with ±20 % jitter. */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(
    maxMs,
    initialMs * 2 ** Math.min(attempt, MAX_DOUBLINGS),
  );
  const jitter = 1 - JITTER + 2 * JITTER * random();
  return Math.round(Math.min(maxMs, base * jitter));
}

/**
 * A 4xx answer will not get better by asking again (bad input, unknown step, no permission,
 * signed out), except 408 (the server timed out) and 429 (asked to slow down). 5xx are retried.
 */
export function isFatalResponse(response: Pick<Response, 'status'>): boolean {
  const { status } = response;
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** `Retry-After` in ms (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(
  response: Response,
  now: () => number = Date.now,
): number | undefined {
  // Test doubles and some polyfills answer without headers.
  const value = response.headers?.get?.('Retry-After')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now()) : undefined;
}

async function httpStreamError(
  response: Response,
  label: string,
  now: () => number,
): Promise<HttpStreamError> {
  const statusLine = `The ${label} answered ${response.status} ${
    response.statusText ?? ''
  }`.trim();
  let serverMessage: string | undefined;
  try {
    // Backstage's error body: `{ error: { name, message }, response: { statusCode } }`.
    const body: unknown = await response.json();
    const backendMessage = (body as { error?: { message?: unknown } } | null)
      ?.error?.message;
    if (typeof backendMessage === 'string' && backendMessage)
      serverMessage = backendMessage;
  } catch {
    // Not JSON: only the status line.
  }
  return new HttpStreamError(
    response.status,
    statusLine,
    retryAfterMs(response, now),
    serverMessage,
  );
}

const defaultSchedule = (callback: () => void, ms: number) => {
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
};

/**
 * Reads a `text/event-stream` over fetch (so Backstage's fetchApi can add the user's token, which
 * the browser's EventSource cannot) and keeps it open as EventSource would: when the connection
 * fails or ends it reconnects with exponential backoff and `Last-Event-ID`. A server `retry:`
 * field sets the base delay and `Retry-After` overrides the backoff of one attempt. It stops for
 * good on `close()`, on a fatal answer (`isFatal`), or when the message handler ends or fails it.
 */
export function startReconnectingSse(
  options: ReconnectingSseOptions,
): SseStream {
  const label = options.label ?? 'event stream';
  const isFatal = options.isFatal ?? isFatalResponse;
  const maxDelay = options.maxDelayMs ?? 30000;
  const random = options.random ?? Math.random;
  const schedule = options.schedule ?? defaultSchedule;
  const now = options.now ?? Date.now;
  let initialDelay = options.initialDelayMs ?? 1000;
  let attempt = 0;
  // Set once: by close(), end(), fail() or a fatal answer. Nothing runs after it.
  let stopped = false;
  let controller: AbortController | undefined;
  let cancelTimer: (() => void) | undefined;

  const stop = (state: 'ended' | 'failed' | 'closed', error?: Error) => {
    if (stopped) return;
    stopped = true;
    cancelTimer?.();
    controller?.abort();
    options.onStateChange?.(state, error);
  };

  const control: SseStreamControl = {
    end: () => stop('ended'),
    fail: error => stop('failed', error),
  };

  // The spec's "last event ID string": set when an event is dispatched, not when its `id:` line
  // arrives, so an event cut off by a drop is asked for again.
  let lastEventId = options.lastEventId;
  const parser = new SseParser(
    message => {
      if (stopped) return;
      if (message.id !== undefined) lastEventId = message.id;
      options.onMessage(message, control);
    },
    ms => {
      initialDelay = ms;
    },
  );

  // eslint-disable-next-line prefer-const
  let run: () => Promise<void>;

  const reconnect = (error: Error) => {
    if (stopped) return;
    parser.reset();
    options.onStateChange?.('reconnecting', error);
    const backoff = backoffDelay(attempt, initialDelay, maxDelay, random);
    const asked =
      error instanceof HttpStreamError ? error.retryAfterMs : undefined;
    attempt += 1;
    cancelTimer = schedule(() => {
      cancelTimer = undefined;
      void run();
    }, asked ?? backoff);
  };

  run = async () => {
    if (stopped) return;
    controller = new AbortController();
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
    try {
      const response = await options.connect(headers, controller.signal);
      if (stopped) return;
      if (!response.ok) {
        const error = await httpStreamError(response, label, now);
        if (isFatal(response)) stop('failed', error);
        else reconnect(error);
        return;
      }
      if (!response.body) throw new Error(`The ${label} has no body`);
      const outcome = await pumpSseBody(response.body, parser, {
        isClosed: () => stopped,
        onFirstChunk: () => {
          attempt = 0;
          options.onStateChange?.('open');
        },
      });
      if (outcome === 'closed') return;
      reconnect(new Error(`The ${label} ended`));
    } catch (error) {
      if (stopped) return;
      // isError, not instanceof: fetch's errors may come from another realm (e.g. an iframe's).
      reconnect(isError(error) ? error : new Error(String(error)));
    }
  };

  options.onStateChange?.('connecting');
  void run();

  return { close: () => stop('closed') };
}
