/**
 * Whether a line with this timestamp key is new (not delivered before). `passed` turns true at the
 * first new line: from there on every line is new, so callers may skip the per-line check.
 */
export type LineFilter = ((key: string) => boolean) & {
  readonly passed: boolean;
};

/**
 * Where a reader is in a timestamp-ordered log: the last timestamp key consumed and how many lines
 * carried exactly that key. Sources that can only re-read "since a time" (the kubelet's
 * `sinceTime` has one-second precision; the observer's `startTime`) answer again lines already
 * seen; {@link TimestampCursor.filter} drops exactly those.
 */
export class TimestampCursor {
  private lastKey = '';
  private countAtLast = 0;

  /** Last timestamp key consumed ('' before the first line). */
  get key(): string {
    return this.lastKey;
  }

  /** How many consumed lines share `key`. */
  get count(): number {
    this.settle();
    return this.countAtLast;
  }

  /**
   * Puts the cursor where a client stopped (a resume point from its last event id): the next
   * re-read drops everything up to and including that line.
   */
  restore(key: string, count: number): void {
    this.tailCount = undefined;
    this.lastKey = key;
    this.countAtLast = key ? Math.max(0, count) : 0;
  }

  /** Records a consumed line. */
  observe(key: string): void {
    this.settle();
    if (key === this.lastKey) {
      this.countAtLast += 1;
    } else if (key > this.lastKey) {
      this.lastKey = key;
      this.countAtLast = 1;
    }
    // A key before the last one (clock skew in the source) keeps the position.
  }

  /**
   * A filter for one re-read that starts at or before the cursor: it drops lines older than the
   * last consumed key and the first `count` lines at exactly that key, and lets everything after
   * through. Lines without a key ('' ) are treated as belonging to the previous line's time.
   */
  filter(): LineFilter {
    this.settle();
    const boundary = this.lastKey;
    let duplicatesLeft = this.countAtLast;
    let passed = boundary === '';
    const isNew = (key: string) => {
      if (passed) return true;
      if (key === '' || key === boundary) {
        if (duplicatesLeft > 0) {
          duplicatesLeft -= 1;
          return false;
        }
        passed = true;
        return true;
      }
      if (key < boundary) return false;
      passed = true;
      return true;
    };
    // Once past the boundary everything is new: callers may skip the per-line check.
    return Object.defineProperty(isNew, 'passed', {
      get: () => passed,
    }) as LineFilter;
  }

  /**
   * Records a run of `length` consumed, ordered lines from `firstKey` to `lastKey`, like
   * {@link TimestampCursor.observeAll} without the keys of the lines in between. `tailCount` (how
   * many of the run's last lines carry `lastKey`) is only called when the count is needed (a re-read).
   */
  observeRun(
    firstKey: string,
    lastKey: string,
    length: number,
    tailCount: () => number,
  ): void {
    if (length === 0 || lastKey < this.lastKey) return;
    if (lastKey === this.lastKey && firstKey === lastKey)
      this.countAtLast += length;
    else {
      this.lastKey = lastKey;
      this.countAtLast = 0;
      this.tailCount = tailCount;
    }
  }

  private tailCount?: () => number;

  /** Resolves a pending {@link TimestampCursor.observeRun} count. */
  private settle(): void {
    if (!this.tailCount) return;
    const count = this.tailCount;
    this.tailCount = undefined;
    this.countAtLast += count();
  }

  /** Records consumed lines `keys[from…]` in bulk (only the tail matters). */
  observeAll(keys: string[], from = 0): void {
    if (keys.length <= from) return;
    this.settle();
    const last = keys[keys.length - 1];
    if (last < this.lastKey) return;
    let count = 0;
    if (keys[from] === last)
      count = keys.length - from; // keys are ordered: all equal
    else
      for (let i = keys.length - 1; i >= from && keys[i] === last; i -= 1)
        count += 1;
    if (last === this.lastKey && count === keys.length - from)
      this.countAtLast += count;
    else {
      this.lastKey = last;
      this.countAtLast = count;
    }
  }
}
