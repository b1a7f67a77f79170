import { ago, facts, v1Facts } from '../__testUtils__/facts';
import { pendingRules } from './pendingRules';

const options = { pendingGraceSeconds: 60 };

/** A run as the v0.9 controller leaves a misconfigured one: WorkflowPending, no runReference. */
const pending = (createdSecondsAgo: number) => ({
  status: 'Pending' as const,
  createdAt: ago(createdSecondsAgo),
  runReference: undefined,
  execution: { found: false },
  conditions: [
    {
      type: 'WorkflowCompleted',
      status: 'False',
      reason: 'WorkflowPending',
      message: 'Workflow has not completed yet',
    },
  ],
});

describe('pendingRules', () => {
  it('says nothing about a run that is not Pending', () => {
    expect(
      pendingRules(
        facts({
          workflow: {
            kind: 'ComponentWorkflow',
            name: 'docker',
            exists: false,
          },
        }),
        options,
      ),
    ).toEqual([]);
  });

  it('says nothing within the grace period, even when the workflow is missing', () => {
    expect(
      pendingRules(
        facts({
          run: pending(30),
          workflow: {
            kind: 'ComponentWorkflow',
            name: 'docker',
            exists: false,
          },
        }),
        options,
      ),
    ).toEqual([]);
  });

  it('names the missing ComponentWorkflow once the grace period is over', () => {
    const items = pendingRules(
      facts({
        run: pending(300),
        workflow: {
          kind: 'ComponentWorkflow',
          name: 'docker-old',
          exists: false,
        },
      }),
      options,
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'pending-workflow-missing',
        severity: 'error',
        title: 'ComponentWorkflow docker-old does not exist',
      }),
    ]);
    expect(items[0].detail).toContain('Pending for 5 minutes');
    expect(items[0].fix).toContain(
      'Create the ComponentWorkflow docker-old in namespace default',
    );
  });

  it('reports a namespace without BuildPlane', () => {
    const items = pendingRules(
      facts({
        run: pending(120),
        plane: { kind: 'BuildPlane', exists: false, namespace: 'default' },
      }),
      options,
    );
    expect(items.map(i => i.id)).toEqual(['pending-buildplane-missing']);
    expect(items[0].title).toBe('Namespace default has no BuildPlane');
  });

  it('reports both when both are missing', () => {
    const items = pendingRules(
      facts({
        run: pending(120),
        plane: { kind: 'BuildPlane', exists: false, namespace: 'default' },
        workflow: { kind: 'ComponentWorkflow', name: 'docker', exists: false },
      }),
      options,
    );
    expect(items.map(i => i.id)).toEqual([
      'pending-buildplane-missing',
      'pending-workflow-missing',
    ]);
  });

  it('points at the controller when everything it needs exists (a render error)', () => {
    const items = pendingRules(facts({ run: pending(120) }), options);
    expect(items).toEqual([
      expect.objectContaining({
        id: 'pending-not-started',
        severity: 'warning',
      }),
    ]);
    expect(items[0].fix).toContain('greeter-service-workflow-0000aaaa');
  });

  it('does not guess when the checks could not be made', () => {
    expect(
      pendingRules(
        facts({
          run: pending(120),
          workflow: undefined,
          plane: undefined,
        }),
        options,
      ),
    ).toEqual([]);
  });

  it('leaves a disconnected agent to the plane rule', () => {
    expect(
      pendingRules(
        facts({
          run: pending(120),
          plane: {
            kind: 'BuildPlane',
            exists: true,
            name: 'default',
            mode: 'agent',
            agentConnection: { connected: false },
          },
        }),
        options,
      ),
    ).toEqual([]);
  });

  it('reports a Workflow that Argo does not start', () => {
    const items = pendingRules(
      facts({
        run: {
          ...pending(600),
          runReference: { namespace: 'openchoreo-ci-default', name: 'wf' },
          execution: { found: true, phase: undefined },
        },
      }),
      options,
    );
    expect(items.map(i => i.id)).toEqual(['workflow-not-started']);
  });

  it('applies a grace period of 0 at once', () => {
    expect(
      pendingRules(
        facts({
          run: pending(0),
          workflow: {
            kind: 'ComponentWorkflow',
            name: 'docker',
            exists: false,
          },
        }),
        { pendingGraceSeconds: 0 },
      ).map(i => i.id),
    ).toEqual(['pending-workflow-missing']);
  });
});

