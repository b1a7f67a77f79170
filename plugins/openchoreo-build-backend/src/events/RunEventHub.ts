import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ComponentWorkflowRun, RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { NamespaceRunFeed, type RunFeedOptions } from './NamespaceRunFeed';

/**
 * One run cache + feed (one upstream list/watch) per org, created on first use and shared by every
 * user: `GET /events` clients subscribe to it, `GET /runs` answers from it.
 */
export class RunEventHub {
  private readonly feeds = new Map<string, NamespaceRunFeed>();

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly logger: LoggerService,
    private readonly options: RunFeedOptions = {},
  ) {}

  feed(namespace: string): NamespaceRunFeed {
    let feed = this.feeds.get(namespace);
    if (!feed) {
      feed = new NamespaceRunFeed(namespace, this.controlPlane, this.logger, this.options);
      this.feeds.set(namespace, feed);
    }
    return feed;
  }

  /** Every run of one org, newest first, from its cache (started and awaited if needed). */
  runs(namespace: string): Promise<readonly RunSummary[]> {
    return this.feed(namespace).snapshot();
  }

  /** Puts a run this backend just created into its org's cache, when that cache is running. */
  observeCreated(run: ComponentWorkflowRun): void {
    const namespace = run.metadata?.namespace;
    if (namespace) this.feeds.get(namespace)?.observeCreated(run);
  }

  /** For tests and diagnostics: how many upstream watches are open. */
  activeWatchCount(): number {
    return [...this.feeds.values()].filter(f => f.isWatching).length;
  }

  close(): void {
    for (const feed of this.feeds.values()) feed.stop();
  }
}
