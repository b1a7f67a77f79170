/**
 * Node runs a timer set for longer than this (2^31 − 1 ms, about 24.8 days) after 1 ms: a
 * setting meant as "practically never" would then fire at once.
 *
 * @public
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * What a whole-number setting of the plugins' configuration allows.
 *
 * @public
 */
export interface WholeNumberRange {
  min: number;
  max?: number;
  /** What the number counts, named in the refusal. */
  unit?: 'seconds' | 'milliseconds';
}

/**
 * The largest number of `unit` a timer setting may hold (see {@link MAX_TIMER_MS}).
 *
 * @public
 */
export function maxTimerSetting(unit: 'seconds' | 'milliseconds'): number {
  return unit === 'seconds' ? Math.floor(MAX_TIMER_MS / 1000) : MAX_TIMER_MS;
}

/**
 * Why the setting `key` may not be `value` ("openchoreo.build.runCache.idleSeconds: must be a whole
 * number of seconds from 1 to 2147483, got 0"), or undefined when `value` is a whole number within
 * `range`. The plugins refuse such a value at start-up with this message.
 *
 * @public
 */
export function wholeNumberRefusal(
  key: string,
  value: number,
  range: WholeNumberRange,
): string | undefined {
  const inRange =
    Number.isInteger(value) &&
    value >= range.min &&
    (range.max === undefined || value <= range.max);
  if (inRange) return undefined;
  const what = range.unit
    ? `a whole number of ${range.unit}`
    : 'a whole number';
  const bounds =
    range.max === undefined
      ? `of at least ${range.min}`
      : `from ${range.min} to ${range.max}`;
  return `${key}: must be ${what} ${bounds}, got ${value}`;
}

/**
 * `openchoreo.build.controlPlane.requestTimeoutMs` when unset: read by the backend plugin and by
 * the catalog module, which connect to the same control plane.
 *
 * @public
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/**
 * What `openchoreo.build.controlPlane.requestTimeoutMs` may be.
 *
 * @public
 */
export const REQUEST_TIMEOUT_RANGE: WholeNumberRange = {
  min: 1,
  max: MAX_TIMER_MS,
  unit: 'milliseconds',
};
