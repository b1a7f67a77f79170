import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';

type SentPredicate = (options: NotificationSendOptions) => boolean;

/**
 * A notification service that keeps what it is asked to send (`sent`, in order) and tells a test
 * when a notification it waits for is sent (`sentMatching`, no polling).
 */
export class FakeNotificationService implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  private readonly waiters = new Set<{
    matches: SentPredicate;
    resolve: (options: NotificationSendOptions) => void;
  }>();
  /** When set, every send fails with it (after being kept in `sent`). */
  failWith?: Error;

  async send(options: NotificationSendOptions): Promise<void> {
    this.sent.push(options);
    for (const waiter of [...this.waiters]) {
      if (!waiter.matches(options)) continue;
      this.waiters.delete(waiter);
      waiter.resolve(options);
    }
    if (this.failWith) throw this.failWith;
  }

  /**
   * A notification service that sends through `next` (e.g. the real client of a real
   * notifications backend) and, once that is done, records here.
   */
  forwardingTo(next: NotificationService): NotificationService {
    return {
      send: async options => {
        await next.send(options);
        await this.send(options);
      },
    };
  }

  /** The first notification sent (already, or from now on) that `matches` accepts. */
  sentMatching(
    matches: SentPredicate = () => true,
  ): Promise<NotificationSendOptions> {
    const already = this.sent.find(matches);
    if (already) return Promise.resolve(already);
    return new Promise(resolve => this.waiters.add({ matches, resolve }));
  }
}