describe('pendingRules (v1 WorkflowRuns)', () => {
  /** A WorkflowRun the controller has only marked Pending (its first reconcile). */
  const v1Pending = (createdSecondsAgo: number) => ({
    ...pending(createdSecondsAgo),
    generation: 'v1' as const,
  });

  it('names both default planes of a Workflow without workflowPlaneRef', () => {
    const items = pendingRules(
      v1Facts({
        run: {
          ...v1Pending(120),
          workflowKind: 'Workflow',
          workflowName: 'builder',
        },
        workflow: { kind: 'Workflow', name: 'builder', exists: true },
        plane: {
          kind: 'WorkflowPlane',
          exists: false,
          name: 'default',
          namespace: 'nova',
          candidates: [
            { kind: 'WorkflowPlane', name: 'default', namespace: 'nova' },
            { kind: 'ClusterWorkflowPlane', name: 'default' },
          ],
        },
      }),
      options,
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'pending-buildplane-missing',
        severity: 'error',
        title:
          'Neither WorkflowPlane nova/default nor ClusterWorkflowPlane default exists',
      }),
    ]);
    expect(items[0].detail).toContain(
      'Workflow nova/builder names no spec.workflowPlaneRef, so it runs on WorkflowPlane nova/default or else on ClusterWorkflowPlane default',
    );
    expect(items[0].detail).toContain('WorkflowPlaneNotFound');
    expect(items[0].fix).toContain(
      'kubectl get workflowplanes -n nova and kubectl get clusterworkflowplanes',
    );
  });

  it('names the one plane a workflowPlaneRef points at, after the grace period only', () => {
    const plane = {
      kind: 'ClusterWorkflowPlane' as const,
      exists: false,
      name: 'ci',
      candidates: [{ kind: 'ClusterWorkflowPlane' as const, name: 'ci' }],
    };
    expect(
      pendingRules(v1Facts({ run: v1Pending(30), plane }), options),
    ).toEqual([]);
    const [item] = pendingRules(
      v1Facts({ run: v1Pending(120), plane }),
      options,
    );
    expect(item.title).toBe('ClusterWorkflowPlane ci does not exist');
    expect(item.detail).toContain(
      'ClusterWorkflow dockerfile-builder runs on ClusterWorkflowPlane ci, which does not exist',
    );
    expect(item.fix).toContain(
      'point spec.workflowPlaneRef of ClusterWorkflow dockerfile-builder at a plane that exists',
    );
  });

  it('names a missing ClusterWorkflow with the command that lists them', () => {
    const [item] = pendingRules(
      v1Facts({
        run: v1Pending(120),
        workflow: {
          kind: 'ClusterWorkflow',
          name: 'dockerfile-builder',
          exists: false,
        },
        plane: undefined,
      }),
      options,
    );
    expect(item).toEqual(
      expect.objectContaining({
        id: 'pending-workflow-missing',
        title: 'ClusterWorkflow dockerfile-builder does not exist',
        fix: expect.stringContaining('kubectl get clusterworkflows'),
      }),
    );
  });

  it('points at the controller log when the Workflow and the plane exist', () => {
    const [item] = pendingRules(v1Facts({ run: v1Pending(120) }), options);
    expect(item.id).toBe('pending-not-started');
    expect(item.detail).toContain(
      'its ClusterWorkflow dockerfile-builder and ClusterWorkflowPlane default exist',
    );
    expect(item.detail).toContain('externalRefs');
  });

  it('leaves a reason the controller recorded to workflowRunRules', () => {
    expect(
      pendingRules(
        v1Facts({
          run: {
            ...v1Pending(600),
            conditions: [
              {
                type: 'WorkflowCompleted',
                status: 'False',
                reason: 'WorkflowResolutionFailed',
                message: 'Failed to resolve workflow: timeout',
              },
            ],
          },
        }),
        options,
      ),
    ).toEqual([]);
  });

  it('reports an Argo Workflow that is not started in the workflow plane', () => {
    const [item] = pendingRules(
      v1Facts({
        run: {
          ...v1Pending(600),
          runReference: { namespace: 'workflows-nova', name: 'wf' },
          execution: { found: true },
        },
      }),
      options,
    );
    expect(item.id).toBe('workflow-not-started');
    expect(item.detail).toContain(
      'workflows-nova/wf exists in the cluster workflow plane',
    );
  });
});
