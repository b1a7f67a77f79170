import { TimestampCursor } from './dedup';
import { linesEventData } from './lineEvents';
import {
  rawLinesEvent,
  rawStamp,
  rawText,
  scanKubeletLines,
  type RawLines,
} from './rawLines';

const ts = (i: number) =>
  `2024-05-01T10:00:${String(i).padStart(2, '0')}.123456789Z`;

function scan(text: string, offset = 0): { ok: boolean; raw: RawLines } {
  // `offset`: the lines start that far into the Buffer's memory (a slice of a bigger one).
  const buf = Buffer.concat([
    Buffer.alloc(offset, 0x2a),
    Buffer.from(text, 'utf8'),
  ]).subarray(offset);
  const starts: number[] = [];
  const ends: number[] = [];
  const limit = buf.lastIndexOf(10) + 1;
  const ok = scanKubeletLines(buf, limit, starts, ends);
  return { ok, raw: { buf, starts, ends, from: 0, count: starts.length } };
}

describe('raw (kubelet-format) lines', () => {
  const texts = [
    '\u001b[90m[build]\u001b[0m compiling',
    '',
    'ünïcødé ✓ "quoted" \\',
    ' leading space',
  ];
  const body = texts.map((t, i) => `${ts(i)} ${t}\n`).join('');

  it('are found by scanning the bytes, and decode to the same timestamps and texts', () => {
    const { ok, raw } = scan(`${body}${ts(9)} unterminated`);
    expect(ok).toBe(true);
    expect(raw.count).toBe(4);
    expect(Array.from({ length: 4 }, (_, i) => rawStamp(raw, i))).toEqual(
      texts.map((_, i) => ts(i)),
    );
    expect(Array.from({ length: 4 }, (_, i) => rawText(raw, i))).toEqual(texts);
  });

  it('build exactly the SSE event the string writer builds', () => {
    const { raw } = scan(body);
    const sub: RawLines = { ...raw, from: 1, count: 3 };
    const expected = `id: 14\nevent: line\n${linesEventData({
      n: 12,
      ts: [ts(1), ts(2), ts(3)],
      text: texts.slice(1),
    })}\n`;
    expect(rawLinesEvent(sub, 12).toString('utf8')).toBe(expected);
  });

  it('build the same event for long lines and for a batch of one line', () => {
    const long = [
      `${'\u001b[32m✓\u001b[0m '.repeat(12)}compiled ${'x'.repeat(200)}`,
      'short',
      '',
    ];
    const { raw } = scan(long.map((t, i) => `${ts(i)} ${t}\n`).join(''), 5);
    expect(raw.buf.byteOffset % 4).not.toBe(0);
    // No lines: a well-formed event all the same (the size is exact, nothing is cut).
    expect(rawLinesEvent({ ...raw, count: 0 }, 3, 'x').toString('utf8')).toBe(
      'id: x\nevent: line\ndata: {"n":3,"ts":[]}\n\n',
    );
    for (const [from, count] of [
      [0, 3],
      [0, 1],
      [2, 1],
    ]) {
      const expected = `id: ${from + count - 1}\nevent: line\n${linesEventData({
        n: from,
        ts: long.slice(from, from + count).map((_, i) => ts(from + i)),
        text: long.slice(from, from + count),
      })}\n`;
      expect(
        rawLinesEvent({ ...raw, from, count }, from).toString('utf8'),
      ).toBe(expected);
    }
  });

  it('leave lines without the kubelet prefix or with a carriage return to the general path', () => {
    expect(scan(`${ts(1)} a\nplain line\n`).ok).toBe(false);
    expect(scan(`${ts(1)} progress 10%\rprogress 20%\n`).ok).toBe(false);
    expect(scan(`2024-05-01T10:00:01Z short stamp\n`).ok).toBe(false);
  });
});

describe('TimestampCursor.observeRun', () => {
  it('counts the run tail lazily, the same as observeAll', () => {
    const keys = [ts(1), ts(2), ts(2), ts(2)];
    const eager = new TimestampCursor();
    eager.observeAll(keys);
    const lazy = new TimestampCursor();
    const tail = jest.fn(() => 3);
    lazy.observeRun(keys[0], keys[3], keys.length, tail);
    expect(tail).not.toHaveBeenCalled();
    expect(lazy.key).toBe(eager.key);
    expect(lazy.count).toBe(eager.count);
    expect(tail).toHaveBeenCalledTimes(1);
    // A run entirely at the same key adds to the count; a re-read drops exactly those lines.
    lazy.observeRun(ts(2), ts(2), 2, () => 2);
    expect(lazy.count).toBe(5);
    const isNew = lazy.filter();
    expect(
      [ts(2), ts(2), ts(2), ts(2), ts(2), ts(2), ts(3)].map(isNew),
    ).toEqual([false, false, false, false, false, true, true]);
  });
});
