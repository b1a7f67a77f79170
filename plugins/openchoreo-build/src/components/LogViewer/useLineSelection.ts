import { useCallback, useEffect, useRef, useState } from 'react';
import { spanLines, type LineRange } from './lineRange';
import type { LogStore } from './logStore';

/** Selected lines, 0-based and inclusive (the view's indexes; links are 1-based). */
export interface SelectedLines {
  start: number;
  end: number;
}

export interface LineSelectionOptions {
  store: LogStore;
  version: number;
  /** 1-based lines to select, and show once the first has arrived (from the URL). */
  initialRange?: LineRange;
  /** Called with the selected lines (1-based), to keep them in the URL. */
  onRangeLinkChange?(range: LineRange | undefined): void;
  /** Called with the first selected line (1-based): the one-line contract, kept for old callers. */
  onLineLinkChange?(line: number | undefined): void;
  /** Scrolls a 0-based line into view (and stops following the end). */
  reveal(line: number): void;
}

export interface LineSelection {
  selected?: SelectedLines;
  /**
   * Selects 0-based `line`; with `extend` (Shift), the lines from the last one selected without
   * Shift (the anchor) to `line`, in either direction.
   */
  select(line: number, extend: boolean): void;
}

/** The log's line selection: one line or a range, reported as a link and restored from one. */
export function useLineSelection(options: LineSelectionOptions): LineSelection {
  const { store, version, initialRange, reveal } = options;
  const [selected, setSelected] = useState<SelectedLines | undefined>(
    initialRange && {
      start: initialRange.start - 1,
      end: initialRange.end - 1,
    },
  );
  const anchor = useRef(initialRange && initialRange.start - 1);
  const pendingReveal = useRef(initialRange?.start);

  // The callbacks live in a ref: `select` stays the same function, so the memoized rows do not
  // re-render when a parent passes new callbacks.
  const callbacks = useRef(options);
  callbacks.current = options;

  // Show the linked lines once the first of them has arrived.
  useEffect(() => {
    const line = pendingReveal.current;
    if (line === undefined || store.length < line) return;
    pendingReveal.current = undefined;
    reveal(line - 1);
  }, [store, version, reveal]);

  const select = useCallback((line: number, extend: boolean) => {
    if (!extend || anchor.current === undefined) anchor.current = line;
    const range = spanLines(anchor.current + 1, line + 1);
    setSelected({ start: range.start - 1, end: range.end - 1 });
    callbacks.current.onRangeLinkChange?.(range);
    callbacks.current.onLineLinkChange?.(range.start);
  }, []);

  return { selected, select };
}
