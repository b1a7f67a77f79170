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
  /** Lower-cased, ANSI-free text joined with '\n', built on the first search. */
  plain?: string;
  plainStarts?: Uint32Array;
  /** Longest ANSI-free line length of the chunk (layout for wrapping). */
  lengths: Uint32Array;
}

/** Matches of a search: parallel arrays of line index and column (in the ANSI-free text). */
export interface SearchResult {
  query: string;
  lines: Int32Array;
  columns: Int32Array;
  count: number;
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

/**
 * The lines of one step's log, stored compactly: sealed chunks of 2048 lines are single strings
 * with offset tables, so a million lines are a few hundred strings instead of millions of
 * objects. Lines must arrive in order (`n` = index); a gap or a repeat is reported, not stored.
 */
export class LogStore {
  private readonly chunks: Chunk[] = [];
  private openRaw: string[] = [];
  private openTs: string[] = [];
  private openLengths: number[] = [];
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
    this.openLengths.push(
      text.indexOf('\u001b') === -1 ? text.length : stripAnsi(text).length,
    );
    this.total += 1;
    if (this.openRaw.length === CHUNK) this.seal();
  }

  private seal(): void {
    const raw = joinWithStarts(this.openRaw);
    const ts = joinWithStarts(this.openTs);
    this.chunks.push({
      raw: raw.text,
      starts: raw.starts,
      ts: ts.text,
      tsStarts: ts.starts,
      lengths: Uint32Array.from(this.openLengths),
    });
    this.openRaw = [];
    this.openTs = [];
    this.openLengths = [];
  }

  clear(): void {
    this.chunks.length = 0;
    this.openRaw = [];
    this.openTs = [];
    this.openLengths = [];
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
    const c = Math.floor(i / CHUNK);
    const chunk = this.chunks[c];
    return chunk ? chunk.lengths[i % CHUNK] : this.openLengths[i % CHUNK] ?? 0;
  }

  /** Text of lines [from, to) without escape sequences, joined with '\n' (copy / download). */
  plainText(from = 0, to = this.total): string {
    const out: string[] = [];
    for (let i = from; i < to; i += 1) out.push(stripAnsi(this.text(i)));
    return out.join('\n');
  }

  private plainOf(chunk: Chunk): { plain: string; starts: Uint32Array } {
    if (chunk.plain === undefined || !chunk.plainStarts) {
      const count = chunk.starts.length - 1;
      const lines: string[] = new Array(count);
      for (let j = 0; j < count; j += 1)
        lines[j] = stripAnsi(
          chunk.raw.substring(chunk.starts[j], chunk.starts[j + 1] - 1),
        );
      const joined = joinWithStarts(lines);
      chunk.plain = joined.text.toLowerCase();
      chunk.plainStarts = joined.starts;
    }
    return { plain: chunk.plain, starts: chunk.plainStarts };
  }

  /**
   * Every occurrence of `query` (case-insensitive, ANSI-free), in order. Sealed chunks are
   * searched as single strings with native indexOf; their ANSI-free copy is built once.
   */
  search(query: string, limit = 1_000_000): SearchResult {
    const q = query.toLowerCase();
    let lines = new Int32Array(1024);
    let columns = new Int32Array(1024);
    let count = 0;
    const add = (line: number, column: number) => {
      if (count === lines.length) {
        const grow = (a: Int32Array) => {
          const b = new Int32Array(a.length * 2);
          b.set(a);
          return b;
        };
        lines = grow(lines);
        columns = grow(columns);
      }
      lines[count] = line;
      columns[count] = column;
      count += 1;
    };
    if (q && !q.includes('\n')) {
      for (let c = 0; c < this.chunks.length && count < limit; c += 1) {
        const { plain, starts } = this.plainOf(this.chunks[c]);
        let line = 0;
        for (
          let at = plain.indexOf(q);
          at !== -1 && count < limit;
          at = plain.indexOf(q, at + q.length)
        ) {
          while (starts[line + 1] <= at) line += 1;
          add(c * CHUNK + line, at - starts[line]);
        }
      }
      const base = this.chunks.length * CHUNK;
      for (let j = 0; j < this.openRaw.length && count < limit; j += 1) {
        const plain = stripAnsi(this.openRaw[j]).toLowerCase();
        for (
          let at = plain.indexOf(q);
          at !== -1 && count < limit;
          at = plain.indexOf(q, at + q.length)
        )
          add(base + j, at);
      }
    }
    return { query, lines, columns, count };
  }
}
