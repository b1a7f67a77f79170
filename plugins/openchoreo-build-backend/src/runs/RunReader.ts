import type {
  ApiGeneration,
  ComponentWorkflowRun,
  KubernetesStatus,
  KubernetesWatchEvent,
  WorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlane } from '../controlplane/ControlPlane';
import type { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import type { GenerationDetector } from '../controlplane/GenerationDetector';
import type { ListOptions, WatchHandle } from '../kubernetes/KubernetesClient';
import {
  fromComponentWorkflowRun,
  fromWorkflowRun,
  workflowRefOf,
  type BuildRun,
} from './buildRun';
import { NotFoundError } from '@backstage/errors';
import { deletionReason } from '../runRecords/deletionReason';
import { buildRunFromRecord } from '../runRecords/recordedRun';
import type { RunRecordStore } from '../runRecords/RunRecordStore';
import { RepositoryPathResolver } from './repositoryPaths';

/** A watch event of a run source: a run (converted) or the API server's error status. */
export type BuildRunWatchEvent =
  | {
      type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
      run: BuildRun;
    }
  | { type: 'ERROR'; status: KubernetesStatus };

/** One page of a run list. */
export interface BuildRunPage {
  items: BuildRun[];
  continueToken?: string;
  resourceVersion?: string;
}

/** The runs of one generation in the control plane, read as {@link BuildRun}s. */
export interface RunSource {
  readonly generation: ApiGeneration;
  /** e.g. `ComponentWorkflowRuns`, for messages. */
  readonly kindPlural: string;
  get(namespace: string, name: string): Promise<BuildRun>;
  list(namespace: string, options: ListOptions): Promise<BuildRunPage>;
  watch(
    namespace: string,
    resourceVersion: string | undefined,
    onEvent: (event: BuildRunWatchEvent) => void,
    onClose: (error?: Error) => void,
  ): Promise<WatchHandle>;
}

/** v0.x: `ComponentWorkflowRun`s; converting needs nothing else, so events pass through at once. */
class ComponentWorkflowRunSource implements RunSource {
  readonly generation = 'v0';
  readonly kindPlural = 'ComponentWorkflowRuns';

  constructor(
    private readonly controlPlane: Pick<
      ControlPlane,
      'getRun' | 'listRuns' | 'watchRuns'
    >,
  ) {}

  async get(namespace: string, name: string): Promise<BuildRun> {
    return fromComponentWorkflowRun(
      await this.controlPlane.getRun(namespace, name),
    );
  }

  async list(namespace: string, options: ListOptions): Promise<BuildRunPage> {
    const page = await this.controlPlane.listRuns(namespace, options);
    return {
      items: page.items.map(fromComponentWorkflowRun),
      continueToken: page.metadata?.continue || undefined,
      resourceVersion: page.metadata?.resourceVersion,
    };
  }

  watch(
    namespace: string,
    resourceVersion: string | undefined,
    onEvent: (event: BuildRunWatchEvent) => void,
    onClose: (error?: Error) => void,
  ): Promise<WatchHandle> {
    return this.controlPlane.watchRuns(
      namespace,
      resourceVersion,
      (event: KubernetesWatchEvent<ComponentWorkflowRun>) =>
        onEvent(
          event.type === 'ERROR'
            ? { type: 'ERROR', status: event.object as KubernetesStatus }
            : {
                type: event.type,
                run: fromComponentWorkflowRun(
                  event.object as ComponentWorkflowRun,
                ),
              },
        ),
      onClose,
    );
  }
}

/**
 * v1.x: `WorkflowRun`s. Reading the repository needs the marked fields of the run's Workflow
 * (an async, cached read), so watch events are converted one after the other and delivered in
 * the order the API server sent them.
 */
class WorkflowRunSource implements RunSource {
  readonly generation = 'v1';
  readonly kindPlural = 'WorkflowRuns';

  constructor(
    private readonly controlPlane: ControlPlaneV1,
    private readonly paths: RepositoryPathResolver,
  ) {}

  async convert(run: WorkflowRun): Promise<BuildRun> {
    const namespace = run.metadata?.namespace ?? '';
    return fromWorkflowRun(
      run,
      await this.paths.pathsFor(namespace, workflowRefOf(run)),
    );
  }

  async get(namespace: string, name: string): Promise<BuildRun> {
    return this.convert(await this.controlPlane.getRun(namespace, name));
  }

  async list(namespace: string, options: ListOptions): Promise<BuildRunPage> {
    const page = await this.controlPlane.listRuns(namespace, options);
    return {
      items: await Promise.all(page.items.map(run => this.convert(run))),
      continueToken: page.metadata?.continue || undefined,
      resourceVersion: page.metadata?.resourceVersion,
    };
  }

  watch(
    namespace: string,
    resourceVersion: string | undefined,
    onEvent: (event: BuildRunWatchEvent) => void,
    onClose: (error?: Error) => void,
  ): Promise<WatchHandle> {
    let queue = Promise.resolve();
    const inOrder = (deliver: () => Promise<void> | void) => {
      queue = queue.then(deliver, deliver);
    };
    return this.controlPlane.watchRuns(
      namespace,
      resourceVersion,
      event =>
        inOrder(async () => {
          if (event.type === 'ERROR') {
            onEvent({
              type: 'ERROR',
              status: event.object as KubernetesStatus,
            });
            return;
          }
          onEvent({
            type: event.type,
            run: await this.convert(event.object as WorkflowRun),
          });
        }),
      error => inOrder(() => onClose(error)),
    );
  }
}

/** What the v1 adapter needs; without it every organization is read as v0. */
export interface RunReaderV1 {
  controlPlane: ControlPlaneV1;
  generations: GenerationDetector;
}

/**
 * Reads runs in the generation each organization speaks (`GenerationDetector.of`, once per call):
 * v0 `ComponentWorkflowRun`s or v1 `WorkflowRun`s, both as {@link BuildRun}s.
 */
export class RunReader {
  private readonly v0: ComponentWorkflowRunSource;
  private readonly v1Source?: WorkflowRunSource;

  constructor(
    controlPlane: Pick<ControlPlane, 'getRun' | 'listRuns' | 'watchRuns'>,
    readonly v1?: RunReaderV1,
    /**
     * The portal's run record: a run the control plane deleted (v1.x `ttlAfterCompletion`) is
     * answered from it, marked `deleted`.
     */
    private readonly records?: Pick<RunRecordStore, 'get'>,
  ) {
    this.v0 = new ComponentWorkflowRunSource(controlPlane);
    if (v1) {
      this.v1Source = new WorkflowRunSource(
        v1.controlPlane,
        new RepositoryPathResolver(v1.controlPlane),
      );
    }
  }

  /** The generation of an organization ('v0' when this backend has no v1 adapter). */
  async generationOf(namespace: string): Promise<ApiGeneration> {
    return this.v1 ? this.v1.generations.of(namespace) : 'v0';
  }

  /** The run source of an organization's generation. */
  async sourceFor(namespace: string): Promise<RunSource> {
    const generation = await this.generationOf(namespace);
    return generation === 'v1' && this.v1Source ? this.v1Source : this.v0;
  }

  /**
   * One run: the object, else the record of a run the control plane deleted (NotFoundError when
   * neither exists). A record not yet marked (the recorder writes a moment after the watch told
   * it, or the object vanished while nobody watched) is answered as deleted now, for the reason its
   * last recorded status gives.
   */
  async get(namespace: string, name: string): Promise<BuildRun> {
    try {
      return await (await this.sourceFor(namespace)).get(namespace, name);
    } catch (error) {
      if (!(error instanceof NotFoundError) || !this.records) throw error;
      const record = await this.records.get({ namespace, name });
      if (!record) throw error;
      const now = new Date();
      return buildRunFromRecord({
        ...record,
        run: {
          ...record.run,
          deleted: record.run.deleted ?? {
            at: now.toISOString(),
            reason: deletionReason(record.run, now),
          },
        },
      });
    }
  }

  /** Whether deleted runs are answered from the run record. */
  get hasRecords(): boolean {
    return this.records !== undefined;
  }

  /** A WorkflowRun just read or created, converted as the v1 source converts it. */
  fromWorkflowRun(run: WorkflowRun): Promise<BuildRun> {
    if (!this.v1Source) return Promise.resolve(fromWorkflowRun(run));
    return this.v1Source.convert(run);
  }
}
