/**
 * Byte-level handling of `pods/log?timestamps=true` for the hot path: lines in the kubelet's own
 * format (`YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ text\n`) are located by scanning the buffer, and the SSE
 * `line` event is built straight from the upstream bytes (no decoding, no per-line strings, no
 * re-encoding). The wire form is exactly what `linesEventData` produces (see lineEvents.ts).
 */

/** Length of the kubelet's timestamp (`2024-05-01T10:00:00.123456789Z`). */
export const KUBELET_TS_LENGTH = 30;

/** Lines `from…from+count` of `buf` in the kubelet format: each starts with its timestamp. */
export interface RawLines {
  buf: Buffer;
  /** Offset of each line's first byte (its timestamp). */
  starts: number[];
  /** Offset of each line's `\n`. */
  ends: number[];
  from: number;
  count: number;
}

/** True when the line `[start, end)` starts with a kubelet timestamp and a space. */
export function hasKubeletStamp(
  buf: Buffer,
  start: number,
  end: number,
): boolean {
  return (
    end - start > KUBELET_TS_LENGTH &&
    buf[start + 30] === 32 &&
    buf[start + 29] === 90 &&
    buf[start + 19] === 46 &&
    buf[start + 10] === 84 &&
    buf[start + 4] === 45 &&
    buf[start + 7] === 45 &&
    buf[start + 13] === 58 &&
    buf[start + 16] === 58
  );
}

/**
 * Finds the complete lines of `buf[0, limit)` (`limit` just after a `\n`). Returns false when a line
 * lacks the kubelet timestamp or the region holds a `\r` (those take the general path).
 */
export function scanKubeletLines(
  buf: Buffer,
  limit: number,
  starts: number[],
  ends: number[],
): boolean {
  const cr = buf.indexOf(13);
  if (cr !== -1 && cr < limit) return false;
  let pos = 0;
  while (pos < limit) {
    const nl = buf.indexOf(10, pos);
    if (nl === -1 || nl >= limit) return false;
    if (!hasKubeletStamp(buf, pos, nl)) return false;
    starts.push(pos);
    ends.push(nl);
    pos = nl + 1;
  }
  return true;
}

/** The timestamp (= comparable key, already UTC with 9 digits) of line `i`. */
export function rawStamp(lines: RawLines, i: number): string {
  const start = lines.starts[lines.from + i];
  return lines.buf.toString('latin1', start, start + KUBELET_TS_LENGTH);
}

/** The text of line `i` (UTF-8). */
export function rawText(lines: RawLines, i: number): string {
  const k = lines.from + i;
  return lines.buf.toString(
    'utf8',
    lines.starts[k] + KUBELET_TS_LENGTH + 1,
    lines.ends[k],
  );
}

/** `data: ` as a 32-bit and a 16-bit big-endian word. */
const DATA_WORD = 0x64617461; // "data"
const COLON_SPACE_WORD = 0x3a20; // ": "

/**
 * One SSE `line` event for lines `n…` as bytes: `id` (see resumeId.ts), `event`, the JSON header with `n` and the
 * timestamps, then one `data:` line per log line with its raw text.
 */
export function rawLinesEvent(
  lines: RawLines,
  n: number,
  id: string = String(n + lines.count - 1),
): Buffer {
  const { buf, starts, ends, from, count } = lines;
  const to = from + count;
  const head = `id: ${id}\nevent: line\ndata: {"n":${n},"ts":[`;
  // Each timestamp is 30 bytes quoted and followed by a comma (none after the last), then `]}\n`;
  // each line `data: ` + text + `\n`; then the blank line that ends the event.
  let size =
    head.length + count * (KUBELET_TS_LENGTH + 3) - (count > 0 ? 1 : 0) + 3 + 1;
  for (let k = from; k < to; k += 1)
    size += 6 + (ends[k] - starts[k] - KUBELET_TS_LENGTH - 1) + 1;
  const out = Buffer.allocUnsafe(size);
  // Copied a word at a time: the per-byte loop was the hottest code of a 50 MB read (yarn bench).
  const src = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const dst = new DataView(out.buffer, out.byteOffset, out.length);
  let p = out.write(head, 0, 'latin1');
  for (let k = from; k < to; k += 1) {
    const s = starts[k];
    out[p] = 34; // "
    dst.setUint32(p + 1, src.getUint32(s));
    dst.setUint32(p + 5, src.getUint32(s + 4));
    dst.setUint32(p + 9, src.getUint32(s + 8));
    dst.setUint32(p + 13, src.getUint32(s + 12));
    dst.setUint32(p + 17, src.getUint32(s + 16));
    dst.setUint32(p + 21, src.getUint32(s + 20));
    dst.setUint32(p + 25, src.getUint32(s + 24));
    dst.setUint16(p + 29, src.getUint16(s + 28)); // KUBELET_TS_LENGTH = 30 bytes in all
    out[p + 31] = 34; // "
    out[p + 32] = 44; // ,
    p += 33;
  }
  if (count > 0) p -= 1; // no comma after the last
  out[p++] = 93; // ]
  out[p++] = 125; // }
  out[p++] = 10;
  for (let k = from; k < to; k += 1) {
    dst.setUint32(p, DATA_WORD);
    dst.setUint16(p + 4, COLON_SPACE_WORD);
    p += 6;
    const s = starts[k] + KUBELET_TS_LENGTH + 1;
    const e = ends[k] + 1; // the text with its \n
    if (e - s > 64) p += buf.copy(out, p, s, e);
    else for (let j = s; j < e; j += 1) out[p++] = buf[j];
  }
  out[p++] = 10;
  return p === size ? out : out.subarray(0, p);
}
