/**
 * Selected log lines and how a link names them: `line=42` (one line) or `line=10-20` (a range),
 * as the run page keeps them in its URL (`?step=…&line=10-20`).
 */

/** 1-based, inclusive lines of a step's log; `start <= end` (one line: `start === end`). */
export interface LineRange {
  start: number;
  end: number;
}

const LINE_PARAM = /^\s*([1-9]\d*)\s*(?:-\s*([1-9]\d*)\s*)?$/;

/**
 * The lines a link's `line` parameter names: `42` or `10-20` (either order: `20-10` is 10-20).
 * Undefined for a missing or malformed value (the log then opens following its end, as without
 * one).
 */
export function parseLineRange(
  value: string | null | undefined,
): LineRange | undefined {
  const match = value ? LINE_PARAM.exec(value) : null;
  if (!match) return undefined;
  const a = Number(match[1]);
  const b = match[2] === undefined ? a : Number(match[2]);
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

/** The `line` parameter for `range`: `42` for one line, `10-20` for several. */
export function formatLineRange(range: LineRange): string {
  return range.start === range.end
    ? String(range.start)
    : `${range.start}-${range.end}`;
}

/** The range from `anchor` to `line` (1-based, either order): what shift-click selects. */
export function spanLines(anchor: number, line: number): LineRange {
  return { start: Math.min(anchor, line), end: Math.max(anchor, line) };
}
