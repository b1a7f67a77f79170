/**
 * Bytes a streaming response may hold for a slow client before the slow-client policy applies.
 * Well above the socket's 16 KiB high-water mark, so fast clients keep the pipeline full; a
 * stalled client costs at most this plus one producer batch.
 */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** What the streaming writers need of a response (an express Response has all of it). */
export interface StreamingResponse {
  readonly writableLength: number;
  readonly writableNeedDrain: boolean;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
  write(chunk: string | Buffer, encoding?: BufferEncoding): boolean;
  end(): unknown;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
  /** Set by compression middleware: pushes what it buffered to the client. */
  flush?: () => void;
}

/**
 * The client closed the connection before the response was finished. A request that then fails
 * (its reads aborted) has nobody to answer and is no server error: handlers return instead of
 * passing the error on, which the error handler would log as a 500.
 */
export function clientLeft(
  res: Pick<StreamingResponse, 'destroyed'> & {
    readonly writableFinished: boolean;
  },
): boolean {
  return res.destroyed && !res.writableFinished;
}

/** The answer of a write whose client has gone: nothing more will be taken. */
export const CLIENT_GONE: Promise<boolean> = Promise.resolve(false);

/**
 * Writes `chunk` and pushes it through compression middleware, if any. Returns `res.write`'s
 * answer: false once the response holds more than the socket's high-water mark.
 */
export function writeFlushed(
  res: StreamingResponse,
  chunk: string | Buffer,
  encoding: BufferEncoding = 'utf8',
): boolean {
  const ok =
    typeof chunk === 'string' ? res.write(chunk, encoding) : res.write(chunk);
  res.flush?.();
  return ok;
}

/**
 * True when the response holds more unsent bytes than `maxBufferedBytes`. `belowHighWaterMark`
 * is the last write's answer: when true the buffer is small and need not be measured.
 */
export function isOverCap(
  res: StreamingResponse,
  belowHighWaterMark: boolean,
  maxBufferedBytes: number,
): boolean {
  return !belowHighWaterMark && res.writableLength > maxBufferedBytes;
}

/** Resolves with true once the client took the buffered bytes (`drain`), false when it left. */
export function untilDrained(res: StreamingResponse): Promise<boolean> {
  return new Promise(resolve => {
    const listeners = {
      drain: () => finish(true),
      close: () => finish(false),
    };
    function finish(value: boolean) {
      res.off('drain', listeners.drain);
      res.off('close', listeners.close);
      resolve(value);
    }
    res.on('drain', listeners.drain);
    res.on('close', listeners.close);
  });
}

/**
 * Writes `chunk`; above `maxBufferedBytes` unsent returns a promise for {@link untilDrained}
 * that the producer awaits, which pauses it (and its upstream) until the client catches up.
 * Returns undefined when the producer may go on at once.
 */
export function writeOrWait(
  res: StreamingResponse,
  chunk: string | Buffer,
  options: { maxBufferedBytes?: number; encoding?: BufferEncoding } = {},
): Promise<boolean> | undefined {
  if (res.destroyed || res.writableEnded) return CLIENT_GONE;
  const belowHighWaterMark = writeFlushed(res, chunk, options.encoding);
  if (
    !isOverCap(
      res,
      belowHighWaterMark,
      options.maxBufferedBytes ?? MAX_BUFFERED_BYTES,
    )
  ) {
    return undefined;
  }
  return untilDrained(res);
}
