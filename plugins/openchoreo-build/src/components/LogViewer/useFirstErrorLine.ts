import { useCallback, useEffect, useRef, useState } from 'react';
import { ERROR_LINE_RULE } from './errorLine';
import type { LogStore } from './logStore';

/** Lines scanned per timer tick in the background: a few ms, so typing and scrolling stay smooth. */
const SLICE_LINES = 65_536;

/**
 * The search for a log's first error line, resumable: lines only ever arrive at the end, so once
 * lines [0, scanned) hold no error only the newer ones need a look, and once found it stays found.
 */
export class FirstErrorScan {
  private scanned = 0;
  private found = -1;
  private generation: number;

  constructor(readonly store: LogStore) {
    this.generation = store.generation;
  }

  /** Scans up to `budget` more lines (all of them by default). */
  advance(budget = Infinity): void {
    if (this.store.generation !== this.generation) {
      this.generation = this.store.generation;
      this.scanned = 0;
      this.found = -1;
    }
    if (this.found !== -1) return;
    const to = Math.min(this.store.length, this.scanned + budget);
    this.found = this.store.firstLine(ERROR_LINE_RULE, this.scanned, to);
    this.scanned = to;
  }

  /** The 0-based first error line, once found. */
  get line(): number | undefined {
    return this.found === -1 ? undefined : this.found;
  }

  /** Whether every line that has arrived was scanned (or the error was found). */
  get settled(): boolean {
    return this.found !== -1 || this.scanned >= this.store.length;
  }
}

export interface FirstErrorLine {
  /**
   * True when every line so far was scanned and none looks like an error (the "First error"
   * button is disabled then); false while the background scan is still going or once found.
   */
  none: boolean;
  /** The 0-based first error line, scanning what is left now if needed (a click). */
  find(): number | undefined;
}

/**
 * The first line of `store` that looks like an error ({@link ERROR_LINE_RULE}). Computed
 * lazily, off the render path: after each change the lines not yet seen are scanned in timer
 * slices (a million lines without an error take tens of ms in all); a click finishes the scan at
 * once.
 */
export function useFirstErrorLine(
  store: LogStore,
  version: number,
): FirstErrorLine {
  const scanRef = useRef<FirstErrorScan>();
  if (!scanRef.current || scanRef.current.store !== store)
    scanRef.current = new FirstErrorScan(store);
  const [none, setNone] = useState(false);

  useEffect(() => {
    const scan = scanRef.current!;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = () => {
      scan.advance(SLICE_LINES);
      if (scan.settled) setNone(scan.line === undefined && store.length > 0);
      else timer = setTimeout(step, 0);
    };
    // Until the new lines are scanned the button keeps its state (no flicker while streaming).
    timer = setTimeout(step, 0);
    return () => clearTimeout(timer);
  }, [store, version]);

  const find = useCallback(() => {
    const scan = scanRef.current!;
    scan.advance();
    setNone(scan.line === undefined && store.length > 0);
    return scan.line;
  }, [store]);

  return { none, find };
}
