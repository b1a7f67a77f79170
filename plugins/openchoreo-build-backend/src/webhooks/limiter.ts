import { CustomErrorBase } from '@backstage/errors';

/** 503 with the seconds to wait, for a webhook flooded beyond its queue. */
export class WebhooksBusyError extends CustomErrorBase {
  name = 'ServiceUnavailableError' as const;
  readonly statusCode = 503;
  readonly retryAfterSeconds = 10;
}

/**
 * Bounds the deliveries handled at once. Unauthenticated callers can send bodies up to the
 * webhook limit (25 MB each), so a slot is taken before the body is read: waiting requests hold a
 * socket but no buffered body. Beyond the queue, callers are told to come back later.
 */
export class DeliveryLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxActive: number,
    private readonly maxWaiting: number,
  ) {}

  /** Resolves with a release function once a slot is free; throws WebhooksBusyError when the queue is full. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.maxActive) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new WebhooksBusyError(
          `Too many webhook deliveries at once (${this.maxActive} handled, ${this.maxWaiting} waiting); retry later`,
        );
      }
      await new Promise<void>(resolve => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next waiter, so `active` stays counted for it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    };
  }

  get stats(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}
