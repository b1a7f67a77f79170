import { NO_STYLE, stripAnsi, styleAfter, type AnsiStyle } from './ansi';

/** Lines per sealed chunk. */
const CHUNK = 2048;

interface Chunk {
  /** Raw lines joined with '\n' (one string per chunk keeps 1M lines cheap for the GC). */
  raw: string;
  /** Start of line i in `raw`; `starts[count]` = raw.length + 1. */
  starts: Uint32Array;
  /** Timestamps joined with '\n' ('' for lines without one). */
  ts: string;
  tsStarts: Uint32Array;
  /**
   * The ANSI-free lines joined with '\n', case-folded ({@link foldCase}): what search scans.
   * Built when the chunk is sealed (one regex pass and one lower-casing of the joined string,
   * ~0.2 ms per chunk), so the first search finds it ready: building it line by line on the first
   * search took most of that search's time (~1.5 s for 1M lines).
   */
  folded: string;
  /**
   * Start of line i in `folded`; `plainStarts[count]` = folded.length + 1 (`starts` itself when
   * the chunk has no escape sequences). Folding keeps lengths, so this also gives the ANSI-free
   * length of each line (wrapping).
   */
  plainStarts: Uint32Array;
}

/** Which lines {@link LogStore.firstLine} looks for. */
export interface LineRule {
  /**
   * Lower-case words of which a matching line holds at least one (case folded, ANSI-free): the
   * store finds them with `indexOf` over whole chunks and tests only the lines holding one.
   */
  keywords: readonly string[];
  /** Whether an ANSI-free line (one holding a keyword) matches. */
  test(line: string): boolean;
}

/** Matches of a search: parallel arrays of line index and column (in the ANSI-free text). */
export interface SearchResult {
  query: string;
  lines: Int32Array;
  columns: Int32Array;
  count: number;
}

/**
 * Case folding for search: lower case, with U+0130 (capital I with dot) as plain 'i'. That is the
 * only character whose `toLowerCase()` is longer than itself ('i' + U+0307); mapping it to one
 * character keeps folded texts exactly as long as the ANSI-free ones, so a match's column in the
 * folded text is its column in the displayed text.
 */
export function foldCase(text: string): string {
  return (
    text.indexOf('\u0130') === -1 ? text : text.replace(/\u0130/g, 'i')
  ).toLowerCase();
}

/**
 * Offsets of the `count` lines of `text` (joined with '\n'), as in {@link joinWithStarts};
 * undefined when `text` does not hold exactly count - 1 newlines (a line had one of its own).
 */
function lineStarts(text: string, count: number): Uint32Array | undefined {
  const starts = new Uint32Array(count + 1);
  let pos = 0;
  for (let j = 1; j < count; j += 1) {
    pos = text.indexOf('\n', pos) + 1;
    if (pos === 0) return undefined;
    starts[j] = pos;
  }
  if (text.indexOf('\n', pos) !== -1) return undefined;
  starts[count] = text.length + 1;
  return starts;
}

/** The ANSI-free text of a chunk's joined lines and its line offsets. */
function plainOf(
  raw: string,
  starts: Uint32Array,
  lines: string[],
): { text: string; starts: Uint32Array } {
  if (raw.indexOf('\u001b') === -1) return { text: raw, starts };
  // One pass over the joined lines (stripAnsi never matches across a '\n').
  const text = stripAnsi(raw);
  const plainStarts = lineStarts(text, lines.length);
  return plainStarts
    ? { text, starts: plainStarts }
    : joinWithStarts(lines.map(stripAnsi));
}

function joinWithStarts(items: string[]): {
  text: string;
  starts: Uint32Array;
} {
  const starts = new Uint32Array(items.length + 1);
  let pos = 0;
  for (let i = 0; i < items.length; i += 1) {
    starts[i] = pos;
    pos += items[i].length + 1;
  }
  starts[items.length] = pos;
  return { text: items.join('\n'), starts };
}

/** The line of a chunk holding offset `at`: the last j in [from, count) with starts[j] <= at. */
function lineAt(
  starts: Uint32Array,
  at: number,
  from: number,
  count: number,
): number {
  let lo = from;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  return (
    a.fg === b.fg &&
    a.bg === b.bg &&
    a.bold === b.bold &&
    a.dim === b.dim &&
    a.italic === b.italic &&
    a.underline === b.underline &&
    a.inverse === b.inverse
  );
}

/** Growable parallel arrays of (line, column) matches, without an object per match. */
class MatchList {
  lines = new Int32Array(1024);
  columns = new Int32Array(1024);
  count = 0;

