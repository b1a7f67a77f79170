import type { RunCondition, RunStatus } from './api/runs';

/** Condition types OpenChoreo writes on a ComponentWorkflowRun. @public */
export const RUN_CONDITION_TYPES = {
  completed: 'WorkflowCompleted',
  running: 'WorkflowRunning',
  succeeded: 'WorkflowSucceeded',
  failed: 'WorkflowFailed',
  workloadUpdated: 'WorkloadUpdated',
} as const;

/**
 * The summary-status table: the first row whose condition is True wins.
 *
 * @public
 */
export const RUN_STATUS_TABLE: ReadonlyArray<{
  conditionType: string;
  status: RunStatus;
}> = [
  { conditionType: RUN_CONDITION_TYPES.workloadUpdated, status: 'Completed' },
  { conditionType: RUN_CONDITION_TYPES.failed, status: 'Failed' },
  { conditionType: RUN_CONDITION_TYPES.succeeded, status: 'Succeeded' },
  { conditionType: RUN_CONDITION_TYPES.running, status: 'Running' },
];

/** Every summary status, in display order. @public */
export const RUN_STATUSES: readonly RunStatus[] = [
  'Pending',
  'Running',
  'Succeeded',
  'Failed',
  'Completed',
];

/**
 * Derives a run's summary status from its conditions: WorkloadUpdated→Completed,
 * WorkflowFailed→Failed, WorkflowSucceeded→Succeeded, WorkflowRunning→Running, else Pending
 * (first True wins). A `WorkflowCompleted=True` whose reason says failed/succeeded is honoured too,
 * for controllers that only set that one.
 *
 * @public
 */
export function deriveRunStatus(
  conditions:
    | ReadonlyArray<Pick<RunCondition, 'type' | 'status' | 'reason'>>
    | undefined,
): RunStatus {
  const isTrue = (type: string) =>
    (conditions ?? []).some(c => c.type === type && c.status === 'True');
  for (const row of RUN_STATUS_TABLE) {
    if (isTrue(row.conditionType)) {
      return row.status;
    }
  }
  const completed = (conditions ?? []).find(
    c => c.type === RUN_CONDITION_TYPES.completed && c.status === 'True',
  );
  if (completed?.reason === 'WorkflowFailed') return 'Failed';
  if (completed?.reason === 'WorkflowSucceeded') return 'Succeeded';
  return 'Pending';
}

/** True for statuses that will not change any more. @public */
export function isTerminalRunStatus(status: RunStatus): boolean {
  return (
    status === 'Succeeded' || status === 'Failed' || status === 'Completed'
  );
}

/**
 * True for a finished run that built what it should: `Succeeded`, or `Completed` (a success that
 * also updated the component's workload). `Failed` is the only other finished status. @public
 */
export function isSucceededRunStatus(status: RunStatus): boolean {
  return status === 'Succeeded' || status === 'Completed';
}
