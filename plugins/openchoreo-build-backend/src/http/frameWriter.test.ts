import { EventEmitter } from 'node:events';
import {
  frameWriterFor,
  type FrameResponse,
  type FrameSocket,
} from './frameWriter';
import { SseFrame } from './sseFrame';

/** A socket that records what reaches it; `writableLength` is what the client has not taken. */
class FakeSocket extends EventEmitter implements FrameSocket {
  readonly written: Buffer[] = [];
  /** What was written before each uncork that flushed (one entry per socket write). */
  readonly flushes: number[] = [];
  corks = 0;
  writableLength = 0;
  writableEnded = false;
  destroyed = false;
  readonly highWaterMark = 16 * 1024;
  private unflushed = 0;

  get writableNeedDrain() {
    return this.writableLength >= this.highWaterMark;
  }
  write(chunk: string | Buffer): boolean {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    this.written.push(bytes);
    this.writableLength += bytes.length;
    this.unflushed += 1;
    if (this.corks === 0) this.send();
    return this.writableLength < this.highWaterMark;
  }
  cork() {
    this.corks += 1;
  }
  uncork() {
    this.corks -= 1;
    if (this.corks === 0 && this.unflushed > 0) this.send();
  }
  end() {
    this.writableEnded = true;
  }
  /** The client read everything. */
  take() {
    this.writableLength = 0;
  }
  private send() {
    this.flushes.push(this.unflushed);
    this.unflushed = 0;
  }
}

function response(
  socket: FakeSocket | null,
  headers: Record<string, string> = {
    'cache-control': 'no-cache, no-transform',
  },
  chunkedEncoding = true,
): FrameResponse {
  return {
    socket,
    headersSent: true,
    chunkedEncoding,
    getHeader: name => headers[name.toLowerCase()],
  };
}

function sseWriter() {
  return {
    isClosed: false,
    close: jest.fn(function close(this: { isClosed: boolean }) {
      this.isClosed = true;
    }),
    writeEvent: jest.fn(),
  };
}

const HTTP_1_1 = { httpVersionMajor: 1, method: 'GET' };
const frame = (text: string) => new SseFrame(text);
const nextTick = () => new Promise<void>(resolve => process.nextTick(resolve));

