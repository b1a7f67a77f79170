/**
 * A small least-recently-used map: `get` refreshes an entry, `set` evicts the oldest entries past
 * `capacity` and tells `onEvict`, so whatever else holds on to them (ajv's own schema cache) can
 * let go too. Used for compiled parameter schemas (backend and Start build form) and the backend's
 * archived-run cache.
 *
 * @public
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(
    readonly capacity: number,
    private readonly onEvict: (value: V, key: K) => void = () => {},
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(
        `LRU capacity must be a positive integer, got ${capacity}`,
      );
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: re-inserting makes the entry the newest.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    const previous = this.entries.get(key);
    this.entries.delete(key);
    this.entries.set(key, value);
    if (previous !== undefined && previous !== value)
      this.onEvict(previous, key);
    while (this.entries.size > this.capacity) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldestKey);
      this.onEvict(oldest, oldestKey);
    }
  }

  clear(): void {
    for (const [key, value] of [...this.entries]) {
      this.entries.delete(key);
      this.onEvict(value, key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
