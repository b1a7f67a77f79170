import type { LineRule } from './logStore';

/**
 * Which log lines look like an error: the rule behind the log viewer's "First error" button.
 *
 * A line looks like an error when its ANSI-free text holds one of these, as a whole word:
 *
 * | What                                      | Case                 | Examples                                   |
 * | ----------------------------------------- | -------------------- | ------------------------------------------ |
 * | `error:` (with a compiler code)           | any                  | `error: x`, `Error:`, `error[E0308]:`, `error TS2304:` |
 * | `<Name>Error:` / `<Name>Exception:`       | as written           | `TypeError:`, `java.io.IOException:`       |
 * | `ERROR`, `FATAL`, `FAIL`, `FAILED`, `FAILURE` | upper case only  | `[ERROR]`, `BUILD FAILED`, `FAIL src/x`    |
 * | `fatal:`, `fatal error`                   | any                  | `fatal: not a git repository`              |
 * | `panic:`, `panicked at`                   | lower case only      | Go and Rust panics                         |
 * | `Traceback (most recent call last)`       | as written           | Python                                     |
 * | `Exception in thread "`                   | as written           | Java                                       |
 * | `npm ERR!`                                | as written           | npm                                        |
 * | an exit code or status other than 0       | any                  | `exit code 1`, `exited with status 137`, `returned a non-zero code: 2` |
 *
 * Upper case only: `Error handling`, `failed` or `Failure` are ordinary words in ordinary lines
 * (`0 failed`, `Failure threshold`); tools that report errors write the level in capitals. Not an
 * error: a word preceded by `no`, `non`, `zero` or `0` (`no error: …`, `non-fatal error`,
 * `0 FAILED`); plural counts (`0 errors`, `errors: 0`) never match.
 */

/** Letters of `word` in either case, for the parts of one regex that ignore case. */
const anyCase = (word: string) =>
  word.replace(/[a-z]/g, c => `[${c}${c.toUpperCase()}]`);

/** The rule's keywords (global: {@link findErrorWord} steps through a line's candidates). */
const ERROR_WORDS = new RegExp(
  [
    String.raw`\b${anyCase('error')}(?:\[[A-Za-z]?\d+\]| [A-Z]+\d+)?:`,
    String.raw`\b[A-Z][A-Za-z0-9]*(?:Error|Exception):`,
    String.raw`\b(?:ERROR|FATAL|FAIL(?:ED|URE)?)\b`,
    String.raw`\b${anyCase('fatal')}(?::|[ \t]+${anyCase('error')}\b)`,
    String.raw`\bpanic(?::|ked at\b)`,
    String.raw`\bTraceback \(most recent call last\)`,
    String.raw`\bException in thread "`,
    String.raw`\bnpm ERR!`,
    String.raw`\b${anyCase('exit')}(?:${anyCase('ed')})?(?:[ \t]+${anyCase(
      'with',
    )})?[ \t]+(?:${anyCase('code')}|${anyCase('status')})[ \t:=]*[1-9]\d*`,
    String.raw`\b${anyCase('non-zero')}[ \t]+(?:${anyCase(
      'exit',
    )}[ \t]+)?(?:${anyCase('code')}|${anyCase('status')})\b`,
  ].join('|'),
  'g',
);

/**
 * Lower-case stems that every keyword above contains: a line holding none of them (case folded)
 * is no error line. The log store finds these with native `indexOf` over whole chunks of lines,
 * and runs the regex only on the lines holding one (a regex scan of 1M lines took seconds).
 */
const STEMS = [
  'err',
  'exception',
  'fatal',
  'fail',
  'panic',
  'traceback',
  'exit',
  'non-zero',
] as const;

/** Zero-width at an offset preceded by a negating word: `no `, `non-`, `zero `, `0 `. */
const NEGATED = /(?<=(?:^|[ \t(\[])(?:no|non|zero|0)[ \t-]+)/iy;

/** Offset of the first error keyword of one ANSI-free line, or -1. */
export function findErrorWord(line: string): number {
  ERROR_WORDS.lastIndex = 0;
  for (let m = ERROR_WORDS.exec(line); m; m = ERROR_WORDS.exec(line)) {
    NEGATED.lastIndex = m.index;
    if (!NEGATED.test(line)) return m.index;
    // Every alternative consumes characters, so exec moves on past a negated keyword.
  }
  return -1;
}

/** Whether one ANSI-free line looks like an error (the rule above). */
export function looksLikeError(line: string): boolean {
  return findErrorWord(line) !== -1;
}

/** The rule for {@link LogStore.firstLine}: stems to find, the rule to confirm. */
export const ERROR_LINE_RULE: LineRule = {
  keywords: STEMS,
  test: looksLikeError,
};