describe('frameWriterFor', () => {
  it('writes the shared chunk straight to the socket; frames of one tick leave in one write per socket', async () => {
    const sockets = [new FakeSocket(), new FakeSocket()];
    const writers = sockets.map(socket =>
      frameWriterFor(HTTP_1_1, response(socket), sseWriter()),
    );
    const frames = [
      frame('id: a:1\n\n'),
      frame('id: a:2\n\n'),
      frame('id: a:3\n\n'),
    ];
    for (const f of frames) for (const write of writers) write(f);

    for (const socket of sockets) {
      // The same Buffer every stream writes, framed as chunks of the chunked body.
      expect(socket.written).toEqual(frames.map(f => f.chunk));
      expect(socket.written[0]).toBe(frames[0].chunk);
      expect(socket.flushes).toEqual([]);
    }
    await nextTick();
    for (const socket of sockets) {
      expect(socket.flushes).toEqual([3]);
      expect(socket.corks).toBe(0);
    }

    // The next tick's frame is a write of its own.
    writers[0](frame('id: a:4\n\n'));
    await nextTick();
    expect(sockets[0].flushes).toEqual([3, 1]);
  });

  it('writes frames as they are when the body is not chunked (an HTTP/1.0 client: it ends with the connection)', async () => {
    const socket = new FakeSocket();
    const write = frameWriterFor(
      { httpVersionMajor: 1, method: 'GET' },
      response(socket, { 'cache-control': 'no-transform' }, false),
      sseWriter(),
    );
    const f = frame('event: run\ndata: {}\n\n');
    write(f);
    await nextTick();
    expect(socket.written).toEqual([f.bytes]);
  });

  it.each([
    [
      'HTTP/2',
      { httpVersionMajor: 2, method: 'GET' },
      { 'cache-control': 'no-transform' },
    ],
    [
      'a Content-Encoding set by middleware',
      HTTP_1_1,
      { 'cache-control': 'no-transform', 'content-encoding': 'gzip' },
    ],
    [
      'a Content-Length set by middleware',
      HTTP_1_1,
      { 'cache-control': 'no-transform', 'content-length': '10' },
    ],
    [
      'no Cache-Control: no-transform',
      HTTP_1_1,
      { 'cache-control': 'no-cache' },
    ],
  ])('leaves the frames to the SseWriter for %s', (_, req, headers) => {
    const socket = new FakeSocket();
    const writer = sseWriter();
    const write = frameWriterFor(req, response(socket, headers), writer);
    const f = frame('event: run\n\n');
    write(f);
    expect(writer.writeEvent).toHaveBeenCalledWith(f.bytes);
    expect(socket.written).toEqual([]);
  });

  it('drops a client that lets more than maxBufferedBytes pile up; the other streams still get the frame', async () => {
    const [slow, fast] = [new FakeSocket(), new FakeSocket()];
    const slowWriter = sseWriter();
    const writeSlow = frameWriterFor(
      HTTP_1_1,
      response(slow),
      slowWriter,
      64 * 1024,
    );
    const writeFast = frameWriterFor(
      HTTP_1_1,
      response(fast),
      sseWriter(),
      64 * 1024,
    );
    const f = frame(`data: ${'x'.repeat(10 * 1024)}\n\n`);
    let writes = 0;
    while (!slowWriter.isClosed && writes < 100) {
      writeSlow(f);
      writeFast(f);
      fast.take();
      writes += 1;
      await nextTick();
    }
    // Past 64 KiB unsent (a little over six frames of 10 KiB): the slow stream is closed …
    expect(slowWriter.close).toHaveBeenCalledTimes(1);
    expect(writes).toBe(7);
    // … and gets nothing more, while the fast one goes on.
    writeSlow(f);
    writeFast(f);
    expect(slow.written).toHaveLength(7);
    expect(fast.written).toHaveLength(8);
  });

  it('with the pause policy, keeps a slow client and says when it drained (a step log follower)', async () => {
    const socket = new FakeSocket();
    const writer = sseWriter();
    const write = frameWriterFor(
      HTTP_1_1,
      response(socket),
      writer,
      64 * 1024,
      'pause',
    );
    const f = frame(`data: ${'x'.repeat(10 * 1024)}\n\n`);
    let pending: Promise<boolean> | undefined;
    let writes = 0;
    while (!pending && writes < 100) {
      pending = write(f);
      writes += 1;
    }
    // Past 64 KiB unsent: not closed, but the answer waits for the client …
    expect(writes).toBe(7);
    expect(writer.close).not.toHaveBeenCalled();
    let drained: boolean | undefined;
    void pending!.then(value => {
      drained = value;
    });
    await nextTick();
    expect(drained).toBeUndefined();
    // … and says true once it took the bytes.
    socket.take();
    socket.emit('drain');
    expect(await pending).toBe(true);
  });

  it('with the pause policy, answers false when the slow client leaves instead', async () => {
    const socket = new FakeSocket();
    const write = frameWriterFor(
      HTTP_1_1,
      response(socket),
      sseWriter(),
      16 * 1024,
      'pause',
    );
    const f = frame(`data: ${'x'.repeat(20 * 1024)}\n\n`);
    const pending = write(f);
    expect(pending).toBeInstanceOf(Promise);
    socket.emit('close');
    expect(await pending).toBe(false);
  });

  it('closes the stream instead of writing to a socket that is gone', () => {
    const socket = new FakeSocket();
    const writer = sseWriter();
    const write = frameWriterFor(HTTP_1_1, response(socket), writer);
    socket.destroyed = true;
    write(frame('event: run\n\n'));
    expect(socket.written).toEqual([]);
    expect(writer.close).toHaveBeenCalled();
  });

  it('leaves the frames to the SseWriter for a HEAD request (no body may reach the socket)', () => {
    const socket = new FakeSocket();
    const writer = sseWriter();
    const f = frame('event: run\n\n');
    frameWriterFor(
      { httpVersionMajor: 1, method: 'HEAD' },
      response(socket),
      writer,
    )(f);
    expect(socket.written).toEqual([]);
    expect(writer.writeEvent).toHaveBeenCalledWith(f.bytes);
  });

  it('leaves the frames to the SseWriter when the response has no socket', () => {
    const writer = sseWriter();
    const f = frame('event: run\n\n');
    frameWriterFor(HTTP_1_1, response(null), writer)(f);
    expect(writer.writeEvent).toHaveBeenCalledWith(f.bytes);
  });
});
