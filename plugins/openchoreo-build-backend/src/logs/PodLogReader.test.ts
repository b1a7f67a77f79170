import { PassThrough, Readable } from 'node:stream';
import { MAX_LINE_BYTES, PodLogReader, type PodLogBatch } from './PodLogReader';
import { rawStamp, rawText } from './rawLines';

const ts = (i: number) =>
  `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.123456789Z`;

/** Each batch as its kind and its lines (raw lines as `<timestamp> <text>`). */
function describeBatch(batch: PodLogBatch): { kind: string; lines: string[] } {
  if (batch.kind === 'text') return batch;
  const { lines } = batch;
  return {
    kind: 'raw',
    lines: Array.from(
      { length: lines.count },
      (_, i) => `${rawStamp(lines, i)} ${rawText(lines, i)}`,
    ),
  };
}

async function readAll(
  reader: PodLogReader,
): Promise<Array<{ kind: string; lines: string[] }>> {
  const batches = [];
  for await (const batch of reader.batches())
    batches.push(describeBatch(batch));
  return batches;
}

/** A response that delivers `chunks` one by one, a few loop turns apart. */
function trickle(chunks: Buffer[]): Readable {
  return Readable.from(
    (async function* chunksOverTime() {
      for (const chunk of chunks) {
        await new Promise(resolve => setTimeout(resolve, 1));
        yield chunk;
      }
    })(),
  );
}

const signal = () => new AbortController().signal;

describe('PodLogReader', () => {
  it('passes kubelet-format lines on as bytes, each line exactly once whatever the chunking', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `${ts(i)} line ${i} ✓`);
    const body = Buffer.from(lines.map(l => `${l}\n`).join(''), 'utf8');
    // Cut mid-line and mid-UTF-8 sequence.
    const cuts = [7, 100, 101, 333, 334, 900, body.length];
    const chunks = cuts.map((end, i) =>
      body.subarray(i ? cuts[i - 1] : 0, end),
    );
    const seen: number[] = [];
    const reader = new PodLogReader(trickle(chunks), {
      signal: signal(),
      onBytes: bytes => seen.push(bytes),
    });
    const batches = await readAll(reader);
    expect(batches.every(b => b.kind === 'raw')).toBe(true);
    expect(batches.flatMap(b => b.lines)).toEqual(lines);
    expect(reader.bytesRead).toBe(body.length);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(body.length);
  });

  it('takes what is already buffered as one batch', async () => {
    const source = new PassThrough();
    for (let i = 0; i < 10; i += 1) source.write(`${ts(i)} line ${i}\n`);
    source.end();
    const batches = await readAll(
      new PodLogReader(source, { signal: signal() }),
    );
    expect(batches).toHaveLength(1);
    expect(batches[0].lines).toHaveLength(10);
  });

  it('decodes other formats (and carriage returns) as text lines', async () => {
    const source = new PassThrough();
    source.end('no timestamp\r\nsecond\n');
    expect(
      await readAll(new PodLogReader(source, { signal: signal() })),
    ).toEqual([{ kind: 'text', lines: ['no timestamp', 'second'] }]);
  });

  it('delivers an unterminated last line only when the log is final, and never when limitBytes cut the response', async () => {
    const body = `${ts(0)} complete\n${ts(1)} unterminated`;
    const whole = new PassThrough();
    whole.end(body);
    const reader = new PodLogReader(whole, {
      signal: signal(),
      limitBytes: 10_000,
      final: true,
    });
    expect((await readAll(reader)).flatMap(b => b.lines)).toEqual([
      `${ts(0)} complete`,
      `${ts(1)} unterminated`,
    ]);
    expect(reader.truncated).toBe(false);
    expect(reader.heldTail).toBe(false);

    // A running container's log may end mid-line: the line is held back for the next read.
    const running = new PassThrough();
    running.end(body);
    const partial = new PodLogReader(running, { signal: signal() });
    expect((await readAll(partial)).flatMap(b => b.lines)).toEqual([
      `${ts(0)} complete`,
    ]);
    expect(partial.heldTail).toBe(true);

    const cut = new PassThrough();
    cut.end(body);
    const limited = new PodLogReader(cut, {
      signal: signal(),
      limitBytes: Buffer.byteLength(body),
    });
    expect((await readAll(limited)).flatMap(b => b.lines)).toEqual([
      `${ts(0)} complete`,
    ]);
    expect(limited.truncated).toBe(true);
  });

  it('passes a runaway line on in pieces cut between UTF-8 sequences', async () => {
    const line = 'é'.repeat(MAX_LINE_BYTES); // 2 MiB of two-byte characters
    const source = new PassThrough();
    source.end(`${line.slice(0, 1)}x${line.slice(1)}`);
    const batches = await readAll(
      // final: the unterminated last piece belongs to a finished log.
      new PodLogReader(source, { signal: signal(), final: true }),
    );
    const pieces = batches.flatMap(b => b.lines);
    expect(pieces.length).toBeGreaterThan(1);
    expect(Buffer.byteLength(pieces[0])).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(pieces.join('')).toBe(`${line.slice(0, 1)}x${line.slice(1)}`);
    expect(pieces.some(p => p.includes('\uFFFD'))).toBe(false);
  });

  it('stops with an error when aborted while waiting for more bytes', async () => {
    const controller = new AbortController();
    const source = new PassThrough();
    source.write(`${ts(0)} first\n`);
    const reader = new PodLogReader(source, { signal: controller.signal });
    controller.abort();
    await expect(readAll(reader)).rejects.toThrow();
    source.destroy();
  });
});
