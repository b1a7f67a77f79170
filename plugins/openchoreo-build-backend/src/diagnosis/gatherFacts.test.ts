import { NotFoundError } from '@backstage/errors';
import type {
  BuildPlane,
  ComponentWorkflow,
  ComponentWorkflowRun,
  RunDetail,
  RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { toRunDetail } from '../runs/runModel';
import { gatherFacts, type FactSources } from './gatherFacts';
import type { Pod } from './kubeObjects';
import { applyRules } from './rules';
import { step } from './__testUtils__/facts';
import {
  forbidden,
  planeReads,
  unexpectedSources,
} from './__testUtils__/sources';
import { fromComponentWorkflowRun } from '../runs/buildRun';

const NOW = Date.parse('2026-01-10T10:10:00Z');
const PLANE: BuildPlane = {
  metadata: { name: 'default', namespace: 'default' },
  spec: { planeID: 'default', clusterAgent: {} },
  status: { agentConnection: { connected: true, connectedAgents: 1 } },
};

function run(
  conditions: Array<{ type: string; status: string; reason?: string }>,
  withReference = true,
): ComponentWorkflowRun {
  return {
    metadata: {
      name: 'greeter-service-workflow-0000aaaa',
      namespace: 'default',
      creationTimestamp: '2026-01-10T10:00:00Z',
    },
    spec: {
      owner: { projectName: 'default', componentName: 'greeter-service' },
      workflow: {
        name: 'docker',
        systemParameters: {
          repository: {
            url: 'https://github.com/o/r',
            revision: { branch: 'main' },
            appPath: '/',
          },
        },
      },
    },
    status: {
      conditions,
      runReference: withReference
        ? {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Workflow',
            name: 'greeter-service-workflow-0000aaaa',
            namespace: 'openchoreo-ci-default',
          }
        : undefined,
    },
  };
}

const RUNNING = [
  { type: 'WorkflowRunning', status: 'True', reason: 'WorkflowRunning' },
];
const FAILED = [
  { type: 'WorkflowFailed', status: 'True', reason: 'WorkflowFailed' },
];

function detailOf(r: ComponentWorkflowRun, steps: RunStep[]): RunDetail {
  return {
    ...toRunDetail(fromComponentWorkflowRun(r), { kind: 'none' }),
    steps,
  };
}

const WF = 'greeter-service-workflow-0000aaaa';
/** A pod stuck in ContainerCreating since 10:01, running node `[2].push-step`. */
const stuckPod: Pod = {
  metadata: {
    name: 'run-push-step-1234',
    creationTimestamp: '2026-01-10T10:01:00Z',
    annotations: { 'workflows.argoproj.io/node-name': `${WF}[2].push-step` },
  },
  status: {
    phase: 'Pending',
    containerStatuses: [
      { name: 'main', state: { waiting: { reason: 'ContainerCreating' } } },
    ],
  },
};

function sources(
  overrides: Partial<FactSources> = {},
  reads = planeReads(),
): FactSources {
  return unexpectedSources({
    listBuildPlanes: async () => [PLANE],
    getComponentWorkflow: async (_ns, name): Promise<ComponentWorkflow> => ({
      metadata: { name, namespace: 'default' },
    }),
    modeOf: () => 'agent',
    buildPlaneReads: async () => reads,
    ...overrides,
  });
}

const options = { budgetMs: 5000, now: NOW };

describe('gatherFacts', () => {
  it('falls back on the container state when events are refused (v0.9 agent: no events permission)', async () => {
    const r = run(RUNNING);
    const listWorkflowPods = jest.fn(async () => [stuckPod]);
    const reads = planeReads({
      listWorkflowPods,
      listPodEvents: async () => {
        throw forbidden('events');
      },
    });
    const facts = await gatherFacts(
      fromComponentWorkflowRun(r),
      detailOf(r, [
        step({ name: 'clone-step' }),
        step({
          name: 'push-step',
          phase: 'Pending',
          nodeName: `${WF}[2].push-step`,
          // Not the pod's name (e.g. another pod name format): the annotation decides.
          podName: 'predicted-but-wrong',
        }),
      ]),
      sources({}, reads),
      options,
    );
    // One list of the Workflow's pods, matched by the node-name annotation.
    expect(listWorkflowPods).toHaveBeenCalledTimes(1);
    expect(listWorkflowPods).toHaveBeenCalledWith(
      'openchoreo-ci-default',
      WF,
      expect.any(AbortSignal),
    );
    expect(facts.pods).toEqual([
      expect.objectContaining({
        name: 'run-push-step-1234',
        step: 'push-step',
      }),
    ]);
    expect(facts.pods[0].events).toBeUndefined();
    expect(facts.gaps).toEqual([
      expect.objectContaining({
        kind: 'events',
        what: 'the events of pod run-push-step-1234',
        reason: expect.stringContaining('HTTP 403'),
      }),
    ]);
    const items = applyRules(facts, { pendingGraceSeconds: 60 });
    expect(items.map(i => i.id)).toEqual(['pod-stuck', 'events-unreadable']);
  });

  it('quotes the FailedMount event; a plane that may not list pods is asked by pod name', async () => {
    const r = run(RUNNING);
    const getPod = jest.fn(async () => stuckPod);
    const reads = planeReads({
      listWorkflowPods: async () => {
        throw forbidden('pods');
      },
      getPod,
      listPodEvents: async () => [
        {
          type: 'Warning',
          reason: 'FailedMount',
          message:
            'MountVolume.SetUp failed for volume "registry-push-secret" : secret "registry-push-secret" not found',
          count: 4,
        },
      ],
    });
    const facts = await gatherFacts(
      fromComponentWorkflowRun(r),
      detailOf(r, [
        step({
          name: 'push-step',
          phase: 'Pending',
          podName: 'run-push-step-1234',
        }),
      ]),
      sources({}, reads),
      options,
    );
    expect(getPod).toHaveBeenCalledWith(
      'openchoreo-ci-default',
      'run-push-step-1234',
      expect.any(AbortSignal),
    );
    expect(facts.gaps).toEqual([]);
    expect(
      applyRules(facts, { pendingGraceSeconds: 60 }).map(i => i.id),
    ).toEqual(['pod-secret-missing']);
  });

  it('returns within the budget when a read does not answer, naming what was not checked', async () => {
    const r = run([], false);
    const facts = await gatherFacts(
      fromComponentWorkflowRun(r),
      detailOf(r, []),
      sources({
        // Never answers.
        listBuildPlanes: () => new Promise<BuildPlane[]>(() => undefined),
        getComponentWorkflow: async () => {
          throw new NotFoundError('ComponentWorkflow default/docker not found');
        },
      }),
      { budgetMs: 20, now: NOW },
    );
    expect(facts.plane).toBeUndefined();
    expect(facts.workflow).toEqual({
      kind: 'ComponentWorkflow',
      name: 'docker',
      exists: false,
    });
    expect(facts.gaps).toEqual([
      {
        kind: 'read',
        what: 'the BuildPlanes of default',
        reason: 'no answer within the diagnosis time budget (20 ms)',
      },
    ]);
    // The answered read still counts: the run is diagnosed with what is known.
    expect(
      applyRules(facts, { pendingGraceSeconds: 60 }).map(i => i.id),
    ).toEqual(['pending-workflow-missing', 'check-incomplete']);
  });

  it('reads nothing from the build plane for a run the controller has not started', async () => {
    const r = run(
      [
        {
          type: 'WorkflowCompleted',
          status: 'False',
          reason: 'WorkflowPending',
        },
      ],
      false,
    );
    const buildPlaneReads = jest.fn();
    const facts = await gatherFacts(
      fromComponentWorkflowRun(r),
      detailOf(r, []),
      sources({ buildPlaneReads }),
      options,
    );
    expect(buildPlaneReads).not.toHaveBeenCalled();
    expect(facts.plane).toEqual({
      kind: 'BuildPlane',
      exists: true,
      name: 'default',
      namespace: 'default',
      mode: 'agent',
      agentConnection: { connected: true, connectedAgents: 1 },
    });
    expect(facts.gaps).toEqual([]);
  });

  it('reads the failed step’s log tail from its pod; a pod that is gone is no gap', async () => {
    const r = run(FAILED);
    const steps = [
      step({
        name: 'clone-step',
        phase: 'Failed',
        nodeName: `${WF}[0].clone-step`,
      }),
    ];
    const clonePod: Pod = {
      metadata: {
        name: `${WF}-clone-step-99`,
        annotations: {
          'workflows.argoproj.io/node-name': `${WF}[0].clone-step`,
        },
      },
    };
    const tail = {
      step: 'run-clone-step',
      podName: clonePod.metadata!.name!,
      lines: [{ line: 1, text: 'fatal: x' }],
    };
    const readLogTail = jest.fn(async () => tail);
    const found = await gatherFacts(
      fromComponentWorkflowRun(r),
      detailOf(r, steps),
      sources(
        {},
        planeReads({ listWorkflowPods: async () => [clonePod], readLogTail }),
      ),
      options,
    );
    expect(readLogTail).toHaveBeenCalledWith(
      'openchoreo-ci-default',
      `${WF}-clone-step-99`,
      'run-clone-step',
      expect.any(AbortSignal),
    );
    expect(found.failedStepLog).toBe(tail);

    // The Workflow's TTL deleted the pod: no log here (the log route reads the archive).
    const gone = await gatherFacts(
      fromComponentWorkflowRun(r),
      detailOf(r, steps),
      sources({}, planeReads({ listWorkflowPods: async () => [] })),
      options,
    );
    expect(gone.failedStepLog).toBeUndefined();
    expect(gone.gaps).toEqual([]);
  });

  it('takes the missing key of a NotReady ExternalSecret from the operator’s events; refused events are a gap', async () => {
    const r = run(RUNNING);
    const detail: RunDetail = {
      ...detailOf(r, [step({ name: 'clone-step' })]),
      resources: [
        {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          name: 'registry-push-secret',
          namespace: 'openchoreo-ci-default',
        },
      ],
    };
    const listExternalSecrets = async () => [
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: {
          name: 'registry-push-secret',
          namespace: 'openchoreo-ci-default',
        },
        spec: {
          secretStoreRef: { kind: 'ClusterSecretStore', name: 'default' },
        },
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'SecretSyncedError',
              message: 'could not get secret data from provider',
            },
          ],
        },
      },
    ];
    const failure =
      'error processing spec.data[0] (key: registry-password), err: Secret does not exist';
    const read = await gatherFacts(
      fromComponentWorkflowRun(r),
      detail,
      sources(
        {},
        planeReads({
          listExternalSecrets,
          listExternalSecretFailures: async () =>
            new Map([['registry-push-secret', [failure, 'older']]]),
        }),
      ),
      options,
    );
    expect(read.externalSecrets).toEqual([
      expect.objectContaining({
        name: 'registry-push-secret',
        state: 'NotReady',
        storeRef: { kind: 'ClusterSecretStore', name: 'default' },
        failure,
      }),
    ]);

    const refused = await gatherFacts(
      fromComponentWorkflowRun(r),
      detail,
      sources(
        {},
        planeReads({
          listExternalSecrets,
          listExternalSecretFailures: async () => {
            throw forbidden('events');
          },
        }),
      ),
      options,
    );
    expect(refused.externalSecrets[0].failure).toBeUndefined();
    expect(refused.gaps).toEqual([
      expect.objectContaining({
        kind: 'read',
        what: 'the ExternalSecret events in openchoreo-ci-default',
        reason: expect.stringContaining('HTTP 403'),
      }),
    ]);
  });

  it('turns a build plane that cannot be reached into a gap', async () => {
    const r = run(RUNNING);
    const facts = await gatherFacts(
      fromComponentWorkflowRun(r),
      detailOf(r, []),
      sources({
        buildPlaneReads: async () => {
          throw new Error(
            'openchoreo.build.clusterGateway.url is not configured',
          );
        },
      }),
      options,
    );
    expect(facts.gaps).toEqual([
      {
        kind: 'read',
        what: 'build plane default/default',
        reason: 'openchoreo.build.clusterGateway.url is not configured',
      },
    ]);
  });
});
