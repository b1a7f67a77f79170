import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlane } from '../controlplane/ControlPlane';
import type { BuildRun } from '../runs/buildRun';
import type { RunReader } from '../runs/RunReader';
import { DEFAULT_LIMITS, type StreamCap } from '../config/pluginConfig';
import { StreamLimiter } from '../http/streamLimits';
import { RunInformer, type RunInformerOptions } from './RunInformer';

export interface RunInformersOptions extends RunInformerOptions {
  /** `openchoreo.build.limits.eventStreams`: open `GET /events` streams per caller and in all. */
  streams?: StreamCap;
}

/**
 * The run informers of the backend, one per org (one upstream list + watch each), created on
 * first use and shared by every user: `GET /events` clients subscribe to them, `GET /runs` and
 * run creation go through them.
 */
export class RunInformers {
  private readonly informers = new Map<string, RunInformer>();
  /** Caps open `GET /events` streams (429 beyond). */
  readonly streams: StreamLimiter;

  constructor(
    /** A ControlPlane reads v0 runs only; a RunReader reads each org in its generation. */
    private readonly runsOf: ControlPlane | RunReader,
    private readonly logger: LoggerService,
    private readonly options: RunInformersOptions = {},
  ) {
    this.streams = new StreamLimiter(
      options.streams ?? DEFAULT_LIMITS.eventStreams,
      {
        what: 'event streams',
        configKey: 'openchoreo.build.limits.eventStreams',
      },
    );
  }

  /** The informer of one org (created, not started, on first call). */
  informer(namespace: string): RunInformer {
    let informer = this.informers.get(namespace);
    if (!informer) {
      informer = new RunInformer(
        namespace,
        this.runsOf,
        this.logger,
        this.options,
      );
      this.informers.set(namespace, informer);
    }
    return informer;
  }

  /** Every run of one org, newest first, from its informer (started and awaited if needed). */
  runs(namespace: string): Promise<readonly RunSummary[]> {
    return this.informer(namespace).snapshot();
  }

  /** One run of each component of an org (after `runs(namespace)`): see RunInformer.componentRuns. */
  componentRuns(namespace: string): RunSummary[] {
    return this.informer(namespace).componentRuns();
  }

  /** Puts a run this backend just created into its org's informer, when that one is running. */
  observeCreated(run: BuildRun): void {
    if (run.namespace) this.informers.get(run.namespace)?.observeCreated(run);
  }

  /** Backend shutdown: open `/events` streams end with a final event, then the watches stop. */
  close(): void {
    for (const informer of this.informers.values())
      informer.shutdown('The backend is shutting down; reconnect to resume');
  }
}
