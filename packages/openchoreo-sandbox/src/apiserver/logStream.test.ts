import https from 'node:https';
import { Writable } from 'node:stream';
import { Harness, pem, startHarness } from '../__testUtils__/harness';
import { LogStore } from '../logs/logstore';
import {
  firstLineAtOrAfter,
  LOG_CHUNK_BYTES,
  PodLogStream,
  streamContainerLog,
} from './logStream';

/** A sink that accepts writes only while `flowing`: a reader that stops reading. */
class SlowReader extends Writable {
  readonly chunks: Buffer[] = [];
  private held: Array<() => void> = [];
  private flowing = false;

  constructor() {
    super({ highWaterMark: LOG_CHUNK_BYTES });
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.chunks.push(chunk);
    if (this.flowing) done();
    else this.held.push(() => done());
  }

  /** Reads everything from now on. */
  flow(): void {
    this.flowing = true;
    const held = this.held;
    this.held = [];
    for (const done of held) done();
  }

  get body(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

function bigLog(lines: number, lineText: (i: number) => string) {
  const store = new LogStore();
  const log = store.register('ns', 'pod', 'main', 'uid-1');
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < lines; i++)
    store.append(log, lineText(i), t0 + Math.floor(i / 100) * 1000);
  return { store, log, t0 };
}

describe('streamContainerLog', () => {
  it('formats lines only as fast as the reader takes them (backpressure), then sends every byte', async () => {
    const total = 100_000;
    const { log } = bigLog(total, i => `line ${i} ${'x'.repeat(90)}`);
    const reader = new SlowReader();
    const streams = new Set<PodLogStream>();
    const stream = streamContainerLog(
      log,
      reader,
      { startIndex: 0, timestamps: false, follow: false },
      streams,
    );
    // The reader took nothing: the stream stopped after the first full chunk.
    const perLine = Buffer.byteLength(`${log.lines[0].text}\n`);
    expect(stream.linesWritten).toBeLessThanOrEqual(
      Math.ceil(LOG_CHUNK_BYTES / perLine) + 1,
    );
    expect(streams.has(stream)).toBe(true);
    reader.flow();
    await stream.closed;
    expect(stream.linesWritten).toBe(total);
    expect(reader.body).toBe(log.lines.map(l => `${l.text}\n`).join(''));
    expect(streams.size).toBe(0);
  });

  it('sends what the whole-body answer sent: since, tail, timestamps and a limit that cuts a line', async () => {
    const { log, t0 } = bigLog(
      5000,
      i => `step ${i}: ünïcödé ${'-'.repeat(i % 50)}`,
    );
    /** The answer built the way it used to be: everything, then filtered, joined and cut. */
    const reference = (
      sinceMs: number | undefined,
      tail: number | undefined,
      timestamps: boolean,
      limitBytes: number | undefined,
    ): Buffer => {
      let lines = log.lines.filter(
        l => sinceMs === undefined || l.ms >= sinceMs,
      );
      if (tail !== undefined)
        lines = lines.slice(Math.max(0, lines.length - tail));
      const body = Buffer.from(
        lines
          .map(l => (timestamps ? `${l.ts} ${l.text}\n` : `${l.text}\n`))
          .join(''),
      );
      return limitBytes === undefined ? body : body.subarray(0, limitBytes);
    };
    const cases: Array<
      [number | undefined, number | undefined, boolean, number | undefined]
    > = [
      [undefined, undefined, false, undefined],
      [t0 + 20_000, undefined, true, undefined],
      [t0 + 20_000, 150, false, undefined],
      [undefined, 10, true, undefined],
      [undefined, undefined, false, 100_001],
      [t0 + 7000, undefined, true, 333],
      [t0 + 999_000, undefined, false, undefined],
    ];
    for (const [sinceMs, tail, timestamps, limitBytes] of cases) {
      const reader = new SlowReader();
      reader.flow();
      const from =
        sinceMs === undefined ? 0 : firstLineAtOrAfter(log.lines, sinceMs);
      const startIndex =
        tail === undefined ? from : Math.max(from, log.lines.length - tail);
      const stream = streamContainerLog(
        log,
        reader,
        { startIndex, sinceMs, timestamps, limitBytes, follow: false },
        new Set(),
      );
      await stream.closed;
      // latin1: one character per byte, so the comparison is byte for byte (and fast).
      expect(Buffer.concat(reader.chunks).toString('latin1')).toBe(
        reference(sinceMs, tail, timestamps, limitBytes).toString('latin1'),
      );
    }
  });
});

describe('pods/log over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('sends the first bytes of a 20 MB log before formatting it all, and a client going away frees the stream', async () => {
    const build = h.sandbox.buildPlane;
    const ns = 'openchoreo-ci-default';
    build.ensureNamespace(ns);
    const pod = build.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'big-logger', namespace: ns },
        spec: { containers: [{ name: 'main', image: 'busybox' }] },
      },
      'pods',
    );
    const log = build.logs.register(
      ns,
      'big-logger',
      'main',
      pod.metadata.uid!,
    );
    const total = 200_000;
    const line = 'y'.repeat(99);
    for (let i = 0; i < total; i += 1000)
      build.logs.append(log, Array(1000).fill(line).join('\n'));
    expect(log.bytes).toBeGreaterThanOrEqual(20_000_000);

    const { url, token, caData } = h.sandbox.endpoints.buildPlane;
    const opened = new Promise<{
      stream: PodLogStream;
      status?: number;
      first: string;
      linesAtFirstBytes: number;
    }>(resolve => {
      const request = https.get(
        `${url}/api/v1/namespaces/${ns}/pods/big-logger/log?container=main&follow=true`,
        { ca: pem(caData), headers: { Authorization: `Bearer ${token}` } },
        res => {
          res.once('data', (first: Buffer) => {
            const [stream] = build.podLogStreams;
            resolve({
              stream,
              status: res.statusCode,
              first: first.toString('utf8'),
              linesAtFirstBytes: stream.linesWritten,
            });
            request.destroy();
          });
        },
      );
      request.on('error', () => {}); // the abort above
    });
    const { stream, status, first, linesAtFirstBytes } = await opened;
    expect(status).toBe(200);
    expect(first.startsWith(`${line}\n`)).toBe(true);
    // The first bytes arrived while most of the log was still unformatted.
    expect(linesAtFirstBytes).toBeLessThan(total / 2);
    await stream.closed;
    expect(stream.linesWritten).toBeLessThan(total);
    expect(build.podLogStreams.size).toBe(0);
    // Nothing keeps listening to the container that is still running.
    expect(log.events.listenerCount('lines')).toBe(0);
    expect(log.events.listenerCount('end')).toBe(0);
    expect(log.ended).toBe(false);
  });
});
