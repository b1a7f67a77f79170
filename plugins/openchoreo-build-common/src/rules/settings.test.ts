import { MAX_TIMER_MS, maxTimerSetting, wholeNumberProblem } from './settings';

describe('wholeNumberProblem', () => {
  it('accepts whole numbers within the range, its ends included', () => {
    expect(wholeNumberProblem(1, { min: 1 })).toBeUndefined();
    expect(wholeNumberProblem(1e12, { min: 1 })).toBeUndefined();
    expect(wholeNumberProblem(100, { min: 100, max: 200 })).toBeUndefined();
    expect(wholeNumberProblem(200, { min: 100, max: 200 })).toBeUndefined();
  });

  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'says what %p breaks without an upper end',
    value => {
      expect(wholeNumberProblem(value, { min: 1 })).toBe(
        'must be a whole number of at least 1',
      );
    },
  );

  it('names the unit and both ends when there is a maximum', () => {
    const range = {
      min: 1,
      max: maxTimerSetting('seconds'),
      unit: 'seconds',
    } as const;
    expect(wholeNumberProblem(2147484, range)).toBe(
      'must be a whole number of seconds from 1 to 2147483',
    );
    expect(wholeNumberProblem(2147483, range)).toBeUndefined();
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
