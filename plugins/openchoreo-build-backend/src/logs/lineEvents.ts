import { STEP_LOG_EVENTS } from '@openchoreo-build/plugin-openchoreo-build-common';
import { sseEvent } from '../http/SseWriter';
import { RawLineBatch, type LineBatch } from './lineBatch';
import { rawLinesEvent } from './rawLines';
import { formatLogEventId } from './resumeId';

/** Lines in a batch. */
export function batchLength(batch: LineBatch): number {
  return batch.raw ? batch.raw.count : batch.text.length;
}

/**
 * The `data:` lines of one `line` event: a JSON header with `n` and the timestamps, then one data
 * line per log line carrying its raw text (see `parseStepLogLinesData` in -common). A text with a
 * carriage return (a line end for SSE) switches the event to the all-JSON form.
 */
export function linesEventData(batch: LineBatch): string {
  const texts = batch.text.join('\ndata: ');
  // undefined timestamps become null in the array.
  if (texts.indexOf('\r') === -1)
    return `data: {"n":${batch.n},"ts":${JSON.stringify(
      batch.ts,
    )}}\ndata: ${texts}\n`;
  return `data: {"n":${batch.n},"ts":${JSON.stringify(
    batch.ts,
  )},"text":${JSON.stringify(batch.text)}}\n`;
}

/**
 * The whole SSE `line` event of a batch, as bytes (a shared follow writes the same buffer to
 * every follower). Its id is the last line's number and, when known, the reader's timestamp
 * position after it: the browser sends it back as Last-Event-ID (see resumeId.ts). Upstream
 * bytes in the kubelet's format go out as they came, framed (see rawLines.ts); other lines as
 * `linesEventData`, encoded as latin1 when ASCII (the same bytes, less work).
 */
export function lineEventFrame(batch: LineBatch): Buffer {
  const id = formatLogEventId(batch.n + batchLength(batch) - 1, batch.cursor);
  if (batch.raw) return rawLinesEvent(batch.raw, batch.n, id);
  return Buffer.from(
    sseEvent(STEP_LOG_EVENTS.line, linesEventData(batch), id),
    batch.ascii ? 'latin1' : 'utf8',
  );
}

/**
 * Lines `from…` of a batch (`from` counted from the batch's first line). The batch's last line
 * stays its last, so its cursor (the position after it) still holds.
 */
export function batchFrom(batch: LineBatch, from: number): LineBatch {
  if (from <= 0) return batch;
  if (batch.raw) {
    const slice = new RawLineBatch(batch.n + from, {
      ...batch.raw,
      from: batch.raw.from + from,
      count: batch.raw.count - from,
    });
    slice.cursor = batch.cursor;
    return slice;
  }
  return {
    n: batch.n + from,
    ts: batch.ts.slice(from),
    text: batch.text.slice(from),
    ascii: batch.ascii,
    cursor: batch.cursor,
  };
}
