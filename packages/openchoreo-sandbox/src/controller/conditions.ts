import { isRecord } from '../apiserver/types';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export function readConditions(status: unknown): Condition[] {
  const conditions =
    isRecord(status) && Array.isArray(status.conditions)
      ? status.conditions
      : [];
  return conditions.filter(isRecord) as unknown as Condition[];
}

/**
 * Sets a condition like apimachinery's `meta.SetStatusCondition`: the
 * transition time only changes when the status value changes.
 */
export function setCondition(
  conditions: Condition[],
  next: Omit<Condition, 'lastTransitionTime' | 'observedGeneration'>,
  generation: number,
  now = new Date(),
): Condition[] {
  const time = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const existing = conditions.find(c => c.type === next.type);
  const updated: Condition = {
    ...next,
    lastTransitionTime:
      existing && existing.status === next.status
        ? existing.lastTransitionTime
        : time,
    observedGeneration: generation,
  };
  return existing
    ? conditions.map(c => (c.type === next.type ? updated : c))
    : [...conditions, updated];
}

export function isTrue(conditions: Condition[], type: string): boolean {
  return conditions.some(c => c.type === type && c.status === 'True');
}

type ConditionValue = Omit<
  Condition,
  'lastTransitionTime' | 'observedGeneration'
>;

/**
 * The ComponentWorkflowRun conditions exactly as OpenChoreo's controller sets
 * them: each entry is one `set…Condition` function of
 * `internal/controller/componentworkflowrun/controller_conditions.go@v0.9.0`
 * (types, reasons and messages verbatim). Nothing else may set run conditions.
 */
export const RUN_CONDITIONS = {
  /** `setWorkflowPendingCondition` (`controller.go@v0.9.0:97`). */
  pending: [
    {
      type: 'WorkflowCompleted',
      status: 'False',
      reason: 'WorkflowPending',
      message: 'Workflow has not completed yet',
    },
  ],
  /** `setWorkflowRunningCondition`. */
  running: [
    {
      type: 'WorkflowRunning',
      status: 'True',
      reason: 'WorkflowRunning',
      message: 'Argo Workflow is running',
    },
  ],
  /** `setWorkflowSucceededCondition`. */
  succeeded: [
    {
      type: 'WorkflowRunning',
      status: 'False',
      reason: 'WorkflowRunning',
      message: 'Argo Workflow running has completed',
    },
    {
      type: 'WorkflowSucceeded',
      status: 'True',
      reason: 'WorkflowSucceeded',
      message: 'Workflow completed successfully',
    },
    {
      type: 'WorkflowCompleted',
      status: 'True',
      reason: 'WorkflowSucceeded',
      message: 'Workflow has completed successfully',
    },
  ],
  /** `setWorkflowFailedCondition` (Argo phases Failed and Error). */
  failed: [
    {
      type: 'WorkflowRunning',
      status: 'False',
      reason: 'WorkflowRunning',
      message: 'Argo Workflow running has completed',
    },
    {
      type: 'WorkflowFailed',
      status: 'True',
      reason: 'WorkflowFailed',
      message: 'Workflow execution failed',
    },
    {
      type: 'WorkflowCompleted',
      status: 'True',
      reason: 'WorkflowFailed',
      message: 'Workflow has completed with failure',
    },
  ],
  /** `setWorkflowNotFoundCondition`: the Workflow vanished before completing; no `WorkflowFailed` condition. */
  workflowNotFound: [
    {
      type: 'WorkflowRunning',
      status: 'False',
      reason: 'WorkflowRunning',
      message: 'Workflow is not found in the cluster',
    },
    {
      type: 'WorkflowCompleted',
      status: 'True',
      reason: 'WorkflowFailed',
      message: 'Workflow has been deleted from the cluster',
    },
  ],
  /** `setWorkloadUpdatedCondition`. */
  workloadUpdated: [
    {
      type: 'WorkloadUpdated',
      status: 'True',
      reason: 'WorkloadUpdated',
      message: 'Workload CR created/updated successfully',
    },
  ],
  /** `setWorkloadUpdateFailedCondition`. */
  workloadUpdateFailed: [
    {
      type: 'WorkloadUpdated',
      status: 'False',
      reason: 'WorkloadUpdateFailed',
      message: 'Failed to create/update workload CR',
    },
  ],
} as const satisfies Record<string, readonly ConditionValue[]>;

export type RunConditionName = keyof typeof RUN_CONDITIONS;

/** Applies one of the upstream condition setters to a condition list. */
export function applyRunCondition(
  conditions: Condition[],
  name: RunConditionName,
  generation: number,
  now = new Date(),
): Condition[] {
  let next = conditions;
  for (const c of RUN_CONDITIONS[name])
    next = setCondition(next, { ...c }, generation, now);
  return next;
}
