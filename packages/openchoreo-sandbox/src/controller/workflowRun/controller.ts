import type { Cluster } from '../../apiserver/cluster';
import { ApiError } from '../../apiserver/errors';
import type { StoreEvent } from '../../apiserver/store';
import { isRecord, KObject } from '../../apiserver/types';
import type { Scheduler } from '../../util/scheduler';
import { WORKFLOW_API, workflowParams } from '../argo/runner';
import { ControllerClock, schedulerClock } from '../clock';
import { isTrue, readConditions } from '../conditions';
import { ensurePrerequisites } from '../prerequisites';
import {
  createOrUpdate,
  deleteBuildPlaneObjects,
  ResourceRef,
  runReferenceOf,
} from '../reconcileRun';
import { RenderError } from '../renderRun';
import {
  applyWorkflowRunCondition,
  WorkflowRunConditionName,
} from './conditions';
import {
  contextOf,
  LABEL_WORKFLOW_RUN,
  LABEL_WORKFLOW_RUN_NAMESPACE,
  renderWorkflowRun,
  resolveExternalRefs,
} from './render';
import {
  resolveWorkflow,
  resolveWorkflowPlane,
  secretStoreOf,
} from './resolve';
import { syncFromArgo, SyncNext, workloadAnnotations } from './sync';
import { parseTtl } from './ttl';
import { OPENCHOREO_API, validateComponentWorkflowRun } from './validate';

const PLURAL = 'workflowruns';
const RUN_GR = 'openchoreo.dev/workflowruns';
/** `WorkflowRunCleanupFinalizer` (`controller_finalize.go@v1.2.3`). */
export const WORKFLOW_RUN_FINALIZER = 'openchoreo.dev/workflowrun-cleanup';
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
/** `RequeueAfter` of upstream's transient failures. */
const RESOLUTION_RETRY_MS = 30_000;
const PLANE_RETRY_MS = 60_000;
/** controller-runtime's default per-item backoff for `Requeue: true`: 5 ms doubling up to 1000 s. */
const BACKOFF_BASE_MS = 5;
const BACKOFF_MAX_MS = 1_000_000;

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

/** What one reconcile asks for: controller-runtime's `ctrl.Result`. */
type Next =
  | { next: 'done' | 'requeue' | 'running'; why?: string }
  | { next: 'after'; ms: number; why?: string };

function hasFinalizer(run: KObject): boolean {
  return (run.metadata.finalizers ?? []).includes(WORKFLOW_RUN_FINALIZER);
}

function keyOf(obj: KObject): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

