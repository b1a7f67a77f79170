/**
 * ANSI SGR (Select Graphic Rendition) parsing for log lines: 16 colours (+ bright), the 256-colour
 * palette, truecolor, bold / dim / italic / underline / inverse and resets. Other escape
 * sequences (cursor moves, OSC titles…) are dropped.
 */

/** Style of a run of text; absent fields mean "terminal default". */
export interface AnsiStyle {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

export interface AnsiSegment {
  text: string;
  style?: AnsiStyle;
}

/**
 * The 16 basic colours (VS Code's terminal palette), with red, blue, magenta and bright black
 * lightened so that text in them keeps a WCAG AA contrast (4.5:1) on the log's dark background.
 */
export const ANSI_16 = [
  '#000000',
  '#e95a5a',
  '#0dbc79',
  '#e5e510',
  '#4a94e8',
  '#cc5fcc',
  '#11a8cd',
  '#e5e5e5',
  '#8a8a8a',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#6aa9f0',
  '#d670d6',
  '#29b8db',
  '#ffffff',
];

const CUBE = [0, 95, 135, 175, 215, 255];
const hex2 = (n: number) => n.toString(16).padStart(2, '0');
const rgb = (r: number, g: number, b: number) =>
  `#${hex2(r)}${hex2(g)}${hex2(b)}`;

/** Colour `n` (0–255) of the xterm 256-colour palette. */
export function ansi256(n: number): string {
  if (n < 16) return ANSI_16[n];
  if (n < 232) {
    const i = n - 16;
    return rgb(
      CUBE[Math.floor(i / 36)],
      CUBE[Math.floor(i / 6) % 6],
      CUBE[i % 6],
    );
  }
  const level = 8 + (n - 232) * 10;
  return rgb(level, level, level);
}

// ESC [ params final-byte  |  ESC ] … (BEL | ESC \)  |  other two-byte escapes. No part matches a
// '\n' (an unterminated OSC ends at the end of its line), so that stripping lines joined with
// '\n' gives the stripped lines joined with '\n'.
const ESCAPE =
  // eslint-disable-next-line no-control-regex
  /\u001b(?:\[([0-9;:?]*)([@-~])|\][^\u0007\u001b\n]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;

/** The text without escape sequences (also for several lines joined with '\n', line by line). */
export function stripAnsi(text: string): string {
  return text.indexOf('\u001b') === -1 ? text : text.replace(ESCAPE, '');
}

function clamp(n: number): number {
  return Math.max(0, Math.min(255, n));
}

/** Applies one SGR parameter list to `style` (mutates a copy the caller owns). */
function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes =
    params === ''
      ? [0]
      : params.split(/[;:]/).map(p => (p === '' ? 0 : Number(p)));
  let s: AnsiStyle = { ...style };
  for (let i = 0; i < codes.length; i += 1) {
    const c = codes[i];
    if (c === 0) s = {};
    else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 7) s.inverse = true;
    else if (c === 22) {
      delete s.bold;
      delete s.dim;
    } else if (c === 23) delete s.italic;
    else if (c === 24) delete s.underline;
    else if (c === 27) delete s.inverse;
    else if (c >= 30 && c <= 37) s.fg = ANSI_16[c - 30];
    else if (c === 39) delete s.fg;
    else if (c >= 40 && c <= 47) s.bg = ANSI_16[c - 40];
    else if (c === 49) delete s.bg;
    else if (c >= 90 && c <= 97) s.fg = ANSI_16[c - 90 + 8];
    else if (c >= 100 && c <= 107) s.bg = ANSI_16[c - 100 + 8];
    else if (c === 38 || c === 48) {
      const key = c === 38 ? 'fg' : 'bg';
      if (codes[i + 1] === 5 && codes[i + 2] !== undefined) {
        s[key] = ansi256(clamp(codes[i + 2]));
        i += 2;
      } else if (codes[i + 1] === 2 && codes[i + 4] !== undefined) {
        s[key] = rgb(
          clamp(codes[i + 2]),
          clamp(codes[i + 3]),
          clamp(codes[i + 4]),
        );
        i += 4;
      } else {
        break; // malformed extended colour: ignore the rest
      }
    }
  }
  return s;
}