  add(line: number, column: number): void {
    if (this.count === this.lines.length) {
      const lines = new Int32Array(this.count * 2);
      const columns = new Int32Array(this.count * 2);
      lines.set(this.lines);
      columns.set(this.columns);
      this.lines = lines;
      this.columns = columns;
    }
    this.lines[this.count] = line;
    this.columns[this.count] = column;
    this.count += 1;
  }
}

/**
 * The lines of one step's log, stored compactly: sealed chunks of 2048 lines are single strings
 * with offset tables, so a million lines are a few hundred strings instead of millions of
 * objects. Lines must arrive in order (`n` = index); a gap or a repeat is reported, not stored.
 */
export class LogStore {
  private readonly chunks: Chunk[] = [];
  private openRaw: string[] = [];
  private openTs: string[] = [];
  private total = 0;
  private ansi = false;
  /** The style the last line left on: the one the next line starts in (SGR state carries on). */
  private tailStyle: AnsiStyle = NO_STYLE;
  /**
   * Where the carried style changes: from line `styleRunLines[k]` on, lines start in
   * `styleRunStyles[k]` (ascending). Only lines after one that changed the style add an entry, so
   * a log whose lines reset their colours has none.
   */
  private styleRunLines: number[] = [];
  private styleRunStyles: AnsiStyle[] = [];
  /** Increases on every change, for React. */
  version = 0;
  /** Increases on every {@link LogStore.clear}: lines seen before belong to another log. */
  generation = 0;
  /** Lines whose `n` did not follow the previous line (should stay 0). */
  gaps = 0;
  duplicates = 0;

  get length(): number {
    return this.total;
  }

  /** True once any line contained an escape sequence. */
  get hasAnsi(): boolean {
    return this.ansi;
  }

  /** Appends lines; `n` must be the next index (earlier ones are ignored as duplicates). */
  append(lines: Array<{ n: number; ts?: string; text: string }>): number {
    let added = 0;
    for (const line of lines) {
      if (line.n < this.total) {
        this.duplicates += 1;
        continue;
      }
      if (line.n > this.total) this.gaps += line.n - this.total;
      this.pushRaw(line.text, line.ts ?? '');
      added += 1;
    }
    if (added) this.version += 1;
    return added;
  }

  /** Appends plain texts without timestamps (tests, benchmarks). */
  appendTexts(texts: string[], ts = ''): void {
    for (const text of texts) this.pushRaw(text, ts);
    this.version += 1;
  }

  private pushRaw(text: string, ts: string): void {
    if (text.indexOf('\u001b') !== -1) {
      this.ansi = true;
      this.carryStyle(text);
    }
    this.openRaw.push(text);
    this.openTs.push(ts);
    this.total += 1;
    if (this.openRaw.length === CHUNK) this.seal();
  }

  /** Records the style `text` (line `this.total`) leaves on for the lines after it. */
  private carryStyle(text: string): void {
    const after = styleAfter(text, this.tailStyle);
    if (after === this.tailStyle || sameStyle(after, this.tailStyle)) return;
    this.tailStyle = after;
    this.styleRunLines.push(this.total + 1);
    this.styleRunStyles.push(after);
  }

  private seal(): void {
    const raw = joinWithStarts(this.openRaw);
    const ts = joinWithStarts(this.openTs);
    const plain = plainOf(raw.text, raw.starts, this.openRaw);
    this.chunks.push({
      raw: raw.text,
      starts: raw.starts,
      ts: ts.text,
      tsStarts: ts.starts,
      folded: foldCase(plain.text),
      plainStarts: plain.starts,
    });
    this.openRaw = [];
    this.openTs = [];
  }

  clear(): void {
    this.chunks.length = 0;
    this.openRaw = [];
    this.openTs = [];
    this.total = 0;
    this.ansi = false;
    this.tailStyle = NO_STYLE;
    this.styleRunLines = [];
    this.styleRunStyles = [];
    this.gaps = 0;
    this.duplicates = 0;
    this.generation += 1;
    this.version += 1;
  }

  /** Raw text (with escape sequences) of line `i`. */
  text(i: number): string {
    const c = Math.floor(i / CHUNK);
    const j = i % CHUNK;
    const chunk = this.chunks[c];
    if (!chunk) return this.openRaw[j] ?? '';
    return chunk.raw.substring(chunk.starts[j], chunk.starts[j + 1] - 1);
  }

  /**
   * The ANSI style line `i` starts in: what earlier lines left on (a colour set on one line and
   * reset on a later one colours the lines between). Binary search over the style changes.
   */
  styleAt(i: number): AnsiStyle {
    const lines = this.styleRunLines;
    if (lines.length === 0 || lines[0] > i) return NO_STYLE;
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.styleRunStyles[lo];
  }