function nowText(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * Emulates OpenChoreo v1.2.3's WorkflowRun controller (`internal/controller/workflowrun/*.go`):
 * finalizer, component validation, (Cluster)Workflow and plane resolution, rendering into
 * `workflows-<namespace>` on the workflow plane, status from the Argo Workflow, and deletion
 * `ttlAfterCompletion` after completion. Runs created with a status are left alone (history).
 */
export class WorkflowRunController {
  private readonly adopted = new Set<string>();
  private readonly queued = new Set<string>();
  private readonly timers = new Map<string, () => void>();
  private readonly failures = new Map<string, number>();
  private readonly lastWhy = new Map<string, string>();
  private unsubscribers: Array<() => void> = [];
  private readonly clock: ControllerClock;
  private readonly log: (line: string) => void;
  private readonly scaleTtl: (ms: number) => number;

  constructor(
    private readonly control: Cluster,
    private readonly build: Cluster,
    private readonly scheduler: Scheduler,
    options: WorkflowRunControllerOptions = {},
  ) {
    this.clock = options.clock ?? schedulerClock(scheduler);
    this.log = options.log ?? (() => {});
    this.scaleTtl = options.scaleTtl ?? (ms => ms);
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
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
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
    if (this.manages(run)) this.enqueue(keyOf(run));
  }

  private onControlEvent(event: StoreEvent): void {
    if (PREREQUISITE_GRS.has(event.gr) && event.type !== 'DELETED') {
      for (const run of this.runs(event.object.metadata.namespace))
        if (this.manages(run)) this.enqueue(keyOf(run));
      return;
    }
    if (event.gr !== RUN_GR) return;
    if (event.type !== 'DELETED') {
      this.notice(event.object);
      return;
    }
    const key = keyOf(event.object);
    this.adopted.delete(event.object.metadata.uid ?? '');
    this.cancelTimer(key);
    this.failures.delete(key);
    this.lastWhy.delete(key);
  }

  private onBuildEvent(event: StoreEvent): void {
    if (event.gr !== 'argoproj.io/workflows') return;
    const labels = event.object.metadata.labels ?? {};
    const name = labels[LABEL_WORKFLOW_RUN];
    const ns = labels[LABEL_WORKFLOW_RUN_NAMESPACE];
    if (name && ns) this.enqueue(`${ns}/${name}`);
  }

  private enqueue(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.scheduler.soon(() => {
      this.queued.delete(key);
      this.reconcile(key);
    });
  }

  private cancelTimer(key: string): void {
    this.timers.get(key)?.();
    this.timers.delete(key);
  }

  private requeueAfter(key: string, ms: number): void {
    this.cancelTimer(key);
    this.timers.set(
      key,
      this.clock.after(ms, () => {
        this.timers.delete(key);
        this.enqueue(key);
      }),
    );
  }

  private settle(key: string, result: Next): void {
    if (result.why && this.lastWhy.get(key) !== result.why) {
      this.lastWhy.set(key, result.why);
      this.log(`workflowrun ${key}: ${result.why}`);
    }
    if (result.next === 'after') {
      this.failures.delete(key);
      this.requeueAfter(key, result.ms);
    } else if (result.next === 'requeue') {
      const n = this.failures.get(key) ?? 0;
      this.failures.set(key, n + 1);
      this.requeueAfter(
        key,
        Math.min(BACKOFF_BASE_MS * 2 ** n, BACKOFF_MAX_MS),
      );
    } else {
      // done, or running: the next Workflow change brings the run back.
      this.cancelTimer(key);
      this.failures.delete(key);
    }
  }

  private reconcile(key: string): void {
    const slash = key.indexOf('/');
    const [ns, name] = [key.slice(0, slash), key.slice(slash + 1)];
    let run: KObject | undefined;
    try {
      run = this.control.get(OPENCHOREO_API, PLURAL, ns, name);
    } catch {
      return; // the type is not served (any more)
    }
    if (!run || !this.manages(run)) return;
    let result: Next;
    try {
      result = this.reconcileRun(run);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 409 || e.code === 404))
        result = { next: 'requeue' };
      else result = { next: 'requeue', why: (e as Error).message };
    }
    this.settle(key, result);
  }

  /** One pass of `Reconcile` (`controller.go@v1.2.3`), in upstream's order. */
  private reconcileRun(run: KObject): Next {
    if (run.metadata.deletionTimestamp)
      return hasFinalizer(run) ? this.finalize(run) : { next: 'done' };
    if (!hasFinalizer(run)) {
      this.update(run, {
        finalizers: [
          ...(run.metadata.finalizers ?? []),
          WORKFLOW_RUN_FINALIZER,
        ],
      });
      return { next: 'done' }; // the update event reconciles again
    }
    const now = this.clock.now();
    const ttl = this.checkTtl(run, now);
    if (ttl) return ttl;
    const status: Record<string, unknown> = structuredClone(
      isRecord(run.status) ? run.status : {},
    );
    const result = this.step(run, status, now);
    if (JSON.stringify(status) !== JSON.stringify(run.status ?? {}))
      this.control.updateStatus({ ...run, status }, PLURAL);
    return result;
  }

  /**
   * `checkTTLExpiration`: a completed run with a TTL is deleted once `completedAt + TTL` has
   * passed (the finalizer then cleans the workflow plane up), else looked at again then. An
   * unparsable TTL is logged and never expires.
   */
  private checkTtl(run: KObject, now: Date): Next | undefined {
    const completedAt = isRecord(run.status)
      ? run.status.completedAt
      : undefined;
    const spec = isRecord(run.spec) ? run.spec : {};
    const ttlText =
      typeof spec.ttlAfterCompletion === 'string'
        ? spec.ttlAfterCompletion
        : '';
    if (typeof completedAt !== 'string' || !ttlText) return undefined;
    const ttl = parseTtl(ttlText);
    if (ttl === undefined) {
      this.settle(keyOf(run), {
        next: 'done',
        why: `Invalid TTL duration "${ttlText}" (expected e.g. 90d, 1d12h, 30m)`,
      });
      return undefined;
    }
    const expires = Date.parse(completedAt) + this.scaleTtl(ttl);
    if (now.getTime() >= expires) {
      this.control.delete(
        OPENCHOREO_API,
        PLURAL,
        run.metadata.namespace,
        run.metadata.name!,
      );
      return {
        next: 'done',
        why: `TTL expired (${ttlText}), deleting WorkflowRun`,
      };
    }
    return { next: 'after', ms: expires - now.getTime() };
  }

  /** The part of `Reconcile` under the deferred status update; changes `status` in place. */
  private step(run: KObject, status: Record<string, unknown>, now: Date): Next {
    const gen = run.metadata.generation ?? 1;
    const conditions = readConditions(status);
    const set = (name: WorkflowRunConditionName, text?: string): void => {
      status.conditions = applyWorkflowRunCondition(
        conditions,
        name,
        gen,
        now,
        text,
      );
    };
    if (isTrue(conditions, 'WorkflowCompleted')) {
      // setCompletedAtIfNeeded; the status update brings the run back for its TTL.
      if (!status.completedAt) status.completedAt = nowText(now);
      return { next: 'done' };
    }
    if (!conditions.some(c => c.type === 'WorkflowCompleted')) {
      if (!status.startedAt) status.startedAt = nowText(now);
      set('pending');
      return { next: 'requeue' };
    }
    if (!isTrue(conditions, 'WorkflowRunning') && !runReferenceOf(status)) {
      const verdict = validateComponentWorkflowRun(this.control, run);
      if (verdict.kind === 'failed') {
        set('componentValidationFailed', verdict.message);
        return { next: 'done' };
      }
      if (verdict.kind === 'retry')
        return { next: 'requeue', why: verdict.reason };
    }
    const workflow = resolveWorkflow(this.control, run);
    if (workflow.kind === 'notFound') {
      // Permanent in v1.2.3: the run fails with setWorkflowNotFoundCondition.
      set('workflowNotFound');
      return {
        next: 'done',
        why: `failed to resolve Workflow: ${workflow.message}`,
      };
    }
    if (workflow.kind === 'error') {
      set('workflowResolutionFailed', workflow.message);
      return { next: 'after', ms: RESOLUTION_RETRY_MS, why: workflow.message };
    }
    const wfSpec = workflow.value;
    const ns = run.metadata.namespace!;
    const plane = resolveWorkflowPlane(
      this.control,
      ns,
      wfSpec.workflowPlaneRef,
    );
    if (plane.kind !== 'found') {
      if (plane.kind === 'notFound') set('workflowPlaneNotFound');
      else set('workflowPlaneResolutionFailed', plane.message);
      return {
        next: 'after',
        ms: plane.kind === 'notFound' ? PLANE_RETRY_MS : RESOLUTION_RETRY_MS,
        why: plane.message,
      };
    }
    const ref = runReferenceOf(status);
    if (ref && ref.namespace)
      return this.sync(run, status, ref, conditions, gen, now);
    // Copy the (Cluster)Workflow's TTL onto a run that has none; the update reconciles again.
    const runSpec = isRecord(run.spec) ? run.spec : {};
    if (
      !runSpec.ttlAfterCompletion &&
      typeof wfSpec.ttlAfterCompletion === 'string' &&
      wfSpec.ttlAfterCompletion
    ) {
      this.update(
        run,
        {},
        { ...runSpec, ttlAfterCompletion: wfSpec.ttlAfterCompletion },
      );
      return { next: 'done' };
    }
    return this.submit(run, status, wfSpec, secretStoreOf(plane.value));
  }

  /** The Argo Workflow exists: status from it, or WorkflowNotFound once it is gone. */
  private sync(
    run: KObject,
    status: Record<string, unknown>,
    ref: ResourceRef,
    conditions: ReturnType<typeof readConditions>,
    gen: number,
    now: Date,
  ): Next {
    const wf = this.build.get(
      WORKFLOW_API,
      'workflows',
      ref.namespace,
      ref.name,
    );
    if (!wf) {
      status.conditions = applyWorkflowRunCondition(
        conditions,
        'workflowNotFound',
        gen,
        now,
      );
      return { next: 'done' };
    }
    const wfStatus = isRecord(wf.status) ? wf.status : {};
    const annotations = workloadAnnotations(wfStatus, workflowParams(wf));
    if (
      annotations &&
      !run.metadata.annotations?.[Object.keys(annotations)[0]]
    ) {
      this.update(run, {
        annotations: { ...(run.metadata.annotations ?? {}), ...annotations },
      });
      return { next: 'done' }; // the update event reconciles again, on the new version
    }
    const next: SyncNext = syncFromArgo(status, conditions, gen, wfStatus, now);
    return { next };
  }

  /** Render, then `ensureRunResource`: prerequisites, resources, the Workflow; `Requeue: true`. */
  private submit(
    run: KObject,
    status: Record<string, unknown>,
    wfSpec: Record<string, unknown>,
    secretStore: string,
  ): Next {
    let rendered;
    try {
      const ctx = contextOf(run, wfSpec, secretStore);
      const refs = resolveExternalRefs(
        wfSpec.externalRefs,
        ctx,
        (plural, name) =>
          this.control.get(
            OPENCHOREO_API,
            plural,
            run.metadata.namespace,
            name,
          ),
      );
      if (refs) ctx.externalRefs = refs;
      rendered = renderWorkflowRun(run, wfSpec, ctx);
    } catch (e) {
      if (!(e instanceof RenderError || e instanceof ApiError)) throw e;
      return {
        next: 'requeue',
        why: `failed to render workflow: ${e.message}`,
      };
    }
    try {
      ensurePrerequisites(
        this.build,
        rendered.namespace,
        rendered.serviceAccountName,
      );
    } catch (e) {
      return {
        next: 'requeue',
        why: `failed to ensure prerequisite resources: ${(e as Error).message}`,
      };
    }
    const applied: ResourceRef[] = [];
    try {
      for (const obj of rendered.resources) {
        createOrUpdate(this.build, obj);
        applied.push({
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: obj.metadata.name!,
          namespace: obj.metadata.namespace,
        });
      }
    } catch (e) {
      return {
        next: 'requeue',
        why: `failed to apply rendered resources: ${(e as Error).message}`,
      };
    }
    if (applied.length) status.resources = applied;
    else delete status.resources;
    try {
      createOrUpdate(this.build, rendered.workflow);
    } catch (e) {
      return {
        next: 'requeue',
        why: `failed to apply rendered run resource: ${(e as Error).message}`,
      };
    }
    status.runReference = {
      apiVersion: rendered.workflow.apiVersion,
      kind: rendered.workflow.kind,
      name: rendered.workflow.metadata.name!,
      namespace: rendered.namespace,
    };
    return { next: 'requeue' };
  }

  /**
   * `finalize` (`controller_finalize.go@v1.2.3`): without its (Cluster)Workflow or plane the
   * finalizer goes without cleanup (as upstream); else `status.resources` and the run's Argo
   * Workflow are deleted first.
   */
  private finalize(run: KObject): Next {
    const workflow = resolveWorkflow(this.control, run);
    if (workflow.kind === 'error')
      return { next: 'requeue', why: `finalize: ${workflow.message}` };
    if (workflow.kind === 'found') {
      const plane = resolveWorkflowPlane(
        this.control,
        run.metadata.namespace!,
        workflow.value.workflowPlaneRef,
      );
      if (plane.kind === 'error')
        return { next: 'requeue', why: `finalize: ${plane.message}` };
      if (plane.kind === 'found') {
        const why = deleteBuildPlaneObjects(this.build, run.status);
        if (why) return { next: 'requeue', why: `finalize: ${why}` };
      }
    }
    this.update(run, {
      finalizers: (run.metadata.finalizers ?? []).filter(
        f => f !== WORKFLOW_RUN_FINALIZER,
      ),
    });
    return { next: 'done' };
  }

  /** An update of the run's metadata (and spec), as `r.Update` does. */
  private update(
    run: KObject,
    metadata: Partial<KObject['metadata']>,
    spec?: Record<string, unknown>,
  ): void {
    this.control.update(
      {
        ...run,
        metadata: { ...run.metadata, ...metadata },
        ...(spec ? { spec } : {}),
      },
      PLURAL,
    );
  }
}
