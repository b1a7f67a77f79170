import { isAscii } from 'node:buffer';
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
  /** The UTF-8 decoder may hold the start of a multi-byte sequence. */
  private pendingUtf8 = false;
  /** The last `push` (and everything pending before it) was pure ASCII. */
  lastWasAscii = false;

  constructor(private readonly maxLineChars = 1024 * 1024) {}

  /** Complete lines of this chunk (without `\n`; a trailing `\r` is removed). */
  push(chunk: Uint8Array | string): string[] {
    let decoded: string;
    const partialAscii = this.lastWasAscii || this.partial === '';
    this.lastWasAscii = false;
    if (typeof chunk === 'string') decoded = chunk;
    // Pure ASCII (most logs, ANSI included) decodes much faster as latin1; the UTF-8 decoder keeps
    // no partial sequence then, because an ASCII chunk cannot end inside one.
    else if (!this.pendingUtf8 && isAscii(chunk)) {
      decoded = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
      this.lastWasAscii = partialAscii;
    }
    else {
      decoded = this.decoder.decode(chunk, { stream: true });
      this.pendingUtf8 = !isAscii(chunk.subarray(Math.max(0, chunk.byteLength - 4)));
    }
    const text = this.partial + decoded;
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
    if (line.charCodeAt(30) === 32 && line.charCodeAt(29) === 90 && line.charCodeAt(19) === 46 && line.charCodeAt(10) === 84 && line.charCodeAt(4) === 45) {
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
