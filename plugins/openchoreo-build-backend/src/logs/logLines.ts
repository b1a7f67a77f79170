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

const TS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

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
  if (space >= 20 && space <= 40 && line.charCodeAt(4) === 45 && line.charCodeAt(10) === 84) {
    const ts = line.slice(0, space);
    // Fast path: the kubelet's own format, already UTC with 9 fraction digits.
    const key = space === 30 && line.charCodeAt(29) === 90 && line.charCodeAt(19) === 46 ? ts : timestampKey(ts);
    if (key) return { ts, key, text: line.slice(space + 1) };
  } else if (space === -1 && line.length >= 20 && line.length <= 40) {
    const key = timestampKey(line);
    if (key) return { ts: line, key, text: '' };
  }
  return { key: fallbackKey, text: line };
}

/**
 * Cuts a byte stream into lines. Chunks may split lines and UTF-8 sequences anywhere. A line
 * longer than `maxLineBytes` is emitted in pieces so a runaway line cannot grow the buffer
 * without bound.
 */
export class LineSplitter {
  private partial = '';
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly maxLineChars = 1024 * 1024) {}

  /** Complete lines of this chunk (without `\n`; a trailing `\r` is removed). */
  push(chunk: Uint8Array | string): string[] {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    const out: string[] = [];
    for (const part of parts) out.push(part.endsWith('\r') ? part.slice(0, -1) : part);
    while (this.partial.length > this.maxLineChars) {
      out.push(this.partial.slice(0, this.maxLineChars));
      this.partial = this.partial.slice(this.maxLineChars);
    }
    return out;
  }

  /** The unterminated rest, if any (call when the source ended normally). */
  flush(): string[] {
    const rest = this.partial + this.decoder.decode();
    this.partial = '';
    return rest ? [rest] : [];
  }

  /** Drops an unterminated rest (e.g. a response cut by `limitBytes`). */
  discard(): void {
    this.partial = '';
    this.decoder.decode();
  }
}
