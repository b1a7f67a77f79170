import {
  findRepositoryFields,
  type ComponentWorkflowRun,
  type WorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { v1Samples } from './__testUtils__/v1Samples';
import {
  argoNamespaceOf,
  fromComponentWorkflowRun,
  fromWorkflowRun,
  SAMPLE_REPOSITORY_PATHS,
} from './buildRun';
import { toRunDetail, toRunSummary } from './runModel';

/**
 * The upstream sample WorkflowRun as the v1.2.3 controller and API leave it after a successful
 * build: namespace, the conditions `setWorkflowSucceededCondition` writes
 * (`internal/controller/workflowrun/controller_conditions.go@v1.2.3:52-74`), `tasks` named after
 * the Argo nodes' displayName, and the Workload the sample `generate-workload` step writes back
 * (`samples/getting-started/workflow-templates/generate-workload.yaml@v1.2.3:247-252`).
 */
function finishedSampleRun(): WorkflowRun {
  const { run } = v1Samples();
  return {
    ...run,
    metadata: {
      ...run.metadata,
      namespace: 'default',
      uid: 'u-1',
      resourceVersion: '42',
      creationTimestamp: '2026-08-20T10:00:00Z',
      annotations: {
        'openchoreo.dev/workload': JSON.stringify({
          kind: 'Workload',
          spec: {
            container: { image: 'registry.local/greeting-service:abc1234' },
          },
        }),
        'openchoreo.dev/created-by': 'user:default/ada',
      },
    },
    status: {
      conditions: [
        { type: 'WorkflowRunning', status: 'False', reason: 'WorkflowRunning' },
        {
          type: 'WorkflowSucceeded',
          status: 'True',
          reason: 'WorkflowSucceeded',
        },
        {
          type: 'WorkflowCompleted',
          status: 'True',
          reason: 'WorkflowSucceeded',
          lastTransitionTime: '2026-08-20T10:03:00Z',
        },
      ],
      runReference: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        name: 'greeting-service-build-01',
        namespace: 'workflows-default',
      },
      tasks: [
        {
          name: 'checkout-source',
          phase: 'Succeeded',
          startedAt: '2026-08-20T10:00:05Z',
          completedAt: '2026-08-20T10:00:20Z',
        },
        {
          name: 'containerfile-build',
          phase: 'Succeeded',
          startedAt: '2026-08-20T10:00:21Z',
          completedAt: '2026-08-20T10:02:40Z',
        },
      ],
      startedAt: '2026-08-20T10:00:02Z',
      completedAt: '2026-08-20T10:03:00Z',
    },
  };
}

describe('fromWorkflowRun (v1.2.3 WorkflowRun)', () => {
  it('reads the component from the labels, the repository through the Workflow markers and the image from the Workload annotation', () => {
    const { dockerfileBuilder } = v1Samples();
    const paths = findRepositoryFields(
      dockerfileBuilder.spec?.parameters?.openAPIV3Schema,
    ).paths;
    const run = fromWorkflowRun(finishedSampleRun(), paths);
    expect(run).toMatchObject({
      generation: 'v1',
      namespace: 'default',
      name: 'greeting-service-build-01',
      project: 'default',
      component: 'greeting-service',
      workflow: { kind: 'ClusterWorkflow', name: 'dockerfile-builder' },
      repository: {
        url: 'https://github.com/openchoreo/sample-workloads',
        branch: 'main',
        appPath: '/service-go-greeter',
        commit: undefined,
      },
      image: 'registry.local/greeting-service:abc1234',
      createdBy: 'user:default/ada',
    });
    expect(argoNamespaceOf(run)).toBe('workflows-default');
  });

  it('falls back to the sample paths when the Workflow is unknown, and defaults the kind to ClusterWorkflow', () => {
    const sample = finishedSampleRun();
    delete sample.spec!.workflow!.kind;
    delete sample.metadata!.annotations;
    const run = fromWorkflowRun(sample);
    expect(run.workflow).toEqual({
      kind: 'ClusterWorkflow',
      name: 'dockerfile-builder',
    });
    expect(run.repository).toEqual({
      url: 'https://github.com/openchoreo/sample-workloads',
      branch: 'main',
      commit: undefined,
      appPath: '/service-go-greeter',
    });
    expect(run.image).toBeUndefined();
    expect(SAMPLE_REPOSITORY_PATHS.branch).toBe('repository.revision.branch');
  });

  it('puts the Argo namespace in workflows-<ns> before the controller referenced the Workflow', () => {
    const sample = finishedSampleRun();
    delete sample.status;
    expect(argoNamespaceOf(fromWorkflowRun(sample))).toBe('workflows-default');
  });
});

