import { stripAnsi } from './ansi';

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
  /** Increases on every change, for React. */
  version = 0;
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
    if (!this.ansi && text.indexOf('\u001b') !== -1) this.ansi = true;
    this.openRaw.push(text);
    this.openTs.push(ts);
    this.total += 1;
    if (this.openRaw.length === CHUNK) this.seal();
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
    this.gaps = 0;
    this.duplicates = 0;
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
