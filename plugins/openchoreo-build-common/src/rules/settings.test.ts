import { MAX_TIMER_MS, maxTimerSetting, wholeNumberRefusal } from './settings';

describe('wholeNumberRefusal', () => {
  it('accepts whole numbers within the range, its ends included', () => {
    expect(wholeNumberRefusal('a.key', 1, { min: 1 })).toBeUndefined();
    expect(wholeNumberRefusal('a.key', 1e12, { min: 1 })).toBeUndefined();
    expect(
      wholeNumberRefusal('a.key', 100, { min: 100, max: 200 }),
    ).toBeUndefined();
    expect(
      wholeNumberRefusal('a.key', 200, { min: 100, max: 200 }),
    ).toBeUndefined();
  });

  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'says what %p breaks without an upper end',
    value => {
      expect(wholeNumberRefusal('a.key', value, { min: 1 })).toBe(
        `a.key: must be a whole number of at least 1, got ${value}`,
      );
    },
  );

  it('names the unit and both ends when there is a maximum', () => {
    const range = {
      min: 1,
      max: maxTimerSetting('seconds'),
      unit: 'seconds',
    } as const;
    expect(wholeNumberRefusal('a.key', 2147484, range)).toBe(
      'a.key: must be a whole number of seconds from 1 to 2147483, got 2147484',
    );
    expect(wholeNumberRefusal('a.key', 2147483, range)).toBeUndefined();
  });
});

describe('maxTimerSetting', () => {
  it('is the longest timer Node runs as set, in the unit asked for', () => {
    expect(MAX_TIMER_MS).toBe(2147483647);
    expect(maxTimerSetting('milliseconds')).toBe(MAX_TIMER_MS);
    expect(maxTimerSetting('seconds') * 1000).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect((maxTimerSetting('seconds') + 1) * 1000).toBeGreaterThan(
      MAX_TIMER_MS,
    );
  });
});
