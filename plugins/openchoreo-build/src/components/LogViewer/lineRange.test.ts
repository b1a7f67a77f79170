import { formatLineRange, parseLineRange, spanLines } from './lineRange';

describe('line ranges in links', () => {
  it('reads one line and a range, in either order', () => {
    expect(parseLineRange('42')).toEqual({ start: 42, end: 42 });
    expect(parseLineRange('10-20')).toEqual({ start: 10, end: 20 });
    expect(parseLineRange('20-10')).toEqual({ start: 10, end: 20 });
    expect(parseLineRange(' 7 - 9 ')).toEqual({ start: 7, end: 9 });
  });

  it('reads nothing from missing or malformed values', () => {
    for (const value of [
      null,
      undefined,
      '',
      '0',
      '-3',
      '1-',
      'a',
      '1-2-3',
      '1.5',
      '05',
    ])
      expect(parseLineRange(value)).toBeUndefined();
  });

  it('writes one line as a number and a range with a dash', () => {
    expect(formatLineRange({ start: 42, end: 42 })).toBe('42');
    expect(formatLineRange({ start: 10, end: 20 })).toBe('10-20');
    expect(parseLineRange(formatLineRange({ start: 3, end: 8 }))).toEqual({
      start: 3,
      end: 8,
    });
  });

  it('spans from an anchor in either direction', () => {
    expect(spanLines(10, 4)).toEqual({ start: 4, end: 10 });
    expect(spanLines(4, 10)).toEqual({ start: 4, end: 10 });
  });
});
