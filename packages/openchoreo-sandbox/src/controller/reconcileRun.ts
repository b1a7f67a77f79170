import type { Cluster } from '../apiserver/cluster';
import { ApiError } from '../apiserver/errors';
import { isRecord, KObject } from '../apiserver/types';
import { applyRunCondition, isTrue, readConditions } from './conditions';
import { ensurePrerequisites } from './prerequisites';
import { RenderError, renderRun, RUN_API } from './renderRun';
import { SyncOutcome, syncWorkflowRunStatus } from './runStatus';
import { applyWorkloadFromWorkflow } from './workload';

export const RUN_PLURAL = 'componentworkflowruns';
/** `ComponentWorkflowRunCleanupFinalizer` (`controller_finalize.go@v0.9.0:25`). */
export const RUN_FINALIZER = 'openchoreo.dev/componentworkflowrun-cleanup';

/** `status.runReference` / `status.resources[]` entries (`ResourceReference`). */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * What a reconcile asks for next, like controller-runtime's `ctrl.Result`:
 * `requeue` = `Requeue: true` (retry with backoff; the sandbox also retries
 * when an object the run waits for changes), `running` = `RequeueAfter: 20s`,
 * `done` = nothing until the run changes. `why` is logged.
 */
export interface Outcome {
  next: SyncOutcome;
  why?: string;
}

function refOf(value: unknown): ResourceRef | undefined {
  if (!isRecord(value)) return undefined;
  const { apiVersion, kind, name, namespace } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return undefined;
  if (typeof name !== 'string' || !name) return undefined;
  return {
    apiVersion,
    kind,
    name,
    ...(typeof namespace === 'string' ? { namespace } : {}),
  };
}

export function runReferenceOf(status: unknown): ResourceRef | undefined {
  return isRecord(status) ? refOf(status.runReference) : undefined;
}

function resourcesOf(status: unknown): ResourceRef[] {
  if (!isRecord(status) || !Array.isArray(status.resources)) return [];
  return status.resources.map(refOf).filter((r): r is ResourceRef => !!r);
}

/** Gets the object a reference names, or undefined when it (or its type) is not there. */
function getRef(cluster: Cluster, ref: ResourceRef): KObject | undefined {
  const def = cluster.registry.byKind(ref.apiVersion, ref.kind);
  return def ? cluster.core.find(def, ref.namespace, ref.name) : undefined;
}

/** Creates the object, or updates it in place when it exists (`controller.go@v0.9.0:299-320,361-388`). */
export function createOrUpdate(cluster: Cluster, obj: KObject): KObject {
  const def = cluster.registry.byKind(obj.apiVersion, obj.kind);
  if (!def)
    throw new Error(
      `no matches for kind "${obj.kind}" in version "${obj.apiVersion}" on the build plane`,
    );
  const existing = cluster.core.find(
    def,
    obj.metadata.namespace,
    obj.metadata.name!,
  );
  if (!existing) return cluster.create(obj, def.plural);
  return cluster.update(
    {
      ...obj,
      metadata: {
        ...obj.metadata,
        resourceVersion: existing.metadata.resourceVersion,
      },
    },
    def.plural,
  );
}

/**
 * One pass of OpenChoreo's ComponentWorkflowRun reconciler
 * (`internal/controller/componentworkflowrun/controller.go@v0.9.0:53-177`)
 * over a run that has the finalizer and no deletionTimestamp. It changes
 * `status` in place (the caller writes it when it differs, like upstream's
 * deferred status update) and never invents a failure: a missing
 * BuildPlane, ComponentWorkflow or a render error only requeues, so the run
 * stays `WorkflowCompleted=False/WorkflowPending`.
 */
