import type { RunCondition } from '@openchoreo-build/plugin-openchoreo-build-common';
import { ago, facts, v1Facts } from '../__testUtils__/facts';
import { applyRules } from './index';
import { workflowRunRules } from './workflowRunRules';

/** The three conditions `setComponentValidationFailedCondition` sets (controller_conditions.go@v1.2.3:172-194). */
function refused(message: string): RunCondition[] {
  return [
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
  ];
}

/** `setWorkflowNotFoundCondition` (controller_conditions.go@v1.2.3:118-138). */
const NOT_FOUND: RunCondition[] = [
  {
    type: 'WorkflowRunning',
    status: 'False',
    reason: 'WorkflowRunning',
    message: 'Workflow is not found in the cluster',
  },
  {
    type: 'WorkflowFailed',
    status: 'True',
    reason: 'WorkflowFailed',
    message: 'Workflow is not found in the cluster',
  },
  {
    type: 'WorkflowCompleted',
    status: 'True',
    reason: 'WorkflowFailed',
    message: 'Workflow is not found in the cluster',
  },
];

/** A Pending run the controller retries, with the reason and message it recorded. */
function retrying(reason: string, message: string) {
  return {
    status: 'Pending' as const,
    createdAt: ago(10),
    runReference: undefined,
    execution: { found: false },
    conditions: [
      { type: 'WorkflowCompleted', status: 'False', reason, message },
    ],
  };
}

const failedRun = (conditions: RunCondition[]) => ({
  status: 'Failed' as const,
  runReference: undefined,
  execution: { found: false },
  conditions,
});

describe('workflowRunRules: ComponentValidationFailed', () => {
  it('names allowedWorkflows of the ComponentType when the workflow is not allowed', () => {
    // controller_validate.go@v1.2.3:99-104.
    const message =
      'workflow ClusterWorkflow/gcp-buildpacks-builder is not allowed for component type "service"; allowed: [ClusterWorkflow/dockerfile-builder, ClusterWorkflow/paketo-buildpacks-builder]';
    const items = workflowRunRules(
      v1Facts({ run: failedRun(refused(message)) }),
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'run-refused',
        severity: 'error',
        title:
          'Component type service does not allow ClusterWorkflow gcp-buildpacks-builder',
      }),
    ]);
    expect(items[0].detail).toContain(`"${message}"`);
    expect(items[0].fix).toContain(
      'ClusterWorkflow/dockerfile-builder, ClusterWorkflow/paketo-buildpacks-builder',
    );
    expect(items[0].fix).toContain(
      'add {kind: ClusterWorkflow, name: gcp-buildpacks-builder} to spec.allowedWorkflows of the ComponentType service',
    );
  });

  it('explains a type that allows no workflow, a wrong workflow, and the labels', () => {
    const fixFor = (message: string) =>
      workflowRunRules(v1Facts({ run: failedRun(refused(message)) }))[0];
    expect(
      fixFor(
        'no workflows are allowed by component type "service", but workflow run references workflow ClusterWorkflow/dockerfile-builder',
      ),
    ).toEqual(
      expect.objectContaining({
        title: 'Component type service allows no workflows',
        fix: expect.stringContaining('spec.allowedWorkflows'),
      }),
    );
    expect(
      fixFor(
        'workflow run references workflow ClusterWorkflow/paketo-buildpacks-builder but component "greeter" is configured with workflow ClusterWorkflow/dockerfile-builder',
      ).title,
    ).toBe(
      'Component greeter builds with ClusterWorkflow dockerfile-builder, not ClusterWorkflow paketo-buildpacks-builder',
    );
    const labels = fixFor(
      'component workflow run must have both openchoreo.dev/project and openchoreo.dev/component labels',
    );
    expect(labels.title).toContain('openchoreo.dev/project');
    expect(labels.fix).toContain('both labels');
    expect(
      fixFor(
        'workflow run project label "default" does not match component "greeter" owner project "shop"',
      ).fix,
    ).toContain('openchoreo.dev/project must be shop');
    expect(fixFor('component "ghost" not found').fix).toContain(
      'kubectl get components -n nova',
    );
    expect(
      fixFor(
        'component type "deployment/service" not found for component "greeter"',
      ).fix,
    ).toContain('ClusterComponentType) service');
  });

  it('keeps a message it does not know to the quote, with a generic fix', () => {
    const items = workflowRunRules(
      v1Facts({ run: failedRun(refused('something new; $(rm -rf /)')) }),
    );
    expect(items[0].title).toBe('OpenChoreo refused to start the run');
    expect(items[0].fix).not.toContain('rm -rf');
    expect(items[0].fix).toContain('spec.allowedWorkflows');
  });
});

