import type { Scheduler } from '../util/scheduler';

/**
 * Time as the run controller sees it: the current time (condition timestamps)
 * and requeue timers. Injectable so tests can step over the 20 s status
 * requeue (`controller.go@v0.9.0:251`) instead of waiting for it.
 */
export interface ControllerClock {
  now(): Date;
  /** Calls `fn` after `ms`; returns a function that cancels the call. */
  after(ms: number, fn: () => void): () => void;
}

/** The real clock, with timers owned by the sandbox's scheduler (closed with the sandbox). */
export function schedulerClock(scheduler: Scheduler): ControllerClock {
  return {
    now: () => new Date(),
    after: (ms, fn) => {
      const timer = scheduler.after(ms, fn);
      return () => scheduler.cancel(timer);
    },
  };
}
