import {
  CLIENT_GONE,
  isOverCap,
  MAX_BUFFERED_BYTES,
  untilDrained,
  writeFlushed,
  type StreamingResponse,
} from './backpressure';

/** Reconnect delay (ms) every stream of the plugin suggests to the browser (`retry:`). */
export const SSE_RETRY_MS = 2000;

/**
 * What happens when a client takes a stream more slowly than it is produced (more than
 * `maxBufferedBytes` unsent):
 * - `drop`: the response is ended and the client reconnects with Last-Event-ID. For streams whose
 *   producer is shared and must not wait for one client (run events: one informer feeds all).
 * - `pause`: writes return a promise that resolves once the client took the bytes; the producer
 *   awaits it, which pauses its own upstream. For streams with one producer per client (a step log).
 */
export type SlowClientPolicy = 'drop' | 'pause';

export interface SseWriterOptions {
  slowClient: SlowClientPolicy;
  /** Interval of the heartbeat comments that keep proxies from closing a quiet stream. */
  heartbeatMs: number;
  /** Default {@link MAX_BUFFERED_BYTES}. */
  maxBufferedBytes?: number;
}

/** A response that can carry server-sent events. */
export interface SseResponse extends StreamingResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
  flushHeaders(): void;
}

/**
 * Resolves when the producer may go on: undefined at once, a promise under the `pause` policy
 * (true once drained, false when the client left).
 */
export type SseWriteResult = Promise<boolean> | undefined;

/** `data:` lines of a text: one per line of it (a line break inside would end the field). */
export function sseDataLines(data: string): string {
  return `data: ${data.split(/\r\n|\r|\n/).join('\ndata: ')}\n`;
}

/** One event from its name, its `data:` lines and an optional id. */
export function sseEvent(
  event: string,
  dataLines: string,
  id?: string | number,
): string {
  const idLine = id === undefined || id === '' ? '' : `id: ${id}\n`;
  return `${idLine}event: ${event}\n${dataLines}\n`;
}

/**
 * Writes one `text/event-stream` response: the headers that keep proxies and compression from
 * buffering, the `retry:` hint, heartbeat comments and events, with an explicit policy for slow
 * clients. Nothing is sent before the first event or {@link SseWriter.open}, so a route can still
 * answer an early failure with a normal HTTP error.
 */
export class SseWriter {
  private opened = false;
  private closed = false;
  private heartbeat?: NodeJS.Timeout;
  private readonly closeListeners: Array<() => void> = [];
  private readonly maxBufferedBytes: number;

  constructor(
    private readonly res: SseResponse,
    private readonly options: SseWriterOptions,
  ) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
    res.on('close', () => this.close());
  }

  /** The response has started (status and headers sent). */
  get started(): boolean {
    return this.opened;
  }

  /** Ended by {@link SseWriter.close}, by the slow-client policy or by the client leaving. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends the status, headers and `retry:` hint, and starts the heartbeat. Idempotent. */
  open(): void {
    if (this.opened || this.closed) return;
    this.opened = true;
    const { res } = this;
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    // no-transform keeps compression middleware from buffering the stream.
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // nginx buffers proxied responses unless told not to.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    this.write(`retry: ${SSE_RETRY_MS}\n\n`);
    this.heartbeat = setInterval(() => {
      // A stalled client gets no heartbeats: nothing piles up behind a full socket.
      if (!res.writableNeedDrain) {
        this.write(`: heartbeat ${new Date().toISOString()}\n\n`);
      }
    }, this.options.heartbeatMs);
  }

  /** One event whose data is `data` (usually JSON); opens the stream if needed. */
  send(event: string, data: string, id?: string | number): SseWriteResult {
    return this.writeEvent(sseEvent(event, sseDataLines(data), id));
  }

  /**
   * One event from `data:` lines the caller built (see `linesEventData`); `latin1` when they
   * are ASCII, which is the same bytes without UTF-8 encoding work.
   */
  sendDataLines(
    event: string,
    dataLines: string,
    id?: string | number,
    encoding: BufferEncoding = 'utf8',
  ): SseWriteResult {
    return this.writeEvent(sseEvent(event, dataLines, id), encoding);
  }

  /** One complete event the caller framed itself (id, event and data lines, blank line). */
  writeEvent(
    frame: string | Buffer,
    encoding: BufferEncoding = 'utf8',
  ): SseWriteResult {
    this.open();
    return this.write(frame, encoding);
  }

  /** Called once when the stream closes, whatever the reason. */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** Stops the heartbeat and ends the response if it started and is still open. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    const { res } = this;
    if (this.opened && !res.writableEnded && !res.destroyed) res.end();
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  private write(
    chunk: string | Buffer,
    encoding: BufferEncoding = 'utf8',
  ): SseWriteResult {
    const { res } = this;
    if (this.closed || res.destroyed || res.writableEnded) return CLIENT_GONE;
    const belowHighWaterMark = writeFlushed(res, chunk, encoding);
    if (!isOverCap(res, belowHighWaterMark, this.maxBufferedBytes)) {
      return undefined;
    }
    if (this.options.slowClient === 'drop') {
      // The client resumes from its Last-Event-ID after reconnecting.
      this.close();
      return CLIENT_GONE;
    }
    return untilDrained(res);
  }
}