function isEmpty(style: AnsiStyle): boolean {
  return Object.keys(style).length === 0;
}

/** The terminal default: shared, so that "no style" is cheap to store and to compare. */
export const NO_STYLE: AnsiStyle = Object.freeze({});

/** A character of a CSI's parameters as {@link ESCAPE} reads them: 0-9 : ; ? */
function isCsiParam(code: number): boolean {
  return (code >= 0x30 && code <= 0x3b) || code === 0x3f;
}

const ESC = 0x1b;
const LEFT_BRACKET = 0x5b;
const LETTER_M = 0x6d;

/**
 * What the last SGR sequence (`ESC [ … m`) of `text` does: 'none' (the line has none), 'reset'
 * (only 0s: back to the default style) or 'style'. A backwards scan over character codes, without
 * a regex or a substring: this runs for every line with an escape sequence as it arrives.
 */
function lastSgr(text: string): 'none' | 'reset' | 'style' {
  for (let at = text.length - 2; at >= 0; at -= 1) {
    if (text.charCodeAt(at) !== ESC || text.charCodeAt(at + 1) !== LEFT_BRACKET)
      continue;
    let end = at + 2;
    let onlyZeros = true;
    for (; end < text.length; end += 1) {
      const code = text.charCodeAt(end);
      if (!isCsiParam(code)) break;
      // '0', ':' and ';' only: a reset ('' is one too).
      if (code !== 0x30 && code !== 0x3a && code !== 0x3b) onlyZeros = false;
    }
    if (text.charCodeAt(end) === LETTER_M) return onlyZeros ? 'reset' : 'style';
  }
  return 'none';
}

/**
 * The style in effect after `text` when it started in `initial` (the style the next line starts
 * in), without building segments. Cheap for the common lines: `initial` itself (the same object)
 * when the line has no SGR sequence, {@link NO_STYLE} when its last one is a reset; only lines
 * that leave a colour on are parsed.
 */
export function styleAfter(text: string, initial: AnsiStyle): AnsiStyle {
  const last = lastSgr(text);
  if (last === 'none') return initial;
  if (last === 'reset') return NO_STYLE;
  const { end } = parseAnsi(text, initial);
  return isEmpty(end) ? NO_STYLE : end;
}

/**
 * Splits a line into styled segments. `initial` is the style carried over from previous lines
 * (terminals keep SGR state across newlines); the style at the end is returned as `end`.
 */
export function parseAnsi(
  text: string,
  initial: AnsiStyle = {},
): { segments: AnsiSegment[]; end: AnsiStyle } {
  if (text.indexOf('\u001b') === -1) {
    return {
      segments: text
        ? [isEmpty(initial) ? { text } : { text, style: initial }]
        : [],
      end: initial,
    };
  }
  const segments: AnsiSegment[] = [];
  let style = initial;
  let last = 0;
  const push = (chunk: string) => {
    if (!chunk) return;
    segments.push(isEmpty(style) ? { text: chunk } : { text: chunk, style });
  };
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(text); m; m = ESCAPE.exec(text)) {
    push(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[2] === 'm') style = applySgr(style, m[1] ?? '');
  }
  push(text.slice(last));
  return { segments, end: style };
}

/** CSS for a style (inverse swaps colours; dim lowers opacity). */
export function styleToCss(
  style: AnsiStyle | undefined,
): Record<string, string | number> | undefined {
  if (!style) return undefined;
  const css: Record<string, string | number> = {};
  let { fg, bg } = style;
  if (style.inverse)
    [fg, bg] = [bg ?? 'var(--log-bg, #1e1e1e)', fg ?? 'var(--log-fg, #d4d4d4)'];
  if (fg) css.color = fg;
  if (bg) css.backgroundColor = bg;
  if (style.bold) css.fontWeight = 700;
  if (style.dim) css.opacity = 0.7;
  if (style.italic) css.fontStyle = 'italic';
  if (style.underline) css.textDecoration = 'underline';
  return css;
}
