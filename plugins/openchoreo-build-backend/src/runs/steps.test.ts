import path from 'node:path';
import type {
  ArgoWorkflow,
  ComponentWorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  listFiles,
  loadReferenceYaml,
  referencePath,
} from '../__testUtils__/reference';
import { argoPodName, fnv1a32 } from './argoPodName';
import { toRunDetail } from './runModel';
import { extractArgoSteps, stepsFromTasks } from './steps';
import { fromComponentWorkflowRun } from './buildRun';

const reference = Object.fromEntries(
  listFiles(referencePath('argo-workflows')).map(file => [
    path.basename(file, '.yaml'),
    loadReferenceYaml<ArgoWorkflow>(file)[0],
  ]),
);
const stepsOf = (name: string) => extractArgoSteps(reference[name]);

describe('extractArgoSteps over the reference Argo Workflows', () => {
  it.each(Object.keys(reference))(
    '%s: never crashes and yields well-formed steps',
    name => {
      const steps = stepsOf(name);
      for (const step of steps) {
        expect(typeof step.id).toBe('string');
        expect(step.name).not.toBe('');
        expect([
          'Pending',
          'Running',
          'Succeeded',
          'Failed',
          'Error',
          'Skipped',
          'Omitted',
        ]).toContain(step.phase);
        expect(step.durationSeconds ?? 0).toBeGreaterThanOrEqual(0);
      }
      // Ordered by start time where known.
      const starts = steps
        .map(s => s.startedAt)
        .filter((s): s is string => Boolean(s))
        .map(Date.parse);
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    },
  );

  it('orders sequential steps and computes pod names as Argo does (v2 names)', () => {
    const steps = stepsOf('steps-succeeded-sequential');
    expect(steps.map(s => s.name)).toEqual(['hello1', 'hello2a', 'hello2b']);
    expect(steps[0].podName).toBe('steps-4k5vn-whalesay-1044844302');
    expect(steps[0].durationSeconds).toBeGreaterThan(0);
    // Argo's node id carries the same FNV-1a hash of the node name.
    for (const step of steps)
      expect(step.podName!.split('-').pop()).toBe(
        step.attempts[0].nodeId.split('-').pop(),
      );
  });

  it('groups retries into one step with every attempt', () => {
    const steps = stepsOf('steps-retry-running');
    expect(steps.map(s => s.name)).toEqual(['safe-to-retry', 'retry']);
    const retry = steps[1];
    expect(retry.phase).toBe('Running');
    expect(retry.attempts.map(a => [a.attempt, a.phase, a.message])).toEqual([
      [0, 'Failed', 'Error (exit code 2)'],
      [1, 'Failed', 'Error (exit code 1)'],
    ]);
    expect(retry.podName).toBe('retry-script-9z9pv-retry-script-2327053777');

    const exhausted = stepsOf('nested-dag-exhausted-retries-omitted').find(
      s => s.name === 'fail',
    )!;
    expect(exhausted.attempts).toHaveLength(2);
    expect(exhausted.phase).toBe('Failed');
    expect(exhausted.message).toBe('No more retries left');
  });

  it('shows skipped and omitted steps with their reason', () => {
    const omitted = stepsOf('dag-failed-middle-task-omitted').find(
      s => s.name === 'should-not-execute',
    )!;
    expect(omitted).toMatchObject({
      phase: 'Omitted',
      message: 'omitted: depends condition not met',
      podName: undefined,
    });
    const skipped = stepsOf('exit-handler-failed-with-skipped').find(
      s => s.name === 'celebrate',
    )!;
    expect(skipped.phase).toBe('Skipped');
  });

  it('reports terminated and errored steps', () => {
    const terminated = stepsOf('dag-terminated-shutdown-retries');
    expect(
      terminated.filter(s => s.message === "Stopped with strategy 'Terminate'")
        .length,
    ).toBeGreaterThan(0);
    expect(stepsOf('steps-error-phase')[0].phase).toBe('Error');
    expect(
      stepsOf('steps-failed-second-step').map(s => [s.name, s.phase]),
    ).toEqual([
      ['pass', 'Succeeded'],
      ['fail', 'Failed'],
    ]);
  });

  it('reads output parameters', () => {
    const steps = stepsOf('dag-fanout-output-parameters-succeeded');
    expect(steps.map(s => s.outputs.evenness)).toEqual(['odd', 'even']);
  });

  it('survives malformed nodes and junk', () => {
    expect(stepsOf('steps-stopped-malformed-nodes')).toEqual([]);
    expect(extractArgoSteps({})).toEqual([]);
    expect(
      extractArgoSteps({
        status: {
          nodes: { a: null, b: { type: 'Pod', children: ['missing', 'b'] } },
        },
      }),
    ).toHaveLength(1);
    expect(
      extractArgoSteps({
        metadata: { name: 'wf' },
        status: {
          nodes: {
            x: {
              type: 'Pod',
              phase: 'Weird',
              startedAt: 'not a date',
              name: 'wf.x',
            },
          },
        },
      }),
    ).toEqual([
      expect.objectContaining({
        // Shown by its place below the workflow, as Argo's display names are.
        name: 'x',
        displayPath: 'x',
        phase: 'Pending',
        startedAt: undefined,
      }),
    ]);
  });
});

