import {
  epochMillis,
  goTimeString,
  parseRfc3339,
  rfc3339NanoUtc,
} from './rfc3339';

/** Go's `time` as the observer uses it; expected texts from `internal/observer/handlers/validations_test.go@v0.9.0`. */
describe('RFC3339 as Go reads and writes it', () => {
  it.each([
    ['2024-01-01T00:00:00', 'cannot parse "" as "Z07:00"'],
    ['01-01-2024 00:00:00', 'cannot parse "01-01-2024 00:00:00" as "2006"'],
    ['invalid-time', 'cannot parse "invalid-time" as "2006"'],
  ])("refuses %s with Go's text", (value, tail) => {
    expect(parseRfc3339(value)).toEqual({
      error: `parsing time ${JSON.stringify(
        value,
      )} as "2006-01-02T15:04:05Z07:00": ${tail}`,
    });
  });

  it('checks ranges and trailing text', () => {
    expect(parseRfc3339('2024-13-01T00:00:00Z')).toEqual({
      error: 'parsing time "2024-13-01T00:00:00Z": month out of range',
    });
    expect(parseRfc3339('2023-02-29T00:00:00Z')).toEqual({
      error: 'parsing time "2023-02-29T00:00:00Z": day out of range',
    });
    expect(parseRfc3339('2024-01-01T00:00:00Zjunk')).toEqual({
      error: 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"',
    });
  });

  it('reads offsets and fractions (kept to the nanosecond, compared by the millisecond)', () => {
    const t = parseRfc3339('2024-01-01T10:00:00.123456789+05:30');
    if (!('time' in t)) throw new Error(t.error);
    expect(epochMillis(t.time)).toBe(Date.UTC(2024, 0, 1, 4, 30, 0, 123));
    expect(goTimeString(t.time)).toBe(
      '2024-01-01 10:00:00.123456789 +0530 +0530',
    );
    const utc = parseRfc3339('2024-01-01T01:00:00Z');
    if (!('time' in utc)) throw new Error(utc.error);
    expect(goTimeString(utc.time)).toBe('2024-01-01 01:00:00 +0000 UTC');
  });

  it('writes timestamps as RFC3339Nano without trailing zeros', () => {
    expect(rfc3339NanoUtc(Date.UTC(2024, 4, 1, 10, 0, 0, 120))).toBe(
      '2024-05-01T10:00:00.12Z',
    );
    expect(rfc3339NanoUtc(Date.UTC(2024, 4, 1, 10, 0, 0, 0))).toBe(
      '2024-05-01T10:00:00Z',
    );
  });
});
