import { TimestampCursor } from './dedup';
import type { LineBatch } from './lineBatch';
import { batchFrom, batchLength } from './lineEvents';
import { timestampKey } from './logLines';
import type { LogCursor, LogPoint } from './logPoint';
import { rawStamp } from './rawLines';

interface Entry {
  batch: LineBatch;
  /** The cursor after the line before the batch (exact: the previous batch's, or the start's). */
  before?: LogCursor;
  bytes: number;
}

/**
 * Memory a batch holds. A batch in the kubelet's format references the whole upstream chunk it
 * was cut from, so that chunk is what it costs.
 */
function bytesOf(batch: LineBatch): number {
  if (batch.raw) return batch.raw.buf.length;
  let bytes = 0;
  for (let i = 0; i < batch.text.length; i += 1)
    bytes += batch.text[i].length + (batch.ts[i]?.length ?? 0) + 16;
  return bytes;
}

/**
 * The most recent lines of a shared follow, as the batches its reader delivered, at most
 * `maxBytes` of them (always at least the last batch). A follower joining late takes its missing
 * lines from here when they are still held; see StepLogHub.
 */
export class LineWindow {
  private readonly entries: Entry[] = [];
  private bytes = 0;
  private first: LogPoint;
  private last: LogPoint;

  /** `start`: where the reader starts (its first line will be `start.next`). */
  constructor(private readonly maxBytes: number, start: LogPoint) {
    this.first = start;
    this.last = start;
  }

  /** The first line held (= {@link LineWindow.end} while empty). */
  get start(): number {
    return this.first.next;
  }

  /** The line after the last one held: where the reader is. */
  get end(): number {
    return this.last.next;
  }

  /** The reader's position after its last line. */
  get position(): LogPoint {
    return this.last;
  }

  /** Bytes held (tests, statistics). */
  get heldBytes(): number {
    return this.bytes;
  }

  /** Adds the reader's next batch (it starts at {@link LineWindow.end}) and forgets the oldest beyond the cap. */
  push(batch: LineBatch): void {
    const bytes = bytesOf(batch);
    this.entries.push({ batch, before: this.last.cursor, bytes });
    this.bytes += bytes;
    this.last = { next: batch.n + batchLength(batch), cursor: batch.cursor };
    while (this.entries.length > 1 && this.bytes > this.maxBytes) {
      const dropped = this.entries.shift()!;
      this.bytes -= dropped.bytes;
      this.first = {
        next: dropped.batch.n + batchLength(dropped.batch),
        cursor: dropped.batch.cursor,
      };
    }
  }

  /**
   * The cursor after line `next - 1`, for `start <= next <= end`: exact at batch boundaries,
   * counted from the batch's timestamps inside one.
   */
  cursorBefore(next: number): LogCursor | undefined {
    if (next === this.first.next) return this.first.cursor;
    if (next === this.last.next) return this.last.cursor;
    const entry = this.entryOf(next - 1);
    if (!entry) return undefined;
    const { batch } = entry;
    const end = batch.n + batchLength(batch);
    if (next === end) return batch.cursor;
    // Replays the reader's cursor over the batch's lines, as the session counted them.
    const cursor = new TimestampCursor();
    if (entry.before) cursor.restore(entry.before.key, entry.before.count);
    for (let i = 0; i < next - batch.n; i += 1) {
      const key = batch.raw
        ? rawStamp(batch.raw, i)
        : timestampKey(batch.ts[i]) || cursor.key;
      cursor.observe(key);
    }
    return { key: cursor.key, count: cursor.count };
  }

  /** Lines `next…end` as batches (the first cut to start at `next`); empty when `next` is outside. */
  linesFrom(next: number): LineBatch[] {
    if (next < this.first.next || next >= this.last.next) return [];
    const out: LineBatch[] = [];
    for (const { batch } of this.entries) {
      const end = batch.n + batchLength(batch);
      if (end <= next) continue;
      out.push(batchFrom(batch, next - batch.n));
    }
    return out;
  }

  private entryOf(line: number): Entry | undefined {
    // Few entries (the cap is a few MiB of ~1 MiB upstream chunks, or many small live batches):
    // a binary search keeps a join cheap either way.
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const { batch } = this.entries[mid];
      if (line < batch.n) hi = mid - 1;
      else if (line >= batch.n + batchLength(batch)) lo = mid + 1;
      else return this.entries[mid];
    }
    return undefined;
  }
}
