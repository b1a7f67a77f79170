import { isRecord, KObject } from '../../apiserver/types';
import { isTrue, readConditions } from '../conditions';
import { runReferenceOf } from '../reconcileRun';
import {
  applyWorkflowRunCondition,
  WorkflowRunConditionName,
} from './conditions';
import {
  hasFinalizer,
  Next,
  nowText,
  PLURAL,
  updateRun,
  WorkflowRunContext,
} from './context';
import { addFinalizer, finalizeWorkflowRun } from './finalize';
import {
  resolveWorkflow,
  resolveWorkflowPlane,
  secretStoreOf,
} from './resolve';
import { submitWorkflowRun } from './submit';
import { syncWorkflowRun } from './sync';
import { ANNOTATION_TTL_SCALED, checkTtl, copiedTtl } from './ttl';
import { validateComponentWorkflowRun } from './validate';

/** `RequeueAfter` of upstream's transient failures. */
const RESOLUTION_RETRY_MS = 30_000;
const PLANE_RETRY_MS = 60_000;

/**
 * One pass of `Reconcile` (`internal/controller/workflowrun/controller.go@v1.2.3`), in upstream's
 * order: finalize a deleted run, add the finalizer, delete an expired run, else one step with
 * the status written back (as upstream's deferred status update) when it changed.
 */
export function reconcileWorkflowRun(
  ctx: WorkflowRunContext,
  run: KObject,
  now: Date,
): Next {
  if (run.metadata.deletionTimestamp)
    return hasFinalizer(run) ? finalizeWorkflowRun(ctx, run) : { next: 'done' };
  if (!hasFinalizer(run)) return addFinalizer(ctx, run);
  const ttl = checkTtl(ctx, run, now);
  if (ttl) return ttl;
  const status: Record<string, unknown> = structuredClone(
    isRecord(run.status) ? run.status : {},
  );
  const result = step(ctx, run, status, now);
  if (JSON.stringify(status) !== JSON.stringify(run.status ?? {}))
    ctx.control.updateStatus({ ...run, status }, PLURAL);
  return result;
}

/** The part of `Reconcile` under the deferred status update; changes `status` in place. */
function step(
  ctx: WorkflowRunContext,
  run: KObject,
  status: Record<string, unknown>,
  now: Date,
): Next {
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
    const verdict = validateComponentWorkflowRun(ctx.control, run);
    if (verdict.kind === 'failed') {
      set('componentValidationFailed', verdict.message);
      return { next: 'done' };
    }
    if (verdict.kind === 'retry')
      return { next: 'requeue', why: verdict.reason };
  }
  const workflow = resolveWorkflow(ctx.control, run);
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
  const plane = resolveWorkflowPlane(
    ctx.control,
    run.metadata.namespace!,
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
    return syncWorkflowRun(ctx, run, status, ref, conditions, gen, now);
  // Copy the (Cluster)Workflow's TTL onto a run that has none; the update reconciles again.
  const runSpec = isRecord(run.spec) ? run.spec : {};
  if (
    !runSpec.ttlAfterCompletion &&
    typeof wfSpec.ttlAfterCompletion === 'string' &&
    wfSpec.ttlAfterCompletion
  ) {
    const copied = copiedTtl(ctx, wfSpec.ttlAfterCompletion);
    updateRun(
      ctx.control,
      run,
      copied.scaled
        ? {
            annotations: {
              ...run.metadata.annotations,
              [ANNOTATION_TTL_SCALED]: wfSpec.ttlAfterCompletion,
            },
          }
        : {},
      { ...runSpec, ttlAfterCompletion: copied.text },
    );
    return { next: 'done' };
  }
  return submitWorkflowRun(
    ctx,
    run,
    status,
    wfSpec,
    secretStoreOf(plane.value),
  );
}