/** Each step's display path with the display paths of the steps it starts after. */
function dependenciesByPath(name: string): Record<string, string[]> {
  const steps = stepsOf(name);
  const pathOf = (id: string) =>
    steps.find(s => s.id === id)?.displayPath ?? `unknown step ${id}`;
  return Object.fromEntries(
    steps.map(s => [s.displayPath, (s.dependsOn ?? []).map(pathOf)]),
  );
}

describe('step dependencies (dependsOn) from the Argo node graph', () => {
  it.each(Object.keys(reference))(
    '%s: every dependency is another step of the run',
    name => {
      const steps = stepsOf(name);
      const ids = new Set(steps.map(s => s.id));
      for (const step of steps) {
        expect(step.dependsOn).toBeDefined();
        expect(step.dependsOn).not.toContain(step.id);
        for (const id of step.dependsOn!) expect(ids).toContain(id);
      }
    },
  );

  it('steps: each step group follows every step of the group before', () => {
    expect(dependenciesByPath('steps-succeeded-sequential')).toEqual({
      hello1: [],
      hello2a: ['hello1'],
      hello2b: ['hello1'],
    });
  });

  it('DAG: a task follows each of its dependencies (the diamond joins at D)', () => {
    expect(dependenciesByPath('dag-diamond-succeeded')).toEqual({
      A: [],
      B: ['A'],
      C: ['A'],
      D: ['B', 'C'],
    });
  });

  it('DAG: an omitted task is a dependency like any other', () => {
    const deps = dependenciesByPath('dag-failed-middle-task-omitted');
    expect(deps['should-execute-1']).toEqual(['A', 'C']);
    // In step order: C started before B in this run.
    expect(deps['should-not-execute']).toEqual(['C', 'B']);
    expect([...deps['should-execute-3']].sort()).toEqual([
      'should-execute-2',
      'should-not-execute',
    ]);
  });

  it('a retried step counts as one dependency, reached through its last attempt', () => {
    expect(dependenciesByPath('dag-retries-failed-failfast-disabled')).toEqual({
      A: [],
      B: ['A'],
      C: ['A'],
      D: ['B'],
      E: ['D'],
    });
    expect(dependenciesByPath('steps-retry-running')).toEqual({
      'safe-to-retry': [],
      retry: ['safe-to-retry'],
    });
  });

  it('a task inside a nested DAG follows what the nested DAG follows', () => {
    expect(dependenciesByPath('nested-dag-exhausted-retries-omitted')).toEqual({
      success1: [],
      'sub-dag1.fail': ['success1'],
      success2: ['sub-dag1.fail'],
    });
  });

  it('parallel items of a loop and the exit handler steps have no step before them', () => {
    expect(
      Object.values(
        dependenciesByPath('dag-fanout-output-parameters-succeeded'),
      ),
    ).toEqual([[], []]);
    const exit = stepsOf('exit-handler-failed-with-skipped').filter(
      s => s.exitHandler,
    );
    expect(exit.map(s => s.dependsOn)).toEqual([[], [], []]);
  });

  it('is absent for steps read from status.tasks, which does not say', () => {
    expect(
      stepsFromTasks([{ name: 'wf[0].clone-step', phase: 'Succeeded' }])[0]
        .dependsOn,
    ).toBeUndefined();
  });
});

