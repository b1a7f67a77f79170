/** Row geometry of the virtualized log: fixed-height rows, or wrapped rows of a monospace font. */

/** Browsers cap element heights (Firefox ~17.9M px); above this the scrollbar is scaled. */
export const MAX_DOM_HEIGHT = 10_000_000;

export interface RowLayout {
  /** Virtual height of all rows. */
  total: number;
  offsetOf(index: number): number;
  heightOf(index: number): number;
  /** Index of the row containing virtual y (clamped). */
  indexAt(y: number): number;
}

export function fixedLayout(count: number, rowHeight: number): RowLayout {
  return {
    total: count * rowHeight,
    offsetOf: i => i * rowHeight,
    heightOf: () => rowHeight,
    indexAt: y => Math.max(0, Math.min(count - 1, Math.floor(y / rowHeight))),
  };
}

/**
 * Wrapped rows: a line of `length` characters takes ceil(length / charsPerRow) rows. Prefix sums
 * are kept in a Float64Array and extended incrementally as lines arrive.
 */
export class WrappedLayoutCache {
  private prefix = new Float64Array(1024);
  private count = 0;
  private charsPerRow = 0;
  private rowHeight = 0;

  layout(
    count: number,
    charsPerRow: number,
    rowHeight: number,
    lengthOf: (i: number) => number,
  ): RowLayout {
    if (
      charsPerRow !== this.charsPerRow ||
      rowHeight !== this.rowHeight ||
      count < this.count
    ) {
      this.count = 0;
      this.charsPerRow = charsPerRow;
      this.rowHeight = rowHeight;
    }
    if (this.prefix.length < count + 1) {
      const grown = new Float64Array(
        Math.max(count + 1, this.prefix.length * 2),
      );
      grown.set(this.prefix.subarray(0, this.count + 1));
      this.prefix = grown;
    }
    for (let i = this.count; i < count; i += 1) {
      const rows = Math.max(1, Math.ceil(lengthOf(i) / charsPerRow));
      this.prefix[i + 1] = this.prefix[i] + rows * rowHeight;
    }
    this.count = count;
    const prefix = this.prefix;
    return {
      total: prefix[count],
      offsetOf: i => prefix[Math.max(0, Math.min(i, count))],
      heightOf: i => prefix[i + 1] - prefix[i],
      indexAt: y => {
        let lo = 0;
        let hi = count - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (prefix[mid] <= y) lo = mid;
          else hi = mid - 1;
        }
        return Math.max(0, lo);
      },
    };
  }
}

/** Maps between the DOM scroll position and the virtual position when the height is capped. */
export function scrollMapping(total: number, viewport: number) {
  const dom = Math.min(total, MAX_DOM_HEIGHT);
  const scaled = total > dom && dom > viewport;
  const factor = scaled ? (total - viewport) / (dom - viewport) : 1;
  return {
    domHeight: dom,
    toVirtual: (scrollTop: number) => scrollTop * factor,
    toDom: (virtual: number) => virtual / factor,
  };
}
