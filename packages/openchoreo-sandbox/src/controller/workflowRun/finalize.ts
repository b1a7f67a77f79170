import type { KObject } from '../../apiserver/types';
import { deleteBuildPlaneObjects } from '../reconcileRun';
import {
  Next,
  updateRun,
  WORKFLOW_RUN_FINALIZER,
  WorkflowRunContext,
} from './context';
import { resolveWorkflow, resolveWorkflowPlane } from './resolve';

/** `ensureFinalizer`: added, then the update event reconciles again. */
export function addFinalizer(ctx: WorkflowRunContext, run: KObject): Next {
  updateRun(ctx.control, run, {
    finalizers: [...(run.metadata.finalizers ?? []), WORKFLOW_RUN_FINALIZER],
  });
  return { next: 'done' };
}

/**
 * `finalize` (`controller_finalize.go@v1.2.3`): without its (Cluster)Workflow or plane the
 * finalizer goes without cleanup (as upstream); else `status.resources` and the run's Argo
 * Workflow are deleted first.
 */
export function finalizeWorkflowRun(
  ctx: WorkflowRunContext,
  run: KObject,
): Next {
  const workflow = resolveWorkflow(ctx.control, run);
  if (workflow.kind === 'error')
    return { next: 'requeue', why: `finalize: ${workflow.message}` };
  if (workflow.kind === 'found') {
    const plane = resolveWorkflowPlane(
      ctx.control,
      run.metadata.namespace!,
      workflow.value.workflowPlaneRef,
    );
    if (plane.kind === 'error')
      return { next: 'requeue', why: `finalize: ${plane.message}` };
    if (plane.kind === 'found') {
      const why = deleteBuildPlaneObjects(ctx.build, run.status);
      if (why) return { next: 'requeue', why: `finalize: ${why}` };
    }
  }
  updateRun(ctx.control, run, {
    finalizers: (run.metadata.finalizers ?? []).filter(
      f => f !== WORKFLOW_RUN_FINALIZER,
    ),
  });
  return { next: 'done' };
}
