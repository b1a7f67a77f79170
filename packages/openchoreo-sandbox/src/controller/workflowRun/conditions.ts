import { Condition, setCondition } from '../conditions';

type ConditionValue = Omit<
  Condition,
  'lastTransitionTime' | 'observedGeneration'
>;

const RUNNING_ENDED = {
  type: 'WorkflowRunning',
  status: 'False',
  reason: 'WorkflowRunning',
  message: 'Argo Workflow running has completed',
} as const;

/**
 * The WorkflowRun conditions exactly as OpenChoreo v1.2.3 sets them: each entry is one
 * `set…Condition` function of `internal/controller/workflowrun/controller_conditions.go@v1.2.3`
 * (types, reasons and messages verbatim). The ones whose message carries an error or a
 * validation text take it as `message`.
 */
export const WORKFLOW_RUN_CONDITIONS = {
  /** `setWorkflowPendingCondition`. */
  pending: () => [
    {
      type: 'WorkflowCompleted',
      status: 'False',
      reason: 'WorkflowPending',
      message: 'Workflow has not completed yet',
    },
  ],
  /** `setWorkflowRunningCondition`. */
  running: () => [
    {
      type: 'WorkflowRunning',
      status: 'True',
      reason: 'WorkflowRunning',
      message: 'Argo Workflow is running',
    },
  ],
  /** `setWorkflowSucceededCondition`. */
  succeeded: () => [
    RUNNING_ENDED,
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
  /** `setWorkflowFailedCondition` (Argo phases Failed and Error; a terminated Workflow ends Failed). */
  failed: () => [
    RUNNING_ENDED,
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
  /**
   * `setWorkflowNotFoundCondition`: the Argo Workflow vanished before it completed, or the
   * run's Workflow/ClusterWorkflow does not exist (both are permanent in v1.2.3).
   */
  workflowNotFound: () =>
    (['WorkflowRunning', 'WorkflowFailed', 'WorkflowCompleted'] as const).map(
      type => ({
        type,
        status: type === 'WorkflowRunning' ? 'False' : 'True',
        reason:
          type === 'WorkflowRunning' ? 'WorkflowRunning' : 'WorkflowFailed',
        message: 'Workflow is not found in the cluster',
      }),
    ),
  /** `setWorkflowResolutionFailedCondition`: a transient error reading the (Cluster)Workflow. */
  workflowResolutionFailed: (error: string) => [
    {
      type: 'WorkflowCompleted',
      status: 'False',
      reason: 'WorkflowResolutionFailed',
      message: `Failed to resolve workflow: ${error}`,
    },
  ],
  /** `setWorkflowPlaneNotFoundCondition`. */
  workflowPlaneNotFound: () => [
    {
      type: 'WorkflowCompleted',
      status: 'False',
      reason: 'WorkflowPlaneNotFound',
      message:
        'No workflow plane found for the workflow associated with this workflow run',
    },
  ],
  /** `setWorkflowPlaneResolutionFailedCondition`: a transient error reading the plane. */
  workflowPlaneResolutionFailed: (error: string) => [
    {
      type: 'WorkflowCompleted',
      status: 'False',
      reason: 'WorkflowPlaneResolutionFailed',
      message: `Failed to resolve workflow plane: ${error}`,
    },
  ],
  /** `setComponentValidationFailedCondition`: permanent; the message is the validation's. */
  componentValidationFailed: (message: string) => [
    {
      type: 'WorkflowRunning',
      status: 'False',
      reason: 'WorkflowRunning',
      message,
    },
    {
      type: 'WorkflowFailed',
      status: 'True',
      reason: 'ComponentValidationFailed',
      message,
    },
    {
      type: 'WorkflowCompleted',
      status: 'True',
      reason: 'ComponentValidationFailed',
      message,
    },
  ],
} as const satisfies Record<
  string,
  (text: string) => readonly ConditionValue[]
>;

export type WorkflowRunConditionName = keyof typeof WORKFLOW_RUN_CONDITIONS;

/** Applies one of the upstream condition setters (with its message argument, if it takes one). */
export function applyWorkflowRunCondition(
  conditions: Condition[],
  name: WorkflowRunConditionName,
  generation: number,
  now: Date,
  text = '',
): Condition[] {
  let next = conditions;
  for (const c of WORKFLOW_RUN_CONDITIONS[name](text))
    next = setCondition(next, { ...c }, generation, now);
  return next;
}
