import type { Cluster } from '../apiserver/cluster';
import { ApiError } from '../apiserver/errors';
import type { StoreEvent } from '../apiserver/store';
import { isRecord, KObject } from '../apiserver/types';
import type { Scheduler } from '../util/scheduler';
import { ControllerClock, schedulerClock } from './clock';
import { isTrue, readConditions } from './conditions';
import {
  deleteBuildPlaneObjects,
  reconcileRun,
  RUN_FINALIZER,
  RUN_PLURAL,
  runReferenceOf,
} from './reconcileRun';
import { LABEL_RUN, LABEL_RUN_NAMESPACE, RUN_API } from './renderRun';
import { keyOf, splitKey, WorkQueue } from './workQueue';

const RUN_GR = 'openchoreo.dev/componentworkflowruns';
/** Objects a Pending run may be waiting for: a change to one re-evaluates the runs of its namespace. */
const PREREQUISITE_GRS = new Set([
  'openchoreo.dev/componentworkflows',
  'openchoreo.dev/buildplanes',
]);
const WF_GR = 'argoproj.io/workflows';
/** `ctrl.Result{RequeueAfter: 20 * time.Second}` while the Workflow runs (`controller.go@v0.9.0:251`). */
export const RUNNING_REQUEUE_MS = 20_000;

export interface RunControllerOptions {
  /** `ttlStrategy.secondsAfterCompletion` written into every Workflow (a sandbox setting). */
  ttlSeconds: number;
  log?: (line: string) => void;
  /**
   * Sync the run's status from its Workflow the way upstream does: every 20 s
   * while it runs, not on every Workflow change. Default off (instant sync).
   */
  realisticStatus?: boolean;
  /** Time and timers; defaults to the real clock on the sandbox's scheduler. */
  clock?: ControllerClock;
}

function hasFinalizer(run: KObject): boolean {
  return (run.metadata.finalizers ?? []).includes(RUN_FINALIZER);
}

/**
 * Emulates OpenChoreo's ComponentWorkflowRun controller (v0.9): a level-triggered
 * reconcile per run (see `reconcileRun`), a finalizer that cleans the build
 * plane up before the run goes, and requeues. Runs created with a status of
 * their own (history written by the seed or other clients) are left alone.
 */
export class RunController {
  /** uids of runs this controller adopted (they had no status when first seen). */
  private readonly adopted = new Set<string>();
  private readonly queue: WorkQueue;
  /** Build-plane `namespace/name` of a Workflow → `namespace/name` of its run. */
  private readonly workflowOwners = new Map<string, string>();
  private unsubscribers: Array<() => void> = [];
  private readonly clock: ControllerClock;
  private readonly log: (line: string) => void;

  constructor(
    private readonly control: Cluster,
    private readonly build: Cluster,
    private readonly scheduler: Scheduler,
    private readonly options: RunControllerOptions,
  ) {
    this.clock = options.clock ?? schedulerClock(scheduler);
    this.log = options.log ?? (() => {});
    this.queue = new WorkQueue({
      scheduler,
      clock: this.clock,
      reconcile: key => this.reconcile(key),
      kind: 'run',
      log: this.log,
    });
  }

  start(): void {
    this.unsubscribers.push(
      this.control.store.subscribe(e => this.onControlEvent(e)),
      this.build.store.subscribe(e => this.onWorkflowEvent(e)),
    );
    for (const run of this.control.list(RUN_API, RUN_PLURAL)) this.notice(run);
  }

  stop(): void {
    for (const u of this.unsubscribers) u();
    this.queue.stop();
  }

  /** Whether this controller reconciles the run. */
  private manages(run: KObject): boolean {
    return hasFinalizer(run) || this.adopted.has(run.metadata.uid ?? '');
  }

  private notice(run: KObject): void {
    if (!run.status && !hasFinalizer(run) && !run.metadata.deletionTimestamp)
      this.adopted.add(run.metadata.uid!);
    if (this.manages(run)) this.enqueue(keyOf(run));
  }

  private onControlEvent(event: StoreEvent): void {
    if (PREREQUISITE_GRS.has(event.gr) && event.type !== 'DELETED') {
      const ns = event.object.metadata.namespace;
      for (const run of this.control.list(RUN_API, RUN_PLURAL, ns))
        if (this.manages(run)) this.enqueue(keyOf(run));
      return;
    }
    if (event.gr !== RUN_GR) return;
    const run = event.object;
    if (event.type !== 'DELETED') {
      this.notice(run);
      return;
    }
    const key = keyOf(run);
    this.adopted.delete(run.metadata.uid ?? '');
    this.queue.forget(key);
    // An API server that ignores finalizers deleted the run at once: clean up after it.
    if (hasFinalizer(run)) {
      const copy = structuredClone(run);
      this.scheduler.soon(() => {
        const why = deleteBuildPlaneObjects(this.build, copy.status);
        if (why) this.log(`run ${key}: cleanup: ${why}`);
      });
    }
  }