describe('OpenChoreo shaped workflows', () => {
  const node = (id: string, name: string, extra: object) => ({
    id,
    name,
    displayName: name.split('.').pop(),
    ...extra,
  });
  const workflow: ArgoWorkflow = {
    metadata: {
      name: 'greeter-service-workflow-1a2b3c4d',
      namespace: 'openchoreo-ci-default',
    },
    status: {
      phase: 'Succeeded',
      nodes: {
        root: node('root', 'greeter-service-workflow-1a2b3c4d', {
          type: 'Steps',
          children: ['g0'],
          startedAt: '2025-01-01T00:00:00Z',
        }),
        g0: node('g0', 'greeter-service-workflow-1a2b3c4d[0]', {
          type: 'StepGroup',
          children: ['clone'],
        }),
        clone: node(
          'clone',
          'greeter-service-workflow-1a2b3c4d[0].clone-step',
          {
            type: 'Pod',
            templateName: 'clone-step',
            phase: 'Succeeded',
            startedAt: '2025-01-01T00:00:01Z',
            finishedAt: '2025-01-01T00:00:05Z',
            children: ['g1'],
          },
        ),
        g1: node('g1', 'greeter-service-workflow-1a2b3c4d[1]', {
          type: 'StepGroup',
          children: ['build'],
        }),
        build: node(
          'build',
          'greeter-service-workflow-1a2b3c4d[1].build-step',
          {
            type: 'Pod',
            templateName: 'build-step',
            phase: 'Succeeded',
            startedAt: '2025-01-01T00:00:06Z',
            finishedAt: '2025-01-01T00:01:00Z',
            children: ['g2'],
          },
        ),
        g2: node('g2', 'greeter-service-workflow-1a2b3c4d[2]', {
          type: 'StepGroup',
          children: ['push'],
        }),
        push: node('push', 'greeter-service-workflow-1a2b3c4d[2].push-step', {
          type: 'Pod',
          templateName: 'push-step',
          phase: 'Succeeded',
          startedAt: '2025-01-01T00:01:01Z',
          finishedAt: '2025-01-01T00:01:10Z',
          outputs: {
            parameters: [{ name: 'image', value: 'registry/greeter:v1' }],
          },
          children: ['g3'],
        }),
        g3: node('g3', 'greeter-service-workflow-1a2b3c4d[3]', {
          type: 'StepGroup',
          children: ['wl'],
        }),
        wl: node(
          'wl',
          'greeter-service-workflow-1a2b3c4d[3].workload-create-step',
          {
            type: 'Pod',
            templateName: 'workload-create-step',
            phase: 'Succeeded',
            startedAt: '2025-01-01T00:01:11Z',
            finishedAt: '2025-01-01T00:01:12Z',
            outputs: {
              parameters: [{ name: 'workload-cr', value: 'kind: Workload' }],
            },
          },
        ),
      },
    },
  };

  it('gives the four steps in order, the image and pod names with the main container log', () => {
    const steps = extractArgoSteps(workflow);
    expect(steps.map(s => s.name)).toEqual([
      'clone-step',
      'build-step',
      'push-step',
      'workload-create-step',
    ]);
    expect(steps[2].image).toBe('registry/greeter:v1');
    expect(steps.map(s => s.dependsOn)).toEqual([
      [],
      ['clone'],
      ['build'],
      ['push'],
    ]);
    expect(steps[1].durationSeconds).toBe(54);
    expect(steps[0].podName).toBe(
      `greeter-service-workflow-1a2b3c4d-clone-step-${fnv1a32(
        'greeter-service-workflow-1a2b3c4d[0].clone-step',
      )}`,
    );
  });

  const run: ComponentWorkflowRun = {
    metadata: {
      name: 'greeter-service-workflow-1a2b3c4d',
      namespace: 'default',
      creationTimestamp: '2025-01-01T00:00:00Z',
    },
    spec: {
      owner: { projectName: 'p', componentName: 'greeter-service' },
      workflow: {
        name: 'docker',
        systemParameters: {
          repository: {
            url: 'https://x',
            revision: { branch: 'main' },
            appPath: '.',
          },
        },
      },
    },
    status: {
      conditions: [
        {
          type: 'WorkflowCompleted',
          status: 'True',
          reason: 'WorkflowSucceeded',
          lastTransitionTime: '2025-01-01T00:01:12Z',
        },
        {
          type: 'WorkflowSucceeded',
          status: 'True',
          reason: 'WorkflowSucceeded',
          lastTransitionTime: '2025-01-01T00:01:12Z',
        },
      ],
      runReference: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        name: 'greeter-service-workflow-1a2b3c4d',
        namespace: 'openchoreo-ci-default',
      },
      imageStatus: { image: 'registry/greeter:v1' },
    },
  };
  const buildPlane = { namespace: 'default', name: 'default', mode: 'agent' };

  it('flags a finished run whose Workflow expired, and still answers', () => {
    const detail = toRunDetail(fromComponentWorkflowRun(run), {
      kind: 'missing',
      buildPlane,
    });
    expect(detail.status).toBe('Succeeded');
    expect(detail.execution).toMatchObject({
      found: false,
      expired: true,
      name: 'greeter-service-workflow-1a2b3c4d',
    });
    expect(detail.steps).toEqual([]);
    expect(detail.cancellable).toBe(false);
    expect(detail.image).toBe('registry/greeter:v1');
    expect(detail.durationSeconds).toBe(72);
  });

  it('falls back to status.tasks when the Workflow is gone', () => {
    const tasks = [
      {
        name: 'wf[0].clone-step',
        phase: 'Succeeded',
        startedAt: '2025-01-01T00:00:01Z',
        completedAt: '2025-01-01T00:00:05Z',
      },
      { name: 'wf[1].build-step', phase: 'Failed', message: 'boom' },
    ];
    const detail = toRunDetail(
      fromComponentWorkflowRun({ ...run, status: { ...run.status, tasks } }),
      { kind: 'missing', buildPlane },
    );
    expect(detail.stepsSource).toBe('tasks');
    expect(detail.steps.map(s => [s.name, s.phase, s.durationSeconds])).toEqual(
      [
        ['clone-step', 'Succeeded', 4],
        ['build-step', 'Failed', undefined],
      ],
    );
    expect(stepsFromTasks(undefined)).toEqual([]);
  });

  it('uses the live Workflow when found and reports build-plane errors without failing', () => {
    expect(
      toRunDetail(fromComponentWorkflowRun(run), {
        kind: 'found',
        workflow,
        buildPlane,
      }).stepsSource,
    ).toBe('argo');
    const failed = toRunDetail(fromComponentWorkflowRun(run), {
      kind: 'error',
      message:
        'build plane default/default (via cluster gateway) is unreachable',
    });
    expect(failed.execution.error).toMatch(/unreachable/);
    expect(failed.steps).toEqual([]);
  });

  it('hashes like FNV-1a and truncates long pod name prefixes', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    const name = (workflowName: string, nodeName: string) =>
      argoPodName({ workflowName, nodeName, templateName: 't' });
    expect(name('wf', 'wf')).toBe('wf');
    expect(name('wf', 'wf.inline')).toBe(`wf-${fnv1a32('wf.inline')}`);
    expect(name('w'.repeat(300), 'n').length).toBe(253);
  });
});
