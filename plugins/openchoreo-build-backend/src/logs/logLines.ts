import type { StepLogLine } from '@openchoreo-build/plugin-openchoreo-build-common';

/** A line read from a source, before it gets its ordinal. */
export interface RawLine {
  /** As the source wrote it (RFC3339 / RFC3339Nano), if any. */
  ts?: string;
  /** Comparable form of `ts`: UTC, nanosecond precision, fixed width (see {@link timestampKey}). */
  key: string;
  text: string;
}

export type { StepLogLine };

const TS =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A fixed-width UTC form of an RFC3339(Nano) timestamp (`YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`) that
 * compares correctly as a string; '' when the text is not a timestamp.
 */
export function timestampKey(ts: string | undefined): string {
  if (!ts) return '';
  const m = TS.exec(ts);
  if (!m) return '';
  const fraction = (m[2] ?? '').padEnd(9, '0');
  let seconds = m[1];
  if (m[3] !== 'Z') {
    const ms = Date.parse(`${m[1]}${m[3]}`);
    if (Number.isNaN(ms)) return '';
    seconds = new Date(ms).toISOString().slice(0, 19);
  }
  return `${seconds}.${fraction}Z`;
}

/** The whole second of a timestamp key, as `sinceTime` takes it (the kubelet has 1 s precision). */
export function secondOf(key: string): string {
  return `${key.slice(0, 19)}Z`;
}

/**
 * Splits `2024-05-01T10:00:00.123456789Z text` (what `pods/log?timestamps=true` writes) into
 * timestamp and text. A line without a timestamp prefix keeps all its text and inherits
 * `fallbackKey` so it stays in order.
 */
export function parseTimestampedLine(line: string, fallbackKey = ''): RawLine {
  const space = line.indexOf(' ');
  // Cheap shape check before the regex: `YYYY-MM-DDTHH:MM:SS...` and a space within 40 chars.
  if (
    space >= 20 &&
    space <= 40 &&
    line.charCodeAt(4) === 45 &&
    line.charCodeAt(10) === 84
  ) {
    const ts = line.slice(0, space);
    // Fast path: the kubelet's own format, already UTC with 9 fraction digits.
    const key =
      space === 30 && line.charCodeAt(29) === 90 && line.charCodeAt(19) === 46
        ? ts
        : timestampKey(ts);
    if (key) return { ts, key, text: line.slice(space + 1) };
  } else if (space === -1 && line.length >= 20 && line.length <= 40) {
    const key = timestampKey(line);
    if (key) return { ts: line, key, text: '' };
  }
  return { key: fallbackKey, text: line };
}

/** Lines in columns (what the session numbers and the SSE writer encodes). */
export interface LineColumns {
  ts: Array<string | undefined>;
  /** Comparable keys; a line without timestamp gets its predecessor's key. */
  key: string[];
  text: string[];
}

/** Parses `pods/log?timestamps=true` lines into columns. */
export function parseLines(lines: string[], fallbackKey: string): LineColumns {
  const count = lines.length;
  const ts: Array<string | undefined> = new Array(count);
  const key: string[] = new Array(count);
  const text: string[] = new Array(count);
  let previous = fallbackKey;
  for (let i = 0; i < count; i += 1) {
    const line = lines[i];
    // Fast path: the kubelet's own format `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ `.
    if (
      line.charCodeAt(30) === 32 &&
      line.charCodeAt(29) === 90 &&
      line.charCodeAt(19) === 46 &&
      line.charCodeAt(10) === 84 &&
      line.charCodeAt(4) === 45
    ) {
      const stamp = line.slice(0, 30);
      ts[i] = stamp;
      key[i] = stamp;
      text[i] = line.slice(31);
      previous = stamp;
      continue;
    }
    const parsed = parseTimestampedLine(line, previous);
    ts[i] = parsed.ts;
    key[i] = parsed.key;
    text[i] = parsed.text;
    previous = parsed.key;
  }
  return { ts, key, text };
}
