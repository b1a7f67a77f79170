/**
 * Timers of the emulated controllers. Every pending timer is tracked so that
 * closing the sandbox leaves nothing behind in the event loop.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly onError: (err: unknown) => void = () => {}) {}

  after(ms: number, fn: () => void): NodeJS.Timeout | undefined {
    if (this.closed) return undefined;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.run(fn);
    }, Math.max(0, ms));
    this.timers.add(timer);
    return timer;
  }

  /** Runs `fn` outside the current call stack (never inside a store listener). */
  soon(fn: () => void): void {
    this.after(0, fn);
  }

  cancel(timer: NodeJS.Timeout | undefined): void {
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private run(fn: () => void): void {
    if (this.closed) return;
    try {
      fn();
    } catch (err) {
      this.onError(err);
    }
  }
}
