import type { Cluster } from '../../apiserver/cluster';
import { ApiError } from '../../apiserver/errors';
import type { StoreEvent } from '../../apiserver/store';
import type { KObject } from '../../apiserver/types';
import type { Scheduler } from '../../util/scheduler';
import { ControllerClock, schedulerClock } from '../clock';
import { keyOf, splitKey, WorkQueue } from '../workQueue';
import { hasFinalizer, Next, PLURAL, WorkflowRunContext } from './context';
import { reconcileWorkflowRun } from './reconcile';
import { LABEL_WORKFLOW_RUN, LABEL_WORKFLOW_RUN_NAMESPACE } from './render';
import { OPENCHOREO_API } from './validate';

const RUN_GR = `openchoreo.dev/${PLURAL}`;
/** Objects a waiting run may need: a change to one looks at the runs again. */
const PREREQUISITE_GRS = new Set(
  [
    'workflows',
    'clusterworkflows',
    'workflowplanes',
    'clusterworkflowplanes',
    'components',
    'componenttypes',
    'clustercomponenttypes',
    'secretreferences',
  ].map(p => `openchoreo.dev/${p}`),
);

export interface WorkflowRunControllerOptions {
  log?: (line: string) => void;
  clock?: ControllerClock;
  /**
   * The sandbox's time scale applied to `ttlAfterCompletion` (realistic: unchanged). With
   * `--fast` the TTL is multiplied by the speed and capped at the sandbox's workflow TTL, so a
   * `1d` run goes within 20 s, as the Argo Workflows' TTL does.
   */
  scaleTtl?: (ms: number) => number;
}

/**
 * Emulates OpenChoreo v1.2.3's WorkflowRun controller (`internal/controller/workflowrun/*.go`):
 * finalizer, component validation, (Cluster)Workflow and plane resolution, rendering into
 * `workflows-<namespace>` on the workflow plane, status from the Argo Workflow, and deletion
 * `ttlAfterCompletion` after completion (one pass: `reconcile.ts`). This class is the wiring:
 * which events bring which runs back, and the work queue. Runs created with a status are left
 * alone (history).
 */
export class WorkflowRunController {
  private readonly adopted = new Set<string>();
  private readonly queue: WorkQueue;
  private readonly context: WorkflowRunContext;
  private unsubscribers: Array<() => void> = [];
  private readonly clock: ControllerClock;

  constructor(
    private readonly control: Cluster,
    private readonly build: Cluster,
    scheduler: Scheduler,
    options: WorkflowRunControllerOptions = {},
  ) {
    this.clock = options.clock ?? schedulerClock(scheduler);
    this.queue = new WorkQueue({
      scheduler,
      clock: this.clock,
      reconcile: key => this.reconcile(key),
      kind: 'workflowrun',
      log: options.log ?? (() => {}),
    });
    this.context = {
      control,
      build,
      scaleTtl: options.scaleTtl ?? (ms => ms),
      explain: (run, why) => this.queue.explain(keyOf(run), why),
    };
  }

  start(): void {
    this.unsubscribers.push(
      this.control.store.subscribe(e => this.onControlEvent(e)),
      this.build.store.subscribe(e => this.onBuildEvent(e)),
    );
    for (const run of this.runs()) this.notice(run);
  }

  stop(): void {
    for (const u of this.unsubscribers) u();
    this.queue.stop();
  }

  /** The WorkflowRuns, or none while the control plane does not serve the type. */
  private runs(namespace?: string): KObject[] {
    try {
      return this.control.list(OPENCHOREO_API, PLURAL, namespace);
    } catch {
      return [];
    }
  }

  private manages(run: KObject): boolean {
    return hasFinalizer(run) || this.adopted.has(run.metadata.uid ?? '');
  }

  private notice(run: KObject): void {
    if (!run.status && !hasFinalizer(run) && !run.metadata.deletionTimestamp)
      this.adopted.add(run.metadata.uid!);
    if (this.manages(run)) this.queue.add(keyOf(run));
  }

  private onControlEvent(event: StoreEvent): void {
    if (PREREQUISITE_GRS.has(event.gr) && event.type !== 'DELETED') {
      for (const run of this.runs(event.object.metadata.namespace))
        if (this.manages(run)) this.queue.add(keyOf(run));
      return;
    }
    if (event.gr !== RUN_GR) return;
    if (event.type !== 'DELETED') {
      this.notice(event.object);
      return;
    }
    this.adopted.delete(event.object.metadata.uid ?? '');
    this.queue.forget(keyOf(event.object));
  }

  /** The run's Argo Workflow changed (found by its labels): sync the run from it. */
  private onBuildEvent(event: StoreEvent): void {
    if (event.gr !== 'argoproj.io/workflows') return;
    const labels = event.object.metadata.labels ?? {};
    const name = labels[LABEL_WORKFLOW_RUN];
    const ns = labels[LABEL_WORKFLOW_RUN_NAMESPACE];
    if (name && ns) this.queue.add(`${ns}/${name}`);
  }

  private reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    let run: KObject | undefined;
    try {
      run = this.control.get(OPENCHOREO_API, PLURAL, ns, name);
    } catch {
      return; // the type is not served (any more)
    }
    if (!run || !this.manages(run)) return;
    let result: Next;
    try {
      result = reconcileWorkflowRun(this.context, run, this.clock.now());
    } catch (e) {
      // A conflict or a run deleted meanwhile: just again; anything else is worth a line.
      if (e instanceof ApiError && (e.code === 409 || e.code === 404))
        result = { next: 'requeue' };
      else result = { next: 'requeue', why: (e as Error).message };
    }
    this.queue.explain(key, result.why);
    if (result.next === 'after') this.queue.after(key, result.ms);
    else if (result.next === 'requeue') this.queue.retry(key);
    else this.queue.done(key); // done, or running: the next Workflow change brings the run back
  }
}
