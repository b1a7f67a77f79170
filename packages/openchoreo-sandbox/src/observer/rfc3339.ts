/**
 * RFC3339 times as the observer (Go) reads and writes them: `time.Parse(time.RFC3339, …)` for the
 * request's `startTime`/`endTime`, with Go's error texts (they reach the client in a 400 answer,
 * `internal/observer/handlers/validations.go@v0.9.0`, `validateTimes`), `Time.String()` for the
 * "endTime … must be after startTime …" message, and `time.Time`'s JSON form for each entry's
 * `timestamp`.
 */

const LAYOUT = '2006-01-02T15:04:05Z07:00';

/** An instant with nanoseconds, and the UTC offset it was written with. */
export interface GoTime {
  /** Whole seconds since the epoch. */
  seconds: number;
  /** 0–999 999 999. */
  nanos: number;
  /** Offset from UTC in minutes, as written (`Z` = 0). */
  offsetMinutes: number;
}

export type ParseResult = { time: GoTime } | { error: string };

/** The layout elements of `time.RFC3339`, in order, as Go's parser walks them. */
type Element =
  | { kind: 'literal'; text: string }
  | { kind: 'number'; layout: string; digits: number; field: Field }
  | { kind: 'zone' };

type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

const ELEMENTS: Element[] = [
  { kind: 'number', layout: '2006', digits: 4, field: 'year' },
  { kind: 'literal', text: '-' },
  { kind: 'number', layout: '01', digits: 2, field: 'month' },
  { kind: 'literal', text: '-' },
  { kind: 'number', layout: '02', digits: 2, field: 'day' },
  { kind: 'literal', text: 'T' },
  { kind: 'number', layout: '15', digits: 2, field: 'hour' },
  { kind: 'literal', text: ':' },
  { kind: 'number', layout: '04', digits: 2, field: 'minute' },
  { kind: 'literal', text: ':' },
  { kind: 'number', layout: '05', digits: 2, field: 'second' },
  { kind: 'zone' },
];

/** Checked while parsing; the day is checked against its month once the whole date is read. */
type RangedField = Exclude<Field, 'year' | 'day'>;
const RANGES: Record<RangedField, [number, number]> = {
  month: [1, 12],
  hour: [0, 23],
  minute: [0, 59],
  second: [0, 59],
};

/** Go's `strconv.Quote` for the ASCII-printable texts these messages carry (others escaped as JSON does). */
function quote(text: string): string {
  return JSON.stringify(text);
}

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Go's `*time.ParseError` text. */
function cannotParse(value: string, rest: string, element: string): string {
  return `parsing time ${quote(value)} as ${quote(
    LAYOUT,
  )}: cannot parse ${quote(rest)} as ${quote(element)}`;
}

function withMessage(value: string, message: string): string {
  return `parsing time ${quote(value)}${message}`;
}

/** `time.Parse(time.RFC3339, value)`: the instant, or the error text Go gives. */
export function parseRfc3339(value: string): ParseResult {
  const fields: Record<Field, number> = {
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
  };
  let nanos = 0;
  let offsetMinutes = 0;
  let rest = value;
  for (const element of ELEMENTS) {
    if (element.kind === 'literal') {
      if (!rest.startsWith(element.text))
        return { error: cannotParse(value, rest, element.text) };
      rest = rest.slice(element.text.length);
      continue;
    }
    if (element.kind === 'zone') {
      if (rest.startsWith('Z')) {
        rest = rest.slice(1);
        continue;
      }
      const zone = /^([+-])(\d\d):(\d\d)/.exec(rest);
      if (!zone) return { error: cannotParse(value, rest, 'Z07:00') };
      const hours = Number(zone[2]);
      const minutes = Number(zone[3]);
      if (hours > 24 || minutes > 59)
        return { error: withMessage(value, ': time zone offset out of range') };
      offsetMinutes = (zone[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
      rest = rest.slice(6);
      continue;
    }
    const digits = new RegExp(`^\\d{${element.digits}}`).exec(rest);
    if (!digits) return { error: cannotParse(value, rest, element.layout) };
    const n = Number(digits[0]);
    rest = rest.slice(element.digits);
    const range =
      element.field in RANGES
        ? RANGES[element.field as RangedField]
        : undefined;
    if (range && (n < range[0] || n > range[1]))
      return { error: withMessage(value, `: ${element.field} out of range`) };
    fields[element.field] = n;
    if (element.field === 'second') {
      // Go accepts a fraction after the seconds although the layout has none (up to 9 digits kept).
      const digits9 = /^[.,](\d+)/.exec(rest);
      if (digits9) {
        nanos = Number(digits9[1].slice(0, 9).padEnd(9, '0'));
        rest = rest.slice(digits9[0].length);
      }
    }
  }
  if (rest)
    return { error: withMessage(value, `: extra text: ${quote(rest)}`) };
  if (fields.day < 1 || fields.day > daysIn(fields.month, fields.year))
    return { error: withMessage(value, ': day out of range') };
  const localMs = Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second,
  );
  return {
    time: {
      seconds: localMs / 1000 - offsetMinutes * 60,
      nanos,
      offsetMinutes,
    },
  };
}

/** `a.Before(b)`. */
export function isBefore(a: GoTime, b: GoTime): boolean {
  return (
    a.seconds < b.seconds || (a.seconds === b.seconds && a.nanos < b.nanos)
  );
}

/** Milliseconds since the epoch, truncated (what an OpenSearch `date` field keeps). */
export function epochMillis(t: GoTime): number {
  return t.seconds * 1000 + Math.floor(t.nanos / 1e6);
}

/** The fraction `.999999999` style: trailing zeros dropped, nothing when zero. */
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  return `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`. The observer runs in UTC, so an
 * offset of zero is the local zone and prints `+0000 UTC`; another offset has no zone name and Go
 * prints the offset in its place.
 */
export function goTimeString(t: GoTime): string {
  const local = new Date((t.seconds + t.offsetMinutes * 60) * 1000);
  const date = `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(
    local.getUTCDate(),
  )}`;
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(
    local.getUTCSeconds(),
  )}${fraction(t.nanos)}`;
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(t.offsetMinutes);
  const offset = `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
  return `${date} ${time} ${offset} ${t.offsetMinutes === 0 ? 'UTC' : offset}`;
}

/**
 * A `time.Time` in UTC as Go's JSON encoder writes it (RFC3339Nano: trailing zeros of the fraction
 * dropped), e.g. `2024-05-01T10:00:00.12Z` for 120 ms.
 */
export function rfc3339NanoUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 19)}${fraction((ms % 1000) * 1e6)}Z`;
}
