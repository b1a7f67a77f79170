import {
  deriveRunStatus,
  isSucceededRunStatus,
  isTerminalRunStatus,
} from './status';

const c = (type: string, status = 'True', reason?: string) => ({
  type,
  status,
  reason,
});

describe('deriveRunStatus', () => {
  it.each([
    ['no conditions', [], 'Pending'],
    ['undefined', undefined, 'Pending'],
    ['running', [c('WorkflowRunning')], 'Running'],
    ['running false', [c('WorkflowRunning', 'False')], 'Pending'],
    [
      'succeeded wins over running',
      [c('WorkflowRunning'), c('WorkflowSucceeded')],
      'Succeeded',
    ],
    [
      'failed wins over succeeded',
      [c('WorkflowSucceeded'), c('WorkflowFailed')],
      'Failed',
    ],
    [
      'workload updated wins',
      [c('WorkflowSucceeded'), c('WorkflowCompleted'), c('WorkloadUpdated')],
      'Completed',
    ],
    [
      'workload updated wins over failed',
      [c('WorkflowFailed'), c('WorkloadUpdated')],
      'Completed',
    ],
    [
      'workload update failed is not completed',
      [
        c('WorkflowSucceeded'),
        c('WorkloadUpdated', 'False', 'WorkloadUpdateFailed'),
      ],
      'Succeeded',
    ],
    [
      'pending reason',
      [c('WorkflowCompleted', 'False', 'WorkflowPending')],
      'Pending',
    ],
    [
      'completed only, failed reason',
      [c('WorkflowCompleted', 'True', 'WorkflowFailed')],
      'Failed',
    ],
    [
      'completed only, succeeded reason',
      [c('WorkflowCompleted', 'True', 'WorkflowSucceeded')],
      'Succeeded',
    ],
    ['unknown status ignored', [c('WorkflowRunning', 'Unknown')], 'Pending'],
    [
      'unrelated reason',
      [c('BuildPlaneNotFound', 'True', 'BuildPlaneNotFound')],
      'Pending',
    ],
  ] as const)('%s', (_label, conditions, expected) => {
    expect(deriveRunStatus(conditions as never)).toBe(expected);
  });

  // The v1.2.3 WorkflowRun controller has no WorkloadUpdated; its failure reasons set these
  // condition sets (`internal/controller/workflowrun/controller_conditions.go@v1.2.3`).
  it.each([
    [
      'ComponentValidationFailed (final)',
      [
        c('WorkflowRunning', 'False', 'WorkflowRunning'),
        c('WorkflowFailed', 'True', 'ComponentValidationFailed'),
        c('WorkflowCompleted', 'True', 'ComponentValidationFailed'),
      ],
      'Failed',
    ],
    [
      'Workflow not found in the plane (final)',
      [
        c('WorkflowRunning', 'False', 'WorkflowRunning'),
        c('WorkflowFailed', 'True', 'WorkflowFailed'),
        c('WorkflowCompleted', 'True', 'WorkflowFailed'),
      ],
      'Failed',
    ],
    [
      'WorkflowPlaneNotFound (requeued)',
      [c('WorkflowCompleted', 'False', 'WorkflowPlaneNotFound')],
      'Pending',
    ],
    [
      'WorkflowResolutionFailed (requeued)',
      [c('WorkflowCompleted', 'False', 'WorkflowResolutionFailed')],
      'Pending',
    ],
    [
      'succeeded',
      [
        c('WorkflowRunning', 'False', 'WorkflowRunning'),
        c('WorkflowSucceeded', 'True', 'WorkflowSucceeded'),
        c('WorkflowCompleted', 'True', 'WorkflowSucceeded'),
      ],
      'Succeeded',
    ],
  ] as const)('v1.2.3: %s', (_label, conditions, expected) => {
    expect(deriveRunStatus(conditions as never)).toBe(expected);
  });

  it('knows terminal statuses', () => {
    expect(isTerminalRunStatus('Running')).toBe(false);
    expect(isTerminalRunStatus('Pending')).toBe(false);
    expect(isTerminalRunStatus('Failed')).toBe(true);
    expect(isTerminalRunStatus('Succeeded')).toBe(true);
    expect(isTerminalRunStatus('Completed')).toBe(true);
  });
});

describe('isSucceededRunStatus', () => {
  it('counts Succeeded and Completed (built and workload updated) as success, nothing else', () => {
    expect(isSucceededRunStatus('Succeeded')).toBe(true);
    expect(isSucceededRunStatus('Completed')).toBe(true);
    expect(isSucceededRunStatus('Failed')).toBe(false);
    expect(isSucceededRunStatus('Running')).toBe(false);
    expect(isSucceededRunStatus('Pending')).toBe(false);
  });
});
