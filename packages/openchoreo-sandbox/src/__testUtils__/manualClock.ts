import type { ControllerClock } from '../controller/clock';

/** A controller clock that only moves when a test calls `advance`. */
export class ManualClock implements ControllerClock {
  private current: number;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 0;

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  after(ms: number, fn: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.current + Math.max(0, ms), fn, id });
    return () => {
      this.timers = this.timers.filter(t => t.id !== id);
    };
  }

  /** Timers still waiting (due at or after now). */
  pending(): number[] {
    return this.timers.map(t => t.at - this.current);
  }

  /** Moves time forward by `ms`, firing every timer due by then in order. */
  advance(ms: number): void {
    const until = this.current + ms;
    for (;;) {
      const due = this.timers
        .filter(t => t.at <= until)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter(t => t.id !== due.id);
      this.current = due.at;
      due.fn();
    }
    this.current = until;
  }
}
