import { isRecord } from '../apiserver/types';
import { isTrue, readConditions, setCondition } from './conditions';

function outputs(wfStatus: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const nodes = isRecord(wfStatus.nodes) ? wfStatus.nodes : {};
  for (const node of Object.values(nodes)) {
    if (
      !isRecord(node) ||
      !isRecord(node.outputs) ||
      !Array.isArray(node.outputs.parameters)
    )
      continue;
    for (const p of node.outputs.parameters.filter(isRecord))
      out[String(p.name)] = String(p.value ?? '');
  }
  return out;
}

/**
 * Writes the Argo Workflow's phase into a run's status, as OpenChoreo's
 * controller does: conditions per phase, `imageStatus` from the push step's
 * `image` output and WorkloadUpdated from the `workload-cr` output. The portal
 * reads these conditions back (in its `-common` package) to show a run's status.
 */
export function applyArgoPhase(
  runStatus: unknown,
  generation: number,
  wfStatus: Record<string, unknown>,
  now = new Date(),
): Record<string, unknown> {
  const status: Record<string, unknown> = isRecord(runStatus)
    ? { ...runStatus }
    : {};
  let c = readConditions(runStatus);
  if (isTrue(c, 'WorkflowCompleted')) return status;
  const phase = String(wfStatus.phase ?? 'Pending');
  const set = (
    type: string,
    value: 'True' | 'False',
    reason: string,
    message: string,
  ): void => {
    c = setCondition(
      c,
      { type, status: value, reason, message },
      generation,
      now,
    );
  };
  if (!c.some(x => x.type === 'WorkflowCompleted'))
    set(
      'WorkflowCompleted',
      'False',
      'WorkflowPending',
      'Workflow has not completed yet',
    );
  if (phase === 'Running') {
    set(
      'WorkflowRunning',
      'True',
      'WorkflowRunning',
      'Argo Workflow is running',
    );
  } else if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Error') {
    set(
      'WorkflowRunning',
      'False',
      'WorkflowRunning',
      'Argo Workflow running has completed',
    );
    if (phase === 'Succeeded') {
      set(
        'WorkflowSucceeded',
        'True',
        'WorkflowSucceeded',
        'Workflow completed successfully',
      );
      set(
        'WorkflowCompleted',
        'True',
        'WorkflowSucceeded',
        'Workflow has completed successfully',
      );
      const out = outputs(wfStatus);
      if (out.image) status.imageStatus = { image: out.image };
      if (out['workload-cr'])
        set(
          'WorkloadUpdated',
          'True',
          'WorkloadUpdated',
          'Workload updated successfully',
        );
      else
        set(
          'WorkloadUpdated',
          'False',
          'WorkloadUpdateFailed',
          'The workflow produced no workload-cr output',
        );
    } else {
      const detail =
        typeof wfStatus.message === 'string' && wfStatus.message
          ? `: ${wfStatus.message}`
          : '';
      set(
        'WorkflowFailed',
        'True',
        'WorkflowFailed',
        `Workflow execution failed${detail}`,
      );
      set(
        'WorkflowCompleted',
        'True',
        'WorkflowFailed',
        'Workflow has completed with failure',
      );
    }
  }
  status.conditions = c;
  return status;
}
