import type { Request } from 'express';
import {
  CLIENT_GONE,
  isOverCap,
  MAX_BUFFERED_BYTES,
  untilDrained,
  type StreamingResponse,
} from './backpressure';
import type { SlowClientPolicy, SseWriter, SseWriteResult } from './SseWriter';
import type { SseFrame } from './sseFrame';

/**
 * Writes one complete event of a stream. A client that cannot keep up is dropped (`drop`) or
 * waited for (`pause`: the answer resolves once it drained), as the SseWriter's policies do.
 */
export type FrameWriter = (frame: SseFrame) => SseWriteResult;

/** What the frame writer needs of a response's socket (a `net.Socket` has all of it). */
export interface FrameSocket extends StreamingResponse {
  cork(): void;
  uncork(): void;
}

/** What the frame writer needs of an open `/events` response (an express Response has it). */
export interface FrameResponse {
  readonly socket: FrameSocket | null;
  readonly headersSent: boolean;
  readonly chunkedEncoding: boolean;
  getHeader(name: string): number | string | string[] | undefined;
}

/**
 * How the run events of one `/events` response are written, chosen once the response is open.
 *
 * One change goes to every open stream, so this is the inner loop of the fan-out: through
 * `res.write` a frame costs Node's HTTP layer a chunk header string, four socket writes, a cork
 * and a `process.nextTick` per stream (with the SseWriter's checks of the response, ~60% of the
 * backend's CPU in bench:scale's profile with a thousand streams). Once the headers are sent, a
 * frame is only bytes on the socket: written there directly (as one chunk of the chunked body
 * when the response is chunked), the same shared Buffer goes out with one socket write per
 * stream.
 *
 * Direct writes need a response nothing re-encodes: HTTP/1.x (an HTTP/2 response's socket is
 * the session's), not HEAD, headers sent, no Content-Encoding or Content-Length set by middleware, and the
 * `Cache-Control: no-transform` the SseWriter sends (compression middleware leaves such
 * responses alone, `compression` 1.x `shouldTransform`). Otherwise frames go through the
 * SseWriter. Either way the order holds: `res.write` puts bytes on the socket synchronously once
 * the headers are sent, so heartbeats and other events interleave in call order.
 *
 * Changes that arrive together (one chunk of the upstream watch holds several, as when the
 * backend is behind) leave in one socket write per stream: a socket is corked at its first
 * frame of a tick and every socket corked in the tick is uncorked once, after it (as Node's HTTP
 * layer does for `res.write`, but with one `process.nextTick` for all streams, not one each).
 *
 * A client that lets more than `maxBufferedBytes` pile up is dropped (`drop`: it reconnects and
 * resumes with Last-Event-ID; `/events`), or its writer waits until it drained (`pause`: a step
 * log's shared follow then lets it go and it catches up alone), as the SseWriter's policies do.
 */
export function frameWriterFor(
  req: Pick<Request, 'httpVersionMajor' | 'method'>,
  res: FrameResponse,
  writer: Pick<SseWriter, 'isClosed' | 'close' | 'writeEvent'>,
  maxBufferedBytes = MAX_BUFFERED_BYTES,
  slowClient: SlowClientPolicy = 'drop',
): FrameWriter {
  const socket = res.socket;
  const direct =
    socket !== null &&
    !socket.destroyed &&
    req.httpVersionMajor === 1 &&
    // A HEAD answer has no body: Node drops what res.write gives it, but not a socket write
    // (on a kept-alive connection the bytes would be read as the next answer).
    req.method !== 'HEAD' &&
    res.headersSent &&
    res.getHeader('content-encoding') === undefined &&
    res.getHeader('content-length') === undefined &&
    /\bno-transform\b/i.test(String(res.getHeader('cache-control') ?? ''));
  // (The writer applies its own slow-client policy to what goes through it.)
  if (!direct) return frame => writer.writeEvent(frame.bytes);
  // Without chunked encoding (an HTTP/1.0 client) the body ends with the connection: bytes as is.
  const chunked = res.chunkedEncoding;
  const stream: CorkedStream = { socket, corked: false };
  return frame => {
    if (writer.isClosed) return CLIENT_GONE;
    // (`writableEnded`, not `writable`: one field, where `writable` checks five per stream.)
    if (socket.destroyed || socket.writableEnded) {
      writer.close();
      return CLIENT_GONE;
    }
    corkForThisTick(stream);
    const belowHighWaterMark = socket.write(
      chunked ? frame.chunk : frame.bytes,
    );
    if (!isOverCap(socket, belowHighWaterMark, maxBufferedBytes))
      return undefined;
    if (slowClient === 'pause') return untilDrained(socket);
    writer.close();
    return CLIENT_GONE;
  };
}

interface CorkedStream {
  socket: FrameSocket;
  /** Corked by {@link corkForThisTick} and not uncorked yet. */
  corked: boolean;
}

/** Streams corked in this tick, uncorked together once it ends. */
let corkedThisTick: CorkedStream[] = [];

function uncorkAll(): void {
  const streams = corkedThisTick;
  corkedThisTick = [];
  for (const stream of streams) {
    stream.corked = false;
    // A destroyed socket drops what it held; uncork is harmless then.
    stream.socket.uncork();
  }
}

function corkForThisTick(stream: CorkedStream): void {
  if (stream.corked) return;
  stream.corked = true;
  stream.socket.cork();
  if (corkedThisTick.push(stream) === 1) process.nextTick(uncorkAll);
}
