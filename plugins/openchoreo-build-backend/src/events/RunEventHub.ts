import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { NamespaceRunFeed } from './NamespaceRunFeed';

/** One feed (one upstream watch) per org, created on first use and shared by every client. */
export class RunEventHub {
  private readonly feeds = new Map<string, NamespaceRunFeed>();

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly logger: LoggerService,
  ) {}

  feed(namespace: string): NamespaceRunFeed {
    let feed = this.feeds.get(namespace);
    if (!feed) {
      feed = new NamespaceRunFeed(namespace, this.controlPlane, this.logger);
      this.feeds.set(namespace, feed);
    }
    return feed;
  }

  /** For tests and diagnostics: how many upstream watches are open. */
  activeWatchCount(): number {
    return [...this.feeds.values()].filter(f => f.isWatching).length;
  }

  close(): void {
    for (const feed of this.feeds.values()) feed.stop();
  }
}
