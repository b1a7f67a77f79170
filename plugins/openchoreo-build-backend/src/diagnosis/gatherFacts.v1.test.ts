import type {
  ExternalSecret,
  RunDetail,
  RunStep,
  Workflow,
  WorkflowPlane,
  WorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';
import type { ResolvedWorkflowPlane } from '../buildplane/BuildPlaneRegistry';
import { fromWorkflowRun } from '../runs/buildRun';
import { toRunDetail } from '../runs/runModel';
import { gatherFacts, type FactSources } from './gatherFacts';
import type { Pod } from './kubeObjects';
import type { BuildPlaneReads } from './planeReads';
import { applyRules } from './rules';
import { RunDiagnostics } from './RunDiagnostics';
import { step } from './__testUtils__/facts';
import { planeReads, unexpectedSources } from './__testUtils__/sources';

const NOW = Date.parse('2026-01-10T10:10:00Z');
const RUN = 'greeter-build-abc12';
const options = { budgetMs: 5000, now: NOW };

/** The v1.2.3 sample: `workflowPlaneRef: ClusterWorkflowPlane default`, ExternalSecrets in `${metadata.namespace}`. */
const DOCKERFILE_BUILDER = loadReferenceYaml<Workflow>(
  referencePath(
    'openchoreo/samples-v1.2.3/ci-workflows/dockerfile-builder.yaml',
  ),
).find(doc => doc.kind === 'ClusterWorkflow')!;

function plane(connected = true): WorkflowPlane {
  return {
    metadata: { name: 'default' },
    spec: { planeID: 'default', clusterAgent: {} },
    status: {
      agentConnection: { connected, connectedAgents: connected ? 1 : 0 },
    },
  };
}

type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
};

function workflowRun(
  conditions: Condition[],
  shape: { reference?: boolean; workflow?: WorkflowRun['spec'] } = {},
): WorkflowRun {
  return {
    metadata: {
      name: RUN,
      namespace: 'nova',
      creationTimestamp: '2026-01-10T10:00:00Z',
      labels: {
        'openchoreo.dev/project': 'shop',
        'openchoreo.dev/component': 'greeter',
      },
    },
    spec: shape.workflow ?? {
      workflow: { kind: 'ClusterWorkflow', name: 'dockerfile-builder' },
    },
    status: {
      conditions,
      runReference:
        shape.reference ?? true
          ? {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Workflow',
              name: RUN,
              namespace: 'workflows-nova',
            }
          : undefined,
    },
  };
}

const RUNNING = [
  { type: 'WorkflowRunning', status: 'True', reason: 'WorkflowRunning' },
];

function detailOf(run: WorkflowRun, steps: RunStep[] = []): RunDetail {
  return { ...toRunDetail(fromWorkflowRun(run), { kind: 'none' }), steps };
}

/** v1 sources: the sample ClusterWorkflow on ClusterWorkflowPlane `default`; v0 reads fail the test. */
function sources(
  overrides: Partial<FactSources> = {},
  reads: BuildPlaneReads = planeReads({
    label: 'cluster workflow plane default',
  }),
): FactSources {
  return unexpectedSources({
    findWorkflow: async (kind, _ns, name) =>
      kind === 'ClusterWorkflow' && name === 'dockerfile-builder'
        ? DOCKERFILE_BUILDER
        : undefined,
    findWorkflowPlane: async (kind, _ns, name) =>
      kind === 'ClusterWorkflowPlane' && name === 'default'
        ? { kind, plane: plane() }
        : undefined,
    workflowPlaneMode: () => 'agent',
    workflowPlaneReads: async () => reads,
    ...overrides,
  });
}

