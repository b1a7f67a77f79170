import { ResponseError } from '@backstage/errors';

/** Where unreadable plan text went wrong, 1-based, as the backend's 400 names it. */
export interface TextPosition {
  line?: number;
  column?: number;
}

const positive = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0
    ? value
    : undefined;

/**
 * The line (and column) a 400 of `POST /holos/buildplans/validate` names: the error body's `at`
 * (the `HolosInputError` position, when the backend passes it on), else "at line N[, column M]"
 * (or the first "line N") in its message.
 */
export function inputErrorPosition(
  error: Error,
  message: string,
): TextPosition {
  if (error instanceof ResponseError) {
    const at = error.body?.error?.at;
    if (at && typeof at === 'object' && !Array.isArray(at)) {
      const line = positive((at as Record<string, unknown>).line);
      if (line) {
        return {
          line,
          column: positive((at as Record<string, unknown>).column),
        };
      }
    }
  }
  // "document 2 (line 9): kind … at line 10" names the field's line after "at".
  const match =
    /\bat line (\d+)(?:,? column (\d+))?/i.exec(message) ??
    /\bline (\d+)(?:,? column (\d+))?/i.exec(message);
  if (!match) return {};
  return {
    line: Number(match[1]),
    column: match[2] ? Number(match[2]) : undefined,
  };
}

/** Offsets of a 1-based line in `text`, for selecting it in the editor. */
export function lineRange(
  text: string,
  line: number,
): { start: number; end: number; content: string } | undefined {
  const lines = text.split('\n');
  if (line < 1 || line > lines.length) return undefined;
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  const content = lines[line - 1];
  return { start, end: start + content.length, content };
}