describe('toRunSummary / toRunDetail of a v1 run', () => {
  it('carries generation, workflow kind and created-by, with times from status', () => {
    const summary = toRunSummary(fromWorkflowRun(finishedSampleRun()));
    expect(summary).toMatchObject({
      generation: 'v1',
      workflow: 'dockerfile-builder',
      workflowKind: 'ClusterWorkflow',
      status: 'Succeeded',
      createdBy: 'user:default/ada',
      trigger: { kind: 'user', userEntityRef: 'user:default/ada' },
      startedAt: '2026-08-20T10:00:02Z',
      completedAt: '2026-08-20T10:03:00Z',
      durationSeconds: 178,
    });
  });

  it('takes the steps from status.tasks once the Argo Workflow is gone (task name = node displayName)', () => {
    const detail = toRunDetail(fromWorkflowRun(finishedSampleRun()), {
      kind: 'missing',
      buildPlane: { namespace: '', name: 'default', mode: 'agent' },
    });
    expect(detail.stepsSource).toBe('tasks');
    expect(detail.steps.map(s => [s.id, s.name, s.durationSeconds])).toEqual([
      ['checkout-source', 'checkout-source', 15],
      ['containerfile-build', 'containerfile-build', 139],
    ]);
    expect(detail.spec).toEqual({
      owner: { projectName: 'default', componentName: 'greeting-service' },
      workflow: expect.objectContaining({
        kind: 'ClusterWorkflow',
        name: 'dockerfile-builder',
      }),
    });
    expect(detail.execution.expired).toBe(true);
  });

  it('reports a run the controller refused (ComponentValidationFailed) as Failed', () => {
    const sample = finishedSampleRun();
    const message =
      'workflow ClusterWorkflow/x is not allowed for component type "service"';
    // setComponentValidationFailedCondition, controller_conditions.go@v1.2.3:172-194.
    sample.status = {
      conditions: [
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
    };
    expect(toRunSummary(fromWorkflowRun(sample)).status).toBe('Failed');
  });

  it('keeps a run whose plane is missing Pending (WorkflowPlaneNotFound is requeued, not final)', () => {
    const sample = finishedSampleRun();
    sample.status = {
      conditions: [
        {
          type: 'WorkflowCompleted',
          status: 'False',
          reason: 'WorkflowPlaneNotFound',
        },
      ],
    };
    expect(toRunSummary(fromWorkflowRun(sample)).status).toBe('Pending');
  });
});

describe('fromComponentWorkflowRun (v0)', () => {
  it('keeps the v0 reading: owner from spec, repository from systemParameters, image from imageStatus', () => {
    const run: ComponentWorkflowRun = {
      metadata: {
        name: 'r1',
        namespace: 'default',
        annotations: { 'openchoreo.dev/created-by': 'user:default/bo' },
      },
      spec: {
        owner: { projectName: 'p', componentName: 'c' },
        workflow: {
          name: 'docker',
          systemParameters: {
            repository: {
              url: 'https://github.com/a/b',
              revision: { branch: 'main', commit: '' },
              appPath: '.',
            },
          },
        },
      },
      status: { imageStatus: { image: 'img:1' } },
    };
    const built = fromComponentWorkflowRun(run);
    expect(built).toMatchObject({
      generation: 'v0',
      project: 'p',
      component: 'c',
      workflow: { kind: 'ComponentWorkflow', name: 'docker' },
      repository: {
        url: 'https://github.com/a/b',
        branch: 'main',
        commit: undefined,
      },
      image: 'img:1',
      createdBy: 'user:default/bo',
    });
    expect(argoNamespaceOf(built)).toBe('openchoreo-ci-default');
    const summary = toRunSummary(built);
    expect(summary.generation).toBe('v0');
    expect(summary.trigger).toEqual({
      kind: 'user',
      userEntityRef: 'user:default/bo',
    });
    // v0 summaries never name a kind: absent means ComponentWorkflow.
    expect(summary).not.toHaveProperty('workflowKind');
  });
});

describe('the trigger of a run (runTriggerOf) in summaries of both generations', () => {
  const webhookMetadata = {
    labels: { 'openchoreo.dev/webhook-provider': 'gitlab' },
    annotations: {
      'openchoreo.dev/created-by': 'webhook:gitlab',
      'openchoreo.dev/webhook-delivery-id': 'delivery-7',
    },
  };

  it('names the provider and delivery of a run a webhook started', () => {
    const v1 = finishedSampleRun();
    v1.metadata = { ...v1.metadata, ...webhookMetadata };
    const v0: ComponentWorkflowRun = {
      metadata: { name: 'r1', namespace: 'default', ...webhookMetadata },
      spec: { owner: { projectName: 'p', componentName: 'c' } },
    };
    for (const summary of [
      toRunSummary(fromWorkflowRun(v1)),
      toRunSummary(fromComponentWorkflowRun(v0)),
    ]) {
      expect(summary.createdBy).toBe('webhook:gitlab');
      expect(summary.trigger).toEqual({
        kind: 'webhook',
        provider: 'gitlab',
        deliveryId: 'delivery-7',
      });
    }
  });

  it('leaves it out when nothing says who started the run (kubectl, another tool)', () => {
    const v1 = finishedSampleRun();
    v1.metadata = { ...v1.metadata, annotations: {} };
    const summary = toRunSummary(fromWorkflowRun(v1));
    expect(summary).not.toHaveProperty('trigger');
    expect(summary).not.toHaveProperty('createdBy');
  });
});
