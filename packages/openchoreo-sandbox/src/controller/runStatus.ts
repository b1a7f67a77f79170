import { isRecord } from '../apiserver/types';
import { applyRunCondition, isTrue, readConditions } from './conditions';

/** `engines.StepPush`: the only template whose `image` output becomes `status.imageStatus.image`. */
export const PUSH_STEP_TEMPLATE = 'push-step';
/** The template whose `workload-cr` output becomes the Workload (`controller.go@v0.9.0:483`). */
export const WORKLOAD_STEP_TEMPLATE = 'workload-create-step';

type ArgoNodeView = {
  templateName?: unknown;
  phase?: unknown;
  outputs?: unknown;
};

function nodesOf(wfStatus: Record<string, unknown>): ArgoNodeView[] {
  const nodes = isRecord(wfStatus.nodes) ? wfStatus.nodes : {};
  return Object.values(nodes).filter(isRecord);
}

function outputOf(node: ArgoNodeView, name: string): string | undefined {
  const params =
    isRecord(node.outputs) && Array.isArray(node.outputs.parameters)
      ? node.outputs.parameters.filter(isRecord)
      : [];
  const param = params.find(p => p.name === name && p.value !== undefined);
  return param === undefined ? undefined : String(param.value);
}

/**
 * `getStepByTemplateName(nodes, engines.StepPush)` + `getImageNameFromRunResource`
 * (`controller.go@v0.9.0:254-257,592-610`): the `image` output of the node whose
 * templateName is exactly `push-step`. GitOps templates push in `push-image`, so their
 * runs get no image.
 */
export function pushedImage(
  wfStatus: Record<string, unknown>,
): string | undefined {
  const push = nodesOf(wfStatus).find(
    n => n.templateName === PUSH_STEP_TEMPLATE,
  );
  const image = push ? outputOf(push, 'image') : undefined;
  return image ? image : undefined;
}

/**
 * `extractWorkloadCRFromRunResource` (`controller.go@v0.9.0:480-494`): the `workload-cr`
 * output of a Succeeded `workload-create-step` node, or undefined.
 */
export function workloadCrOutput(
  wfStatus: Record<string, unknown>,
): string | undefined {
  for (const node of nodesOf(wfStatus)) {
    if (
      node.templateName !== WORKLOAD_STEP_TEMPLATE ||
      node.phase !== 'Succeeded'
    )
      continue;
    const cr = outputOf(node, 'workload-cr');
    if (cr !== undefined) return cr;
  }
  return undefined;
}

/**
 * What the controller does next after a status sync (`ctrl.Result` of
 * `syncWorkflowRunStatus`): `running` = RequeueAfter 20 s, `requeue` = come
 * back soon, `done` = nothing more to do.
 */
export type SyncOutcome = 'running' | 'requeue' | 'done';

/**
 * `syncWorkflowRunStatus` (`controller.go@v0.9.0:244-266`): the run's status
 * after seeing the Argo Workflow in `wfStatus`. Running → WorkflowRunning;
 * Succeeded → WorkflowSucceeded/WorkflowCompleted and the push step's image;
 * Failed or Error → WorkflowFailed/WorkflowCompleted; Pending or no phase
 * changes nothing. Workload creation is a later reconcile (see workload.ts).
 */
export function syncWorkflowRunStatus(
  runStatus: unknown,
  generation: number,
  wfStatus: Record<string, unknown>,
  now = new Date(),
): { status: Record<string, unknown>; outcome: SyncOutcome } {
  const status: Record<string, unknown> = isRecord(runStatus)
    ? { ...runStatus }
    : {};
  const conditions = readConditions(runStatus);
  switch (wfStatus.phase) {
    case 'Running':
      status.conditions = applyRunCondition(
        conditions,
        'running',
        generation,
        now,
      );
      return { status, outcome: 'running' };
    case 'Succeeded': {
      status.conditions = applyRunCondition(
        conditions,
        'succeeded',
        generation,
        now,
      );
      const image = pushedImage(wfStatus);
      if (image)
        status.imageStatus = {
          ...(isRecord(status.imageStatus) ? status.imageStatus : {}),
          image,
        };
      return { status, outcome: 'requeue' };
    }
    case 'Failed':
    case 'Error':
      status.conditions = applyRunCondition(
        conditions,
        'failed',
        generation,
        now,
      );
      return { status, outcome: 'done' };
    default:
      return { status, outcome: 'requeue' };
  }
}

/**
 * The status a run reaches from no status by watching `wfStatus` (the seed
 * uses it to write finished history): pending, then the phase's conditions.
 */
export function applyArgoPhase(
  runStatus: unknown,
  generation: number,
  wfStatus: Record<string, unknown>,
  now = new Date(),
): Record<string, unknown> {
  const conditions = readConditions(runStatus);
  if (isTrue(conditions, 'WorkflowCompleted'))
    return isRecord(runStatus) ? { ...runStatus } : {};
  const start = {
    ...(isRecord(runStatus) ? runStatus : {}),
    conditions: conditions.some(c => c.type === 'WorkflowCompleted')
      ? conditions
      : applyRunCondition(conditions, 'pending', generation, now),
  };
  return syncWorkflowRunStatus(start, generation, wfStatus, now).status;
}