  private onWorkflowEvent(event: StoreEvent): void {
    if (event.gr !== WF_GR) return;
    const wf = event.object.metadata;
    const labels = wf.labels ?? {};
    const key =
      this.workflowOwners.get(`${wf.namespace}/${wf.name}`) ??
      (labels[LABEL_RUN] && labels[LABEL_RUN_NAMESPACE]
        ? `${labels[LABEL_RUN_NAMESPACE]}/${labels[LABEL_RUN]}`
        : undefined);
    if (!key) return;
    const [ns, name] = splitKey(key);
    const run = this.control.get(RUN_API, RUN_PLURAL, ns, name);
    if (!run || !this.manages(run)) return;
    // Upstream does not watch Workflows: a running run is looked at again after 20 s.
    const conditions = readConditions(run.status);
    if (
      this.options.realisticStatus &&
      isTrue(conditions, 'WorkflowRunning') &&
      !isTrue(conditions, 'WorkflowCompleted')
    )
      return;
    this.enqueue(key);
  }

  private enqueue(key: string): void {
    this.queue.add(key);
  }

  private reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const run = this.control.get(RUN_API, RUN_PLURAL, ns, name);
    if (!run || !this.manages(run)) return;
    if (run.metadata.deletionTimestamp) {
      if (hasFinalizer(run)) this.settle(key, this.finalize(run));
      return;
    }
    // ensureFinalizer (controller_finalize.go@v0.9.0:30-41): added, then the update event reconciles again.
    if (!hasFinalizer(run)) {
      this.writeFinalizers(run, [
        ...(run.metadata.finalizers ?? []),
        RUN_FINALIZER,
      ]);
      return;
    }
    const status: Record<string, unknown> = structuredClone(
      isRecord(run.status) ? run.status : {},
    );
    let outcome: ReturnType<typeof reconcileRun>;
    try {
      outcome = reconcileRun(
        { control: this.control, build: this.build },
        run,
        status,
        this.options.ttlSeconds,
        this.clock.now(),
      );
    } catch (e) {
      outcome = { next: 'requeue', why: (e as Error).message };
    }
    // A Go status struct always serializes `imageStatus` (a non-pointer struct, so omitempty keeps `{}`).
    if (!isRecord(status.imageStatus)) status.imageStatus = {};
    const ref = runReferenceOf(status);
    if (ref) this.workflowOwners.set(`${ref.namespace}/${ref.name}`, key);
    if (JSON.stringify(status) !== JSON.stringify(run.status ?? {}))
      this.writeStatus(run, status);
    this.queue.explain(key, outcome.why);
    this.settle(key, outcome.next);
  }

  /** Schedules the next look at the run from what the reconcile asked for. */
  private settle(key: string, next: 'requeue' | 'running' | 'done'): void {
    if (next === 'requeue') this.queue.retry(key);
    else if (next === 'running' && this.options.realisticStatus)
      this.queue.after(key, RUNNING_REQUEUE_MS);
    else this.queue.done(key);
  }

  /**
   * `finalize` (`controller_finalize.go@v0.9.0:44-93`): with a BuildPlane in the
   * namespace, deletes the run's build-plane objects, then removes the
   * finalizer. Without one it keeps retrying (upstream's error is not a
   * NotFound, so the run stays with its deletionTimestamp).
   */
  finalize(run: KObject): 'requeue' | 'done' {
    const key = keyOf(run);
    if (!hasFinalizer(run)) return 'done';
    if (
      !this.control.list(RUN_API, 'buildplanes', run.metadata.namespace).length
    ) {
      this.queue.explain(key, 'finalize: failed to get build plane');
      return 'requeue';
    }
    const why = deleteBuildPlaneObjects(this.build, run.status);
    if (why) {
      this.queue.explain(key, `finalize: ${why}`);
      return 'requeue';
    }
    const ref = runReferenceOf(run.status);
    if (ref) this.workflowOwners.delete(`${ref.namespace}/${ref.name}`);
    return this.writeFinalizers(
      run,
      (run.metadata.finalizers ?? []).filter(f => f !== RUN_FINALIZER),
    )
      ? 'done'
      : 'requeue';
  }

  private writeFinalizers(run: KObject, finalizers: string[]): boolean {
    try {
      this.control.update(
        { ...run, metadata: { ...run.metadata, finalizers } },
        RUN_PLURAL,
      );
      return true;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 409 || e.code === 404)) {
        this.enqueue(keyOf(run));
        return false;
      }
      throw e;
    }
  }

  private writeStatus(run: KObject, status: Record<string, unknown>): void {
    try {
      this.control.updateStatus({ ...run, status }, RUN_PLURAL);
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 409 || e.code === 404)))
        throw e;
      this.enqueue(keyOf(run));
    }
  }
}
