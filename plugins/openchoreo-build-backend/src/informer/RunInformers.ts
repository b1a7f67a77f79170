import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ComponentWorkflowRun,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { RunInformer, type RunInformerOptions } from './RunInformer';

/**
 * The run informers of the backend, one per org (one upstream list + watch each), created on
 * first use and shared by every user: `GET /events` clients subscribe to them, `GET /runs` and
 * run creation go through them.
 */
export class RunInformers {
  private readonly informers = new Map<string, RunInformer>();

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly logger: LoggerService,
    private readonly options: RunInformerOptions = {},
  ) {}

  /** The informer of one org (created, not started, on first call). */
  informer(namespace: string): RunInformer {
    let informer = this.informers.get(namespace);
    if (!informer) {
      informer = new RunInformer(
        namespace,
        this.controlPlane,
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

  /** Puts a run this backend just created into its org's informer, when that one is running. */
  observeCreated(run: ComponentWorkflowRun): void {
    const namespace = run.metadata?.namespace;
    if (namespace) this.informers.get(namespace)?.observeCreated(run);
  }

  close(): void {
    for (const informer of this.informers.values()) informer.stop();
  }
}
