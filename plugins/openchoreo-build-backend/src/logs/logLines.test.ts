import { TimestampCursor } from './dedup';
import { parseTimestampedLine, secondOf, timestampKey } from './logLines';
import { linesEventData } from './lineEvents';
import {
  parseStepLogLinesData,
  stepLogLinesOf,
} from '@openchoreo-build/plugin-openchoreo-build-common';

describe('timestamps', () => {
  it('parses the kubelet prefix and keeps the text byte for byte', () => {
    expect(
      parseTimestampedLine('2024-05-01T10:00:00.123456789Z hello  world '),
    ).toEqual({
      ts: '2024-05-01T10:00:00.123456789Z',
      key: '2024-05-01T10:00:00.123456789Z',
      text: 'hello  world ',
    });
    expect(
      parseTimestampedLine('2024-05-01T10:00:00.123456789Z '),
    ).toMatchObject({ text: '' });
    expect(
      parseTimestampedLine('2024-05-01T10:00:00Z \u001b[31mred\u001b[0m'),
    ).toEqual({
      ts: '2024-05-01T10:00:00Z',
      key: '2024-05-01T10:00:00.000000000Z',
      text: '\u001b[31mred\u001b[0m',
    });
  });

  it('keeps lines without a timestamp whole, in order', () => {
    expect(parseTimestampedLine('plain text line', 'K')).toEqual({
      key: 'K',
      text: 'plain text line',
    });
    expect(parseTimestampedLine('2024-13-99 not a time', 'K')).toEqual({
      key: 'K',
      text: '2024-13-99 not a time',
    });
  });

  it('normalizes offsets and precisions into comparable keys', () => {
    expect(timestampKey('2024-05-01T12:00:00.5+02:00')).toBe(
      '2024-05-01T10:00:00.500000000Z',
    );
    expect(
      timestampKey('2024-05-01T10:00:00.000000001Z') >
        timestampKey('2024-05-01T10:00:00Z'),
    ).toBe(true);
    expect(timestampKey('garbage')).toBe('');
    expect(secondOf('2024-05-01T10:00:00.500000000Z')).toBe(
      '2024-05-01T10:00:00Z',
    );
  });
});

describe('TimestampCursor (de-duplication at the sinceTime boundary)', () => {
  const key = (s: number, ns = 0) =>
    `2024-05-01T10:00:${String(s).padStart(2, '0')}.${String(ns).padStart(
      9,
      '0',
    )}Z`;

  it('drops exactly the lines already consumed, even several at the same timestamp', () => {
    const cursor = new TimestampCursor();
    const first = [key(1), key(2, 5), key(2, 5), key(2, 7), key(2, 7)];
    const isNew1 = cursor.filter();
    for (const k of first) {
      expect(isNew1(k)).toBe(true);
      cursor.observe(k);
    }
    expect(cursor.key).toBe(key(2, 7));
    expect(cursor.count).toBe(2);
    // A re-read from the whole second (the kubelet's precision) returns lines 2..4 again plus new ones.
    const reread = [
      key(2, 5),
      key(2, 5),
      key(2, 7),
      key(2, 7),
      key(2, 7),
      key(3),
    ];
    const isNew2 = cursor.filter();
    const fresh = reread.filter(k => {
      const ok = isNew2(k);
      if (ok) cursor.observe(k);
      return ok;
    });
    expect(fresh).toEqual([key(2, 7), key(3)]);
    expect(cursor.key).toBe(key(3));
  });

  it('passes everything before anything was consumed', () => {
    const isNew = new TimestampCursor().filter();
    expect([key(5), key(1)].map(isNew)).toEqual([true, true]);
  });
});

describe('line events', () => {
  /** What an SSE parser hands over: the data lines joined with '\n'. */
  const dataOf = (event: string) =>
    event
      .split('\n')
      .filter(line => line.startsWith('data: '))
      .map(line => line.slice(6))
      .join('\n');

  it('carry raw texts (ANSI included) on data lines, timestamps in a JSON header', () => {
    const event = linesEventData({
      n: 7,
      ts: ['2024-05-01T10:00:00Z', undefined, '2024-05-01T10:00:01Z'],
      text: ['a "quoted" \\ line', '', '\u001b[1mbold'],
    });
    expect(event).toBe(
      'data: {"n":7,"ts":["2024-05-01T10:00:00Z",null,"2024-05-01T10:00:01Z"]}\ndata: a "quoted" \\ line\ndata: \ndata: \u001b[1mbold\n',
    );
    expect(stepLogLinesOf(parseStepLogLinesData(dataOf(event)))).toEqual([
      { n: 7, ts: '2024-05-01T10:00:00Z', text: 'a "quoted" \\ line' },
      { n: 8, text: '' },
      { n: 9, ts: '2024-05-01T10:00:01Z', text: '\u001b[1mbold' },
    ]);
  });

  it('fall back to JSON texts when a line holds a carriage return', () => {
    const event = linesEventData({
      n: 0,
      ts: [undefined],
      text: ['progress 10%\rprogress 20%'],
    });
    expect(event.split('\n').filter(Boolean)).toHaveLength(1);
    expect(parseStepLogLinesData(dataOf(event))).toEqual({
      n: 0,
      ts: [null],
      text: ['progress 10%\rprogress 20%'],
    });
  });
});
