/** Seconds from `time` (RFC 3339) to `now` (ms); undefined when `time` is absent or unreadable. */
export function secondsSince(
  now: number,
  time: string | undefined,
): number | undefined {
  if (!time) return undefined;
  const at = Date.parse(time);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.floor((now - at) / 1000));
}

/** "45 seconds", "3 minutes", "2 hours", "4 days": how long something has waited. */
export function describeDuration(seconds: number): string {
  const unit = (value: number, name: string) =>
    `${value} ${name}${value === 1 ? '' : 's'}`;
  if (seconds < 90) return unit(seconds, 'second');
  if (seconds < 90 * 60) return unit(Math.round(seconds / 60), 'minute');
  if (seconds < 36 * 3600) return unit(Math.round(seconds / 3600), 'hour');
  return unit(Math.round(seconds / 86400), 'day');
}
