/**
 * What the webhook remembers between deliveries: outcomes by delivery id, and claims on builds
 * (one component at one pushed commit) so a replay under a fresh delivery id builds nothing.
 *
 * The seam for sharing it between replicas: this process keeps it in memory
 * (`MemoryDeliveryStore`); a database-backed store implements the same interface, with `once` and
 * `claim` as an insert that fails on a duplicate key. Run labels (see WebhookService) remain the
 * fallback that survives a restart.
 */
export interface DeliveryStore<T> {
  /** The outcome remembered for a delivery key. */
  recall(key: string): Promise<T | undefined>;
  /** Runs `work` once per key at a time; concurrent callers with the same key share its result. */
  once(
    key: string,
    work: () => Promise<T>,
  ): Promise<{ value: T; shared: boolean }>;
  remember(key: string, value: T): Promise<void>;
  /** Claims a build for `ttlMs`; false when it is claimed already (built, or being built). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back: its build did not start, so a redelivery may try again. */
  release(key: string): Promise<void>;
}

/** Drops the oldest entries (insertion order) beyond `capacity`. */
function bound<V>(map: Map<string, V>, capacity: number): void {
  while (map.size > capacity) {
    const oldest = map.keys().next().value as string;
    map.delete(oldest);
  }
}

/**
 * A bounded, in-process DeliveryStore: the oldest outcomes and claims are forgotten first, and
 * the deliveries being processed right now are shared, so a redelivery that arrives while the
 * first is still creating runs waits for it instead of racing it.
 */
export class MemoryDeliveryStore<T> implements DeliveryStore<T> {
  private readonly done = new Map<string, T>();
  private readonly inFlight = new Map<string, Promise<T>>();
  private readonly claims = new Map<string, number>();

  constructor(
    private readonly capacity = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async recall(key: string): Promise<T | undefined> {
    return this.done.get(key);
  }

  async once(
    key: string,
    work: () => Promise<T>,
  ): Promise<{ value: T; shared: boolean }> {
    const running = this.inFlight.get(key);
    if (running) return { value: await running, shared: true };
    const promise = work();
    this.inFlight.set(key, promise);
    try {
      return { value: await promise, shared: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  async remember(key: string, value: T): Promise<void> {
    this.done.delete(key);
    this.done.set(key, value);
    bound(this.done, this.capacity);
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const until = this.claims.get(key);
    if (until !== undefined && until > now) return false;
    this.claims.delete(key);
    this.claims.set(key, now + ttlMs);
    // Claims outnumber deliveries (one per matched component), hence the larger bound.
    bound(this.claims, this.capacity * 10);
    return true;
  }

  async release(key: string): Promise<void> {
    this.claims.delete(key);
  }

  get size(): number {
    return this.done.size;
  }
}