  timestamp(i: number): string | undefined {
    const c = Math.floor(i / CHUNK);
    const j = i % CHUNK;
    const chunk = this.chunks[c];
    const value = chunk
      ? chunk.ts.substring(chunk.tsStarts[j], chunk.tsStarts[j + 1] - 1)
      : this.openTs[j];
    return value || undefined;
  }

  /** Length of line `i` without escape sequences (for wrapping). */
  plainLength(i: number): number {
    const j = i % CHUNK;
    const chunk = this.chunks[Math.floor(i / CHUNK)];
    if (!chunk) return stripAnsi(this.openRaw[j] ?? '').length;
    return chunk.plainStarts[j + 1] - chunk.plainStarts[j] - 1;
  }

  /** Text of lines [from, to) without escape sequences, joined with '\n' (copy / download). */
  plainText(from = 0, to = this.total): string {
    const out: string[] = [];
    for (let i = from; i < to; i += 1) out.push(stripAnsi(this.text(i)));
    return out.join('\n');
  }

  /**
   * The first line in [from, to) that `rule` matches, or -1. Each sealed chunk's folded text is
   * searched for the rule's keywords with native `indexOf` (as {@link LogStore.search} does);
   * only the lines holding one are tested, so a million lines without any cost tens of ms.
   */
  firstLine(rule: LineRule, from = 0, to = this.total): number {
    const end = Math.min(to, this.total);
    const sealedEnd = Math.min(end, this.chunks.length * CHUNK);
    for (let i = Math.max(0, from); i < sealedEnd; ) {
      const c = Math.floor(i / CHUNK);
      const base = c * CHUNK;
      const last = Math.min(CHUNK, sealedEnd - base);
      const found = this.firstInChunk(rule, c, i - base, last);
      if (found !== -1) return base + found;
      i = base + last;
    }
    for (let i = Math.max(from, sealedEnd); i < end; i += 1) {
      const plain = stripAnsi(this.openRaw[i % CHUNK]);
      const folded = foldCase(plain);
      if (rule.keywords.some(k => folded.includes(k)) && rule.test(plain))
        return i;
    }
    return -1;
  }

  /** The first line in [from, to) of sealed chunk `c` that `rule` matches, or -1. */
  private firstInChunk(
    rule: LineRule,
    c: number,
    from: number,
    to: number,
  ): number {
    const { folded, plainStarts } = this.chunks[c];
    const limit = plainStarts[to] - 1;
    // Next occurrence of each keyword at or after `at` (-1: none left in range).
    let at = plainStarts[from];
    const next = rule.keywords.map(k => folded.indexOf(k, at));
    for (;;) {
      let hit = -1;
      for (const offset of next)
        if (offset !== -1 && (hit === -1 || offset < hit)) hit = offset;
      if (hit === -1 || hit >= limit) return -1;
      const line = lineAt(plainStarts, hit, from, to);
      if (rule.test(stripAnsi(this.text(c * CHUNK + line)))) return line;
      at = plainStarts[line + 1];
      for (let k = 0; k < next.length; k += 1)
        if (next[k] !== -1 && next[k] < at)
          next[k] = folded.indexOf(rule.keywords[k], at);
    }
  }

  /**
   * Every occurrence of `query` (case-insensitive, ANSI-free), in order. Each sealed chunk is one
   * folded string scanned with native indexOf; a match offset maps to its line by binary search
   * in the chunk's offset table. No string is built per line or per match.
   */
  search(query: string, limit = 1_000_000): SearchResult {
    const q = foldCase(query);
    const matches = new MatchList();
    // Log lines are split at newlines: a query holding one would only match across the '\n'
    // separators of a chunk, i.e. across lines.
    if (q && !q.includes('\n')) {
      for (let c = 0; c < this.chunks.length && matches.count < limit; c += 1) {
        const { folded, plainStarts } = this.chunks[c];
        const lineCount = plainStarts.length - 1;
        let line = 0;
        for (
          let at = folded.indexOf(q);
          at !== -1 && matches.count < limit;
          at = folded.indexOf(q, at + q.length)
        ) {
          line = lineAt(plainStarts, at, line, lineCount);
          matches.add(c * CHUNK + line, at - plainStarts[line]);
        }
      }
      const base = this.chunks.length * CHUNK;
      for (
        let j = 0;
        j < this.openRaw.length && matches.count < limit;
        j += 1
      ) {
        const folded = foldCase(stripAnsi(this.openRaw[j]));
        for (
          let at = folded.indexOf(q);
          at !== -1 && matches.count < limit;
          at = folded.indexOf(q, at + q.length)
        )
          matches.add(base + j, at);
      }
    }
    return {
      query,
      lines: matches.lines,
      columns: matches.columns,
      count: matches.count,
    };
  }
}
