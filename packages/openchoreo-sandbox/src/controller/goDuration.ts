/** Milliseconds per unit of Go's `time.ParseDuration`. */
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * A Go duration string (`15s`, `1h30m`, `1.5h`, `0`, `-1m`) in milliseconds, as
 * `time.ParseDuration` reads it (what `metav1.Duration` fields such as an ExternalSecret's
 * `refreshInterval` hold); undefined when Go would refuse it.
 */
export function parseGoDuration(text: string): number | undefined {
  const match = /^([-+]?)(.*)$/.exec(text)!;
  const sign = match[1] === '-' ? -1 : 1;
  const rest = match[2];
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < rest.length) {
    part.lastIndex = at;
    const found = part.exec(rest);
    if (!found) return undefined;
    total += Number(found[1]) * UNIT_MS[found[2]];
    at = part.lastIndex;
  }
  return sign * total;
}
