import { isRecord, KObject } from '../../apiserver/types';
import type { Condition } from '../conditions';
import { WORKFLOW_API, workflowParams } from '../argo/runner';
import type { ResourceRef } from '../reconcileRun';
import { Next, updateRun, WorkflowRunContext } from './context';
import { applyWorkflowRunCondition } from './conditions';
import { tasksFromNodes } from './tasks';
import {
  ANNOTATION_WORKLOAD,
  workloadRunAnnotations,
} from './workloadAnnotation';

/** What to do next: `running` (sync again on the next Workflow change), `requeue`, `done`. */
export type SyncNext = 'running' | 'requeue' | 'done';

/**
 * `syncWorkflowRunStatus` (`internal/controller/workflowrun/controller.go@v1.2.3`): `status.tasks`
 * from the Argo Workflow's Pod nodes, then its phase: Running → WorkflowRunning; Succeeded →
 * WorkflowSucceeded + WorkflowCompleted; Failed or Error (a `Terminate`d Workflow fails) →
 * WorkflowFailed + WorkflowCompleted; anything else changes only the tasks.
 */
export function syncFromArgo(
  status: Record<string, unknown>,
  conditions: Condition[],
  generation: number,
  wfStatus: Record<string, unknown>,
  now: Date,
): SyncNext {
  const tasks = tasksFromNodes(wfStatus.nodes);
  if (tasks && tasks.length) status.tasks = tasks;
  else delete status.tasks;
  const set = (name: 'running' | 'succeeded' | 'failed') => {
    status.conditions = applyWorkflowRunCondition(
      conditions,
      name,
      generation,
      now,
    );
  };
  switch (wfStatus.phase) {
    case 'Running':
      set('running');
      return 'running';
    case 'Succeeded':
      set('succeeded');
      return 'requeue';
    case 'Failed':
    case 'Error':
      set('failed');
      return 'done';
    default:
      return 'requeue';
  }
}

/**
 * The annotations the v1.2.3 `generate-workload` template's script PUTs on the run once it has
 * created the Workload (`workloadRunAnnotations`), from the step's `image` input and the
 * Workflow's parameters. Undefined until the `generate-workload-cr` step (templateRef
 * `generate-workload`) succeeded.
 */
export function workloadAnnotations(
  wfStatus: Record<string, unknown>,
  params: Record<string, string>,
): Record<string, string> | undefined {
  const nodes = isRecord(wfStatus.nodes) ? Object.values(wfStatus.nodes) : [];
  const node = nodes
    .filter(isRecord)
    .find(
      n =>
        n.type === 'Pod' &&
        n.phase === 'Succeeded' &&
        isRecord(n.templateRef) &&
        n.templateRef.name === 'generate-workload',
    );
  if (!node) return undefined;
  const inputs =
    isRecord(node.inputs) && Array.isArray(node.inputs.parameters)
      ? node.inputs.parameters.filter(isRecord)
      : [];
  const image = inputs.find(p => p.name === 'image')?.value;
  if (typeof image !== 'string' || !image) return undefined;
  return workloadRunAnnotations({
    namespace: params['namespace-name'] ?? '',
    project: params['project-name'] ?? '',
    component: params['component-name'] ?? '',
    image,
  });
}

/**
 * The run's Argo Workflow exists (`status.runReference`): the workload annotations once the
 * `generate-workload-cr` step succeeded (an update, which reconciles again on the new version),
 * else the status from the Workflow; WorkflowNotFound once the Workflow is gone.
 */
export function syncWorkflowRun(
  ctx: WorkflowRunContext,
  run: KObject,
  status: Record<string, unknown>,
  ref: ResourceRef,
  conditions: Condition[],
  generation: number,
  now: Date,
): Next {
  const wf = ctx.build.get(WORKFLOW_API, 'workflows', ref.namespace, ref.name);
  if (!wf) {
    status.conditions = applyWorkflowRunCondition(
      conditions,
      'workflowNotFound',
      generation,
      now,
    );
    return { next: 'done' };
  }
  const wfStatus = isRecord(wf.status) ? wf.status : {};
  const annotations = workloadAnnotations(wfStatus, workflowParams(wf));
  if (annotations && !run.metadata.annotations?.[ANNOTATION_WORKLOAD]) {
    updateRun(ctx.control, run, {
      annotations: { ...(run.metadata.annotations ?? {}), ...annotations },
    });
    return { next: 'done' };
  }
  return {
    next: syncFromArgo(status, conditions, generation, wfStatus, now),
  };
}
