import type { LineBatch } from './lineBatch';
import { batchLength } from './lineEvents';

/** A reader's position by timestamp: the last key and how many lines up to it carry it. */
export interface LogCursor {
  key: string;
  count: number;
}

/**
 * Where a follower of a step's log stands: the next line number it needs, and the cursor after
 * the line before it (what its last event id carried; see resumeId.ts). A point without a cursor
 * is known by number only (a bare `Last-Event-ID`, or nothing read yet).
 */
export interface LogPoint {
  next: number;
  cursor?: LogCursor;
}

/** A cursor that can position a re-read, else undefined (no timestamp seen yet). */
function usable(cursor: LogCursor | undefined): LogCursor | undefined {
  return cursor && cursor.key && cursor.count >= 1 ? cursor : undefined;
}

/**
 * Whether two readers that are both at line `next` are at the same line of the log. Line numbers
 * alone can disagree (a reader that resumed by timestamp after the kubelet rotated the start of
 * the log away numbers on from its client's count); the cursors then differ. Where either side
 * knows only the number, the number decides, as a resume by number would.
 */
export function sameCursor(
  a: LogCursor | undefined,
  b: LogCursor | undefined,
): boolean {
  const x = usable(a);
  const y = usable(b);
  if (!x || !y) return true;
  return x.key === y.key && x.count === y.count;
}

/** The point after a batch (its last line delivered). */
export function pointAfter(batch: LineBatch): LogPoint {
  return { next: batch.n + batchLength(batch), cursor: batch.cursor };
}
