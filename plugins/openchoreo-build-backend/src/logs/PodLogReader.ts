import type { Readable } from 'node:stream';
import { scanKubeletLines, type RawLines } from './rawLines';

/** Upstream bytes buffered and taken at once (one SSE event). */
export const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * While the upstream is delivering, wait up to this many event-loop turns for more bytes before
 * handing on a chunk smaller than {@link COALESCE_BYTES}.
 */
const COALESCE_TURNS = 16;
const COALESCE_BYTES = 512 * 1024;

/** Longest line kept whole; longer ones are passed on in pieces. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** Complete lines of a `pods/log?timestamps=true` response, in the order they arrived. */
export type PodLogBatch =
  /** Lines in the kubelet's format, kept as bytes (the hot path; see rawLines.ts). */
  | { kind: 'raw'; lines: RawLines }
  /** Decoded lines (other formats, a `\r`, a piece of a runaway line or an unterminated tail). */
  | { kind: 'text'; lines: string[] };

export interface PodLogReaderOptions {
  /** Checked while waiting for more bytes; an abort ends the read with an error. */
  signal: AbortSignal;
  /** The request's `limitBytes`: a response that reached it was cut, and its last line is dropped. */
  limitBytes?: number;
  /** Told about every upstream chunk (statistics). */
  onBytes?: (bytes: number) => void;
  /**
   * The response holds the whole log (its container has finished): a last line without `\n` is
   * complete. Otherwise such a line may be cut mid-way (a follow or poll that ended while the
   * line was being written, or a proxy closing the connection): it is held back, and the next
   * read, from the cursor's second, returns it whole. Delivered early it would count as seen
   * and the rest of it would be dropped as a duplicate.
   */
  final?: boolean;
}

/**
 * The lines of `buf[start, end)` as strings (without `\n`; a trailing `\r` is removed). With
 * `terminated`, the region ends with `\n`.
 */
export function decodeLines(
  buf: Buffer,
  start: number,
  end: number,
  terminated = true,
): string[] {
  const text = buf.toString('utf8', start, terminated ? end - 1 : end);
  const parts = text.split('\n');
  for (let i = 0; i < parts.length; i += 1) {
    if (parts[i].endsWith('\r')) parts[i] = parts[i].slice(0, -1);
  }
  return parts;
}

/**
 * Turns the bytes of one `pods/log` response into batches of complete lines: takes whatever the
 * socket has buffered at once (and what arrives within a few loop turns) so that events and
 * writes are few and big, carries an unterminated line over to the next chunk, and cuts a runaway
 * line into pieces so the buffer stays bounded. It reads on only when the consumer asks for the
 * next batch, so a consumer that awaits its sink pauses the upstream.
 */
export class PodLogReader {
  private bytes = 0;
  private held = false;

  constructor(
    private readonly source: Readable,
    private readonly options: PodLogReaderOptions,
  ) {}

  /** Bytes read from the response so far. */
  get bytesRead(): number {
    return this.bytes;
  }

  /** An unterminated last line was held back (see {@link PodLogReaderOptions.final}). */
  get heldTail(): boolean {
    return this.held;
  }

  /** The response reached `limitBytes` (final once {@link PodLogReader.batches} is done). */
  get truncated(): boolean {
    const { limitBytes } = this.options;
    return limitBytes !== undefined && this.bytes >= limitBytes;
  }

  async *batches(): AsyncGenerator<PodLogBatch> {
    // Bytes of an unterminated line, carried to the next chunk.
    let pending: Buffer | undefined;
    for await (const first of this.source) {
      const chunk = await this.coalesce(pending, first as Buffer);
      // Complete lines end at the last \n; the rest waits for the next chunk.
      const limit = chunk.lastIndexOf(10) + 1;
      pending = limit < chunk.length ? chunk.subarray(limit) : undefined;
      if (pending && pending.length > MAX_LINE_BYTES) {
        // A runaway line is passed on in pieces, cut between UTF-8 sequences.
        let cut = limit + MAX_LINE_BYTES;
        while (cut > limit + 1 && (chunk[cut] & 0xc0) === 0x80) cut -= 1;
        if (limit > 0)
          yield { kind: 'text', lines: decodeLines(chunk, 0, limit) };
        yield { kind: 'text', lines: [chunk.toString('utf8', limit, cut)] };
        // Copy: a pending slice must not keep a big chunk alive.
        pending = Buffer.from(chunk.subarray(cut));
        continue;
      }
      if (pending) pending = Buffer.from(pending);
      if (limit === 0) continue;
      const starts: number[] = [];
      const ends: number[] = [];
      if (scanKubeletLines(chunk, limit, starts, ends)) {
        yield {
          kind: 'raw',
          lines: { buf: chunk, starts, ends, from: 0, count: starts.length },
        };
      } else {
        yield { kind: 'text', lines: decodeLines(chunk, 0, limit) };
      }
    }
    // A cut response ends inside a line: the next read starts again from that line's second.
    if (pending && (this.truncated || !this.options.final)) this.held = true;
    else if (pending) {
      yield {
        kind: 'text',
        lines: decodeLines(pending, 0, pending.length, false),
      };
    }
  }

  /** `pending`, `first` and whatever else is buffered or arrives within a few loop turns, as one buffer. */
  private async coalesce(
    pending: Buffer | undefined,
    first: Buffer,
  ): Promise<Buffer> {
    const parts: Buffer[] = pending ? [pending, first] : [first];
    this.count(first.length);
    let size = this.takeBuffered(parts, (pending?.length ?? 0) + first.length);
    // While the upstream is delivering (one TLS record per loop turn), let a few loop turns pass
    // and take what arrived: fewer, bigger events and writes. Idle turns take microseconds, so a
    // quiet follow is not delayed noticeably.
    for (
      let round = 0;
      round < COALESCE_TURNS && size < COALESCE_BYTES;
      round += 1
    ) {
      await new Promise(resolve => setImmediate(resolve));
      this.options.signal.throwIfAborted();
      size = this.takeBuffered(parts, size);
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
  }

  /** Appends what the stream has buffered (up to about READ_CHUNK_BYTES in all); returns the new size. */
  private takeBuffered(parts: Buffer[], size: number): number {
    let total = size;
    for (
      let more = this.read();
      more !== null;
      more = total < READ_CHUNK_BYTES ? this.read() : null
    ) {
      parts.push(more);
      total += more.length;
      this.count(more.length);
    }
    return total;
  }

  private read(): Buffer | null {
    return this.source.read() as Buffer | null;
  }

  private count(bytes: number): void {
    this.bytes += bytes;
    this.options.onBytes?.(bytes);
  }
}
