import { EventEmitter } from 'node:events';
import { SSE_RETRY_MS, SseWriter, type SseResponse } from './SseWriter';

/** A response whose unsent bytes the test controls (`drain` empties them). */
class FakeResponse extends EventEmitter implements SseResponse {
  readonly chunks: string[] = [];
  readonly headers: Record<string, string> = {};
  statusCode?: number;
  headersFlushed = false;
  writableLength = 0;
  writableEnded = false;
  destroyed = false;
  /** The socket's high-water mark: writes return false beyond it. */
  readonly highWaterMark = 16;

  get writableNeedDrain(): boolean {
    return this.writableLength >= this.highWaterMark;
  }
  get text(): string {
    return this.chunks.join('');
  }
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  setHeader(name: string, value: string) {
    this.headers[name] = value;
    return this;
  }
  flushHeaders() {
    this.headersFlushed = true;
  }
  write(chunk: string | Buffer, encoding?: BufferEncoding): boolean {
    this.chunks.push(
      typeof chunk === 'string' ? chunk : chunk.toString(encoding ?? 'utf8'),
    );
    this.writableLength +=
      typeof chunk === 'string'
        ? Buffer.byteLength(chunk, encoding)
        : chunk.length;
    return this.writableLength < this.highWaterMark;
  }
  end() {
    this.writableEnded = true;
  }
  /** The client took everything. */
  drain() {
    this.writableLength = 0;
    this.emit('drain');
  }
  /** The client went away. */
  leave() {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('SseWriter', () => {
  afterEach(() => jest.useRealTimers());

  it('sends nothing before the first event, then the headers, the retry hint and the event', () => {
    const res = new FakeResponse();
    const writer = new SseWriter(res, {
      slowClient: 'drop',
      heartbeatMs: 1000,
    });
    expect(writer.started).toBe(false);
    expect(res.statusCode).toBeUndefined();

    writer.send('run', JSON.stringify({ a: 1 }), 'default:e:7');
    writer.send('ready', 'first\nsecond');
    expect(res.statusCode).toBe(200);
    expect(res.headersFlushed).toBe(true);
    expect(res.headers).toEqual({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    expect(res.text).toBe(
      `retry: ${SSE_RETRY_MS}\n\n` +
        'id: default:e:7\nevent: run\ndata: {"a":1}\n\n' +
        'event: ready\ndata: first\ndata: second\n\n',
    );
    writer.close();
  });

  it('closing a stream that never started leaves the response to the route (an HTTP error)', () => {
    const res = new FakeResponse();
    const writer = new SseWriter(res, {
      slowClient: 'pause',
      heartbeatMs: 1000,
    });
    writer.close();
    expect(res.writableEnded).toBe(false);
    expect(res.statusCode).toBeUndefined();
    expect(writer.isClosed).toBe(true);
  });

  it('writes heartbeat comments, none while the socket is full, and none after closing', () => {
    jest.useFakeTimers();
    const res = new FakeResponse();
    const writer = new SseWriter(res, {
      slowClient: 'pause',
      heartbeatMs: 1000,
      maxBufferedBytes: 1000,
    });
    writer.open();
    jest.advanceTimersByTime(1000);
    expect(res.chunks.filter(c => c.startsWith(': heartbeat '))).toHaveLength(
      1,
    );

    res.writableLength = res.highWaterMark; // the client stopped reading
    jest.advanceTimersByTime(3000);
    expect(res.chunks.filter(c => c.startsWith(': heartbeat '))).toHaveLength(
      1,
    );

    res.drain();
    jest.advanceTimersByTime(1000);
    expect(res.chunks.filter(c => c.startsWith(': heartbeat '))).toHaveLength(
      2,
    );

    writer.close();
    expect(res.writableEnded).toBe(true);
    jest.advanceTimersByTime(5000);
    expect(res.chunks.filter(c => c.startsWith(': heartbeat '))).toHaveLength(
      2,
    );
  });

  it('drop policy: ends the response of a client over the cap and tells the owner', () => {
    const res = new FakeResponse();
    const writer = new SseWriter(res, {
      slowClient: 'drop',
      heartbeatMs: 1000,
      maxBufferedBytes: 100,
    });
    const closed = jest.fn();
    writer.onClose(closed);
    expect(writer.send('run', 'small')).toBeUndefined();
    expect(closed).not.toHaveBeenCalled();

    expect(writer.send('run', 'x'.repeat(200))).toBeDefined();
    expect(writer.isClosed).toBe(true);
    expect(res.writableEnded).toBe(true);
    expect(closed).toHaveBeenCalledTimes(1);
    const written = res.text;
    writer.send('run', 'after');
    expect(res.text).toBe(written);
  });

  it('pause policy: over the cap the producer gets a promise that resolves when the client drained, or left', async () => {
    const res = new FakeResponse();
    const writer = new SseWriter(res, {
      slowClient: 'pause',
      heartbeatMs: 1000,
      maxBufferedBytes: 100,
    });
    expect(writer.send('line', 'small')).toBeUndefined();

    const drained = writer.sendDataLines(
      'line',
      `data: ${'x'.repeat(200)}\n`,
      1,
    );
    expect(drained).toBeInstanceOf(Promise);
    expect(writer.isClosed).toBe(false);
    res.drain();
    await expect(drained).resolves.toBe(true);

    const left = writer.writeEvent(
      Buffer.from(`event: line\ndata: ${'y'.repeat(200)}\n\n`),
    );
    res.leave();
    await expect(left).resolves.toBe(false);
    expect(writer.isClosed).toBe(true);
    // A client that left takes nothing more.
    await expect(writer.send('end', '{}')).resolves.toBe(false);
  });
});