describe('gatherFacts (v1 WorkflowRun)', () => {
  it('reads pods and ExternalSecrets in workflows-<ns> through the plane the ClusterWorkflow names', async () => {
    const stuck: Pod = {
      metadata: {
        name: `${RUN}-build-1`,
        annotations: { 'workflows.argoproj.io/node-name': `${RUN}[1].build` },
      },
      status: {
        phase: 'Pending',
        containerStatuses: [
          { name: 'main', state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      },
    };
    const listWorkflowPods = jest.fn(async () => [stuck]);
    const listExternalSecrets = jest.fn(
      async (): Promise<ExternalSecret[]> => [
        {
          metadata: {
            name: `${RUN}-registry-push-secret`,
            namespace: 'workflows-nova',
          },
          status: {
            conditions: [
              { type: 'Ready', status: 'False', reason: 'SecretSyncedError' },
            ],
          },
        },
      ],
    );
    const listPodEvents = jest.fn(async () => []);
    const findWorkflowPlane = jest.fn(
      async (kind: ResolvedWorkflowPlane['kind']) => ({ kind, plane: plane() }),
    );
    const workflowPlaneReads = jest.fn(async () =>
      planeReads({ listWorkflowPods, listExternalSecrets, listPodEvents }),
    );
    const run = workflowRun(RUNNING);
    const facts = await gatherFacts(
      fromWorkflowRun(run),
      detailOf(run, [
        step({ name: 'build', phase: 'Pending', nodeName: `${RUN}[1].build` }),
      ]),
      sources({ findWorkflowPlane, workflowPlaneReads }),
      options,
    );
    expect(facts.gaps).toEqual([]);
    expect(facts.run).toEqual(
      expect.objectContaining({
        generation: 'v1',
        workflowKind: 'ClusterWorkflow',
        workflowNamespace: 'workflows-nova',
      }),
    );
    expect(facts.workflow).toEqual({
      kind: 'ClusterWorkflow',
      name: 'dockerfile-builder',
      exists: true,
    });
    // spec.workflowPlaneRef of the sample: one ClusterWorkflowPlane, looked up once.
    expect(findWorkflowPlane).toHaveBeenCalledTimes(1);
    expect(findWorkflowPlane).toHaveBeenCalledWith(
      'ClusterWorkflowPlane',
      'nova',
      'default',
    );
    expect(facts.plane).toEqual({
      kind: 'ClusterWorkflowPlane',
      exists: true,
      name: 'default',
      namespace: undefined,
      mode: 'agent',
      agentConnection: { connected: true, connectedAgents: 1 },
    });
    expect(workflowPlaneReads).toHaveBeenCalledWith({
      kind: 'ClusterWorkflowPlane',
      plane: plane(),
    });
    expect(listWorkflowPods).toHaveBeenCalledWith(
      'workflows-nova',
      RUN,
      expect.any(AbortSignal),
    );
    expect(listPodEvents).toHaveBeenCalledWith(
      'workflows-nova',
      `${RUN}-build-1`,
      expect.any(AbortSignal),
    );
    expect(facts.pods).toEqual([
      expect.objectContaining({ namespace: 'workflows-nova', step: 'build' }),
    ]);
    // Rendered from the sample's resources for this run (`${metadata.workflowRunName}-…`).
    expect(listExternalSecrets).toHaveBeenCalledWith('workflows-nova');
    expect(facts.externalSecrets).toEqual([
      expect.objectContaining({
        name: `${RUN}-registry-push-secret`,
        namespace: 'workflows-nova',
        source: 'workflow',
        state: 'NotReady',
      }),
    ]);
  });

  it('tries WorkflowPlane default, then ClusterWorkflowPlane default, for a Workflow without workflowPlaneRef', async () => {
    const builder: Workflow = {
      metadata: { name: 'builder', namespace: 'nova' },
      spec: {},
    };
    const findWorkflowPlane = jest.fn(async () => undefined);
    const workflowPlaneReads = jest.fn();
    const run = workflowRun(
      [
        {
          type: 'WorkflowCompleted',
          status: 'False',
          reason: 'WorkflowPlaneNotFound',
          message:
            'No workflow plane found for the workflow associated with this workflow run',
        },
      ],
      {
        reference: false,
        workflow: { workflow: { kind: 'Workflow', name: 'builder' } },
      },
    );
    const facts = await gatherFacts(
      fromWorkflowRun(run),
      detailOf(run),
      sources({
        findWorkflow: async () => builder,
        findWorkflowPlane,
        workflowPlaneReads,
      }),
      options,
    );
    expect(findWorkflowPlane.mock.calls).toEqual([
      ['WorkflowPlane', 'nova', 'default'],
      ['ClusterWorkflowPlane', 'nova', 'default'],
    ]);
    expect(workflowPlaneReads).not.toHaveBeenCalled();
    expect(facts.plane).toEqual({
      kind: 'WorkflowPlane',
      exists: false,
      name: 'default',
      namespace: 'nova',
      candidates: [
        { kind: 'WorkflowPlane', name: 'default', namespace: 'nova' },
        { kind: 'ClusterWorkflowPlane', name: 'default', namespace: undefined },
      ],
    });
    // Ten minutes old, but the controller's reason alone would do: see workflowRunRules.test.ts.
    const items = applyRules(facts, { pendingGraceSeconds: 60 });
    expect(items.map(i => i.id)).toEqual(['pending-buildplane-missing']);
    expect(items[0].title).toBe(
      'Neither WorkflowPlane nova/default nor ClusterWorkflowPlane default exists',
    );

    // The namespace's own plane, when it exists, is the one used.
    const own = await gatherFacts(
      fromWorkflowRun(run),
      detailOf(run),
      sources({
        findWorkflow: async () => builder,
        findWorkflowPlane: async kind =>
          kind === 'WorkflowPlane' ? { kind, plane: plane() } : undefined,
      }),
      options,
    );
    expect(own.plane).toEqual(
      expect.objectContaining({
        kind: 'WorkflowPlane',
        exists: true,
        namespace: 'nova',
      }),
    );
  });

  it('looks for no plane when the ClusterWorkflow is missing, and explains the failed run', async () => {
    const notFound = 'Workflow is not found in the cluster';
    const run = workflowRun(
      [
        {
          type: 'WorkflowRunning',
          status: 'False',
          reason: 'WorkflowRunning',
          message: notFound,
        },
        {
          type: 'WorkflowFailed',
          status: 'True',
          reason: 'WorkflowFailed',
          message: notFound,
        },
        {
          type: 'WorkflowCompleted',
          status: 'True',
          reason: 'WorkflowFailed',
          message: notFound,
        },
      ],
      { reference: false },
    );
    const findWorkflowPlane = jest.fn();
    const facts = await gatherFacts(
      fromWorkflowRun(run),
      detailOf(run),
      sources({ findWorkflow: async () => undefined, findWorkflowPlane }),
      options,
    );
    expect(findWorkflowPlane).not.toHaveBeenCalled();
    expect(facts.workflow).toEqual({
      kind: 'ClusterWorkflow',
      name: 'dockerfile-builder',
      exists: false,
    });
    expect(facts.plane).toBeUndefined();
    expect(facts.gaps).toEqual([]);
    const items = applyRules(facts, { pendingGraceSeconds: 60 });
    expect(items.map(i => [i.id, i.title])).toEqual([
      ['workflow-missing', 'ClusterWorkflow dockerfile-builder does not exist'],
    ]);
  });

  it('reads nothing through a plane whose agent is away, and says so', async () => {
    const workflowPlaneReads = jest.fn();
    const run = workflowRun(RUNNING);
    const facts = await gatherFacts(
      fromWorkflowRun(run),
      detailOf(run),
      sources({
        findWorkflowPlane: async kind => ({ kind, plane: plane(false) }),
        workflowPlaneReads,
      }),
      options,
    );
    expect(workflowPlaneReads).not.toHaveBeenCalled();
    const items = applyRules(facts, { pendingGraceSeconds: 60 });
    expect(items.map(i => [i.id, i.title])).toEqual([
      [
        'agent-disconnected',
        'The cluster agent of cluster workflow plane default is not connected',
      ],
    ]);
    expect(items[0].fix).toContain(
      'kubectl get clusterworkflowplane default -o yaml',
    );
  });

  it('turns failed reads of the Workflow and of the plane into gaps named by kind', async () => {
    const run = workflowRun(RUNNING);
    const unreadable = await gatherFacts(
      fromWorkflowRun(run),
      detailOf(run),
      sources({
        findWorkflow: async () => {
          throw new Error('control plane did not answer');
        },
      }),
      options,
    );
    expect(unreadable.workflow).toBeUndefined();
    expect(unreadable.plane).toBeUndefined();
    expect(unreadable.gaps).toEqual([
      {
        kind: 'read',
        what: 'ClusterWorkflow dockerfile-builder',
        reason: 'control plane did not answer',
      },
    ]);

    const unreachable = await gatherFacts(
      fromWorkflowRun(run),
      detailOf(run),
      sources({
        workflowPlaneReads: async () => {
          throw new Error(
            'openchoreo.build.clusterGateway.url is not configured',
          );
        },
      }),
      options,
    );
    expect(unreachable.gaps).toEqual([
      {
        kind: 'read',
        what: 'ClusterWorkflowPlane default',
        reason: 'openchoreo.build.clusterGateway.url is not configured',
      },
    ]);
  });
});

describe('RunDiagnostics (v1 WorkflowRun)', () => {
  it('diagnoses a v1 run the controller refused', async () => {
    const message =
      'workflow ClusterWorkflow/dockerfile-builder is not allowed for component type "service"; allowed: [ClusterWorkflow/paketo-buildpacks-builder]';
    const run = workflowRun(
      [
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
      { reference: false },
    );
    const diagnostics = new RunDiagnostics(sources(), {
      pendingGraceSeconds: 60,
      requestTimeoutMs: 1000,
      now: () => NOW,
    });
    const items = await diagnostics.diagnose(
      fromWorkflowRun(run),
      detailOf(run),
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'run-refused',
        title:
          'Component type service does not allow ClusterWorkflow dockerfile-builder',
        fix: expect.stringContaining('spec.allowedWorkflows'),
      }),
    ]);
  });
});
