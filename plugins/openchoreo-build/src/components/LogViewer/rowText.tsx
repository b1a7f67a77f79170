import type { ReactNode } from 'react';
import { parseAnsi, styleToCss, type AnsiSegment } from './ansi';
import type { LogStore } from './logStore';

/** The text part of a log row: ANSI segments, with search matches marked. */

/**
 * Parsed ANSI segments per line: parsed once, kept for recently shown lines. Each line starts in
 * the style earlier lines left on (`LogStore.styleAt`, recorded as lines arrive), so a colour set
 * on one line and reset lines later colours the lines between, as in a terminal.
 */
export class SegmentCache {
  private readonly map = new Map<number, AnsiSegment[]>();
  private version = -1;
  get(store: LogStore, i: number): AnsiSegment[] {
    if (store.length < this.version) this.map.clear();
    this.version = store.length;
    let segments = this.map.get(i);
    if (!segments) {
      segments = parseAnsi(store.text(i), store.styleAt(i)).segments;
      if (this.map.size > 4000) this.map.clear();
      this.map.set(i, segments);
    }
    return segments;
  }
}

export function firstMatchAtOrAfter(
  lines: Int32Array,
  count: number,
  line: number,
): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid] < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Renders segments, wrapping the characters of [start, end) ranges in <mark>. */
export function highlight(
  segments: AnsiSegment[],
  ranges: Array<{ start: number; end: number; active: boolean }>,
): ReactNode[] {
  const out: ReactNode[] = [];
  let pos = 0;
  let key = 0;
  for (const segment of segments) {
    const css = styleToCss(segment.style);
    const segStart = pos;
    const segEnd = pos + segment.text.length;
    let cursor = segStart;
    const parts: ReactNode[] = [];
    for (const range of ranges) {
      if (range.end <= cursor || range.start >= segEnd) continue;
      const from = Math.max(range.start, cursor);
      const to = Math.min(range.end, segEnd);
      if (from > cursor)
        parts.push(segment.text.slice(cursor - segStart, from - segStart));
      parts.push(
        <mark
          key={`m${key++}`}
          className={range.active ? 'oc-log-active' : undefined}
        >
          {segment.text.slice(from - segStart, to - segStart)}
        </mark>,
      );
      cursor = to;
    }
    if (cursor < segEnd) parts.push(segment.text.slice(cursor - segStart));
    if (css) {
      out.push(
        <span key={`s${key++}`} style={css}>
          {parts}
        </span>,
      );
    } else {
      out.push(...parts);
    }
    pos = segEnd;
  }
  return out;
}

export function renderPlain(segments: AnsiSegment[]): ReactNode[] {
  return segments.map((segment, k) => {
    const css = styleToCss(segment.style);
    return css ? (
      <span key={k} style={css}>
        {segment.text}
      </span>
    ) : (
      segment.text
    );
  });
}
