/**
 * A bounded memory of recent webhook deliveries (insertion order; the oldest is forgotten first),
 * plus the deliveries being processed right now, so a redelivery that arrives while the first is
 * still creating runs waits for it instead of racing it.
 */
export class DeliveryCache<T> {
  private readonly done = new Map<string, T>();
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(private readonly capacity = 1000) {}

  get(key: string): T | undefined {
    return this.done.get(key);
  }

  /** Runs `work` once per key at a time; concurrent callers with the same key share its result. */
  async run(key: string, work: () => Promise<T>): Promise<{ value: T; shared: boolean }> {
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

  remember(key: string, value: T): void {
    this.done.delete(key);
    this.done.set(key, value);
    while (this.done.size > this.capacity) {
      const oldest = this.done.keys().next().value as string;
      this.done.delete(oldest);
    }
  }

  get size(): number {
    return this.done.size;
  }
}