export function reconcileRun(
  clusters: { control: Cluster; build: Cluster },
  run: KObject,
  status: Record<string, unknown>,
  ttlSeconds: number,
  now: Date,
): Outcome {
  const { control, build } = clusters;
  const ns = run.metadata.namespace!;
  const gen = run.metadata.generation ?? 1;
  const conditions = readConditions(status);
  if (isTrue(conditions, 'WorkloadUpdated')) return { next: 'done' };
  // isWorkflowInitiated: the first pass only marks the run Pending (:96-99).
  if (!conditions.some(c => c.type === 'WorkflowCompleted')) {
    status.conditions = applyRunCondition(conditions, 'pending', gen, now);
    return { next: 'requeue' };
  }
  // GetBuildPlane: the first BuildPlane in the run's namespace (hierarchy.go@v0.9.0:272).
  if (!control.list(RUN_API, 'buildplanes', ns).length)
    return {
      next: 'requeue',
      why: `failed to get build plane: no BuildPlane in namespace "${ns}"`,
    };

  const wfRef = runReferenceOf(status);
  if (isTrue(conditions, 'WorkflowCompleted')) {
    if (!isTrue(conditions, 'WorkflowSucceeded')) return { next: 'done' };
    // handleWorkloadCreation (:179-199)
    if (!wfRef)
      return {
        next: 'requeue',
        why: 'run resource reference not set in status',
      };
    const wf = getRef(build, wfRef);
    let wfStatus: Record<string, unknown> | undefined;
    if (wf) wfStatus = isRecord(wf.status) ? wf.status : {};
    const outcome = applyWorkloadFromWorkflow(control, ns, wfStatus);
    if (outcome.kind === 'retry')
      return { next: 'requeue', why: outcome.reason };
    status.conditions = applyRunCondition(
      conditions,
      outcome.kind === 'applied' ? 'workloadUpdated' : 'workloadUpdateFailed',
      gen,
      now,
    );
    return {
      next: 'done',
      why:
        outcome.kind === 'failed'
          ? `failed to create workload CR: ${outcome.reason}`
          : undefined,
    };
  }

  if (wfRef && wfRef.namespace) {
    const wf = getRef(build, wfRef);
    if (wf) {
      const synced = syncWorkflowRunStatus(
        status,
        gen,
        isRecord(wf.status) ? wf.status : {},
        now,
      );
      Object.assign(status, synced.status);
      return { next: synced.outcome };
    }
    // setWorkflowNotFoundCondition (controller_conditions.go@v0.9.0:99-114)
    status.conditions = applyRunCondition(
      conditions,
      'workflowNotFound',
      gen,
      now,
    );
    return { next: 'done' };
  }

  const spec = isRecord(run.spec) ? run.spec : {};
  const workflowName =
    isRecord(spec.workflow) && typeof spec.workflow.name === 'string'
      ? spec.workflow.name
      : '';
  const cwf = control.get(RUN_API, 'componentworkflows', ns, workflowName);
  if (!cwf)
    return {
      next: 'requeue',
      why: `failed to get ComponentWorkflow "${workflowName}" in namespace "${ns}"`,
    };
  let rendered;
  try {
    rendered = renderRun(run, cwf, ttlSeconds);
  } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    return {
      next: 'requeue',
      why: `failed to render component workflow: ${e.message}`,
    };
  }
  return ensureRunResource(build, rendered, status);
}

/** What `ensureRunResource` applies: the common part of a v0.9 and a v1 rendered run. */
export interface RunResources {
  workflow: KObject;
  namespace: string;
  serviceAccountName: string;
  resources: KObject[];
}

/**
 * `ensureRunResource` (`componentworkflowrun/controller.go@v0.9.0:201-242`, `workflowrun/controller.go@v1.2.3:254-294`):
 * the prerequisites (namespace, RBAC), the rendered resources, then the run resource itself on the
 * build plane; `status.resources` and `status.runReference` name what was applied. Every failure
 * is upstream's `Requeue: true` with its message, as is success (the next pass syncs the Workflow).
 */
export function ensureRunResource(
  build: Cluster,
  rendered: RunResources,
  status: Record<string, unknown>,
): { next: 'requeue'; why?: string } {
  try {
    ensurePrerequisites(build, rendered.namespace, rendered.serviceAccountName);
  } catch (e) {
    return {
      next: 'requeue',
      why: `failed to ensure prerequisite resources: ${(e as Error).message}`,
    };
  }
  const applied: ResourceRef[] = [];
  try {
    for (const obj of rendered.resources) {
      createOrUpdate(build, obj);
      applied.push({
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name!,
        ...(obj.metadata.namespace
          ? { namespace: obj.metadata.namespace }
          : {}),
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
    createOrUpdate(build, rendered.workflow);
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
 * The cleanup of `finalize` (`controller_finalize.go@v0.9.0:44-93`): deletes
 * every `status.resources` entry and the `status.runReference` Workflow from
 * the build plane. Missing objects are fine; any other failure (e.g. a type the
 * build plane no longer serves) is returned so the caller keeps the finalizer
 * and retries, as upstream does.
 */
export function deleteBuildPlaneObjects(
  build: Cluster,
  status: unknown,
): string | undefined {
  const refs = [...resourcesOf(status)];
  const wf = runReferenceOf(status);
  if (wf) refs.push(wf);
  for (const ref of refs) {
    const def = build.registry.byKind(ref.apiVersion, ref.kind);
    if (!def)
      return `failed to delete ${ref.kind} "${ref.name}": no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`;
    try {
      if (build.core.find(def, ref.namespace, ref.name))
        build.core.delete(def, ref.namespace, ref.name);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404))
        return `failed to delete ${ref.kind} "${ref.name}": ${
          (e as Error).message
        }`;
    }
  }
  return undefined;
}