describe('workflowRunRules: Workflow is not found in the cluster', () => {
  it('names the missing ClusterWorkflow', () => {
    const items = workflowRunRules(
      v1Facts({
        run: failedRun(NOT_FOUND),
        workflow: {
          kind: 'ClusterWorkflow',
          name: 'dockerfile-builder',
          exists: false,
        },
      }),
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'workflow-missing',
        severity: 'error',
        title: 'ClusterWorkflow dockerfile-builder does not exist',
        fix: expect.stringContaining('kubectl get clusterworkflows'),
      }),
    ]);
  });

  it('tells a deleted Argo Workflow from a missing template', () => {
    const items = workflowRunRules(
      v1Facts({
        run: {
          ...failedRun(NOT_FOUND),
          runReference: { namespace: 'workflows-nova', name: 'greeter-abc' },
        },
      }),
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'argo-workflow-missing',
        title: "The run's Argo Workflow greeter-abc was deleted",
      }),
    ]);
    expect(items[0].detail).toContain(
      'workflows-nova/greeter-abc is no longer in the cluster workflow plane',
    );
  });

  it('says the template exists now when the controller did not find it earlier', () => {
    const [item] = workflowRunRules(v1Facts({ run: failedRun(NOT_FOUND) }));
    expect(item.id).toBe('workflow-missing');
    expect(item.detail).toContain('exists now');
  });
});

describe('workflowRunRules: reasons the controller retries on', () => {
  it('leaves a plane known to be missing to pendingRules, and reports it at once there', () => {
    const run = retrying(
      'WorkflowPlaneNotFound',
      'No workflow plane found for the workflow associated with this workflow run',
    );
    const missing = v1Facts({
      run,
      plane: {
        kind: 'ClusterWorkflowPlane',
        exists: false,
        name: 'default',
        candidates: [{ kind: 'ClusterWorkflowPlane', name: 'default' }],
      },
    });
    expect(workflowRunRules(missing)).toEqual([]);
    // Ten seconds old, grace 60 s: what the controller recorded is not waited for.
    expect(
      applyRules(missing, { pendingGraceSeconds: 60 }).map(i => i.id),
    ).toEqual(['pending-buildplane-missing']);
  });

  it('quotes WorkflowPlaneNotFound when the plane is unknown or exists by now', () => {
    const run = retrying(
      'WorkflowPlaneNotFound',
      'No workflow plane found for the workflow associated with this workflow run',
    );
    const unknown = workflowRunRules(v1Facts({ run, plane: undefined }));
    expect(unknown).toEqual([
      expect.objectContaining({
        id: 'workflowplane-not-found',
        severity: 'error',
        fix: expect.stringContaining(
          'kubectl get workflowplanes -n nova and kubectl get clusterworkflowplanes',
        ),
      }),
    ]);
    expect(unknown[0].detail).toContain('"No workflow plane found');
    const exists = workflowRunRules(v1Facts({ run }));
    expect(exists).toEqual([
      expect.objectContaining({
        id: 'workflowplane-not-found',
        severity: 'warning',
        title:
          "The controller did not find the run's workflow plane, but ClusterWorkflowPlane default exists now",
      }),
    ]);
  });

  it('reports failed reads of the Workflow and of the plane, and no render guess beside them', () => {
    const run = retrying(
      'WorkflowResolutionFailed',
      'Failed to resolve workflow: clusterworkflows.openchoreo.dev "dockerfile-builder" is forbidden',
    );
    const items = applyRules(
      v1Facts({ run: { ...run, createdAt: ago(600) } }),
      { pendingGraceSeconds: 60 },
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'workflow-resolution-failed',
        severity: 'warning',
        title:
          "The controller could not read the run's ClusterWorkflow dockerfile-builder",
      }),
    ]);
    expect(items[0].detail).toContain('is forbidden');
    expect(
      workflowRunRules(
        v1Facts({
          run: retrying(
            'WorkflowPlaneResolutionFailed',
            'Failed to resolve workflow plane: timeout',
          ),
        }),
      ).map(i => i.id),
    ).toEqual(['workflowplane-resolution-failed']);
  });

  it('says nothing about v0 runs or runs without a recorded reason', () => {
    expect(
      workflowRunRules(
        facts({
          run: failedRun(refused('component "ghost" not found')),
        }),
      ),
    ).toEqual([]);
    expect(workflowRunRules(v1Facts())).toEqual([]);
    expect(
      workflowRunRules(
        v1Facts({
          run: retrying('WorkflowPending', 'Workflow has not completed yet'),
        }),
      ),
    ).toEqual([]);
  });
});
