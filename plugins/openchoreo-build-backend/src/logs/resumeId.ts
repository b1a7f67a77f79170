/**
 * The id of a step log `line` event and the resume point it stands for.
 *
 * A bare line number (`41`) is not a stable resume point: kubelet log rotation removes the start
 * of `pods/log`, and the observer may store a long line as several entries, so counting lines
 * again from the start of whatever a source returns now lands elsewhere. The id therefore also
 * carries the last line's timestamp and how many lines up to it share that timestamp
 * (`41:2024-05-01T10:00:00.123456789Z:1`): resuming reads the source from that timestamp on and
 * drops exactly the lines already seen (the {@link TimestampCursor} every source re-read uses).
 * The line number stays first, so the next line is numbered as before. Browsers pass the id back
 * unchanged as `Last-Event-ID`; a bare number (older clients, `?lastEventId=` by hand, a line
 * without timestamp) still resumes by counting.
 */

/** A parsed `Last-Event-ID` of the log stream. */
export interface LogResumePoint {
  /** Line number of the last line the client has. */
  n: number;
  /** Its timestamp key and the count of lines up to it with that key, when the id carried them. */
  cursor?: { key: string; count: number };
}

/** A key is the fixed-width UTC form `timestampKey` produces. */
const KEY = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{9}Z';
const ID = new RegExp(`^(\\d{1,15})(?::(${KEY}):(\\d{1,9}))?$`);

/** The pattern the route validates `Last-Event-ID` / `?lastEventId=` with. */
export const LOG_EVENT_ID_PATTERN = ID;

/** The id of an event whose last line is `lastN`, with the reader's cursor after that line. */
export function formatLogEventId(
  lastN: number,
  cursor?: { key: string; count: number },
): string {
  // A cursor without a key (no line had a timestamp yet) cannot position a re-read.
  if (!cursor || !cursor.key || cursor.count < 1) return String(lastN);
  return `${lastN}:${cursor.key}:${cursor.count}`;
}

/** The resume point of an id, or undefined when it is not one of ours. */
export function parseLogEventId(id: string): LogResumePoint | undefined {
  const match = ID.exec(id);
  if (!match) return undefined;
  const n = Number(match[1]);
  if (match[2] === undefined) return { n };
  return { n, cursor: { key: match[2], count: Number(match[3]) } };
}
