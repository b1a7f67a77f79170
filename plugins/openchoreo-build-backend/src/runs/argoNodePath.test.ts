import path from 'node:path';
import type {
  ArgoNodeStatus,
  ArgoWorkflow,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  listFiles,
  loadReferenceYaml,
  referencePath,
} from '../__testUtils__/reference';
import { displayPathOf, parseNodePath } from './argoNodePath';
import { extractArgoSteps } from './steps';

const reference = Object.fromEntries(
  listFiles(referencePath('argo-workflows')).map(file => [
    path.basename(file, '.yaml'),
    loadReferenceYaml<ArgoWorkflow>(file)[0],
  ]),
);
const stepsOf = (name: string) => extractArgoSteps(reference[name]);

describe('Argo node paths', () => {
  it('drops the workflow name, step-group indices and the own attempt suffix', () => {
    expect(displayPathOf('wf', 'wf[1].build-step')).toBe('build-step');
    expect(displayPathOf('wf', 'wf.sub-dag1.fail(1)')).toBe('sub-dag1.fail');
    expect(displayPathOf('wf', 'wf[0].outer[2].inner')).toBe('outer.inner');
    expect(displayPathOf('wf', 'wf.onExit[0].notify')).toBe('onExit.notify');
    // An attempt of an enclosing template stays: it tells two runs of the same inner step apart.
    expect(displayPathOf('wf', 'wf.sub(1).fail')).toBe('sub(1).fail');
    // Loop values are text: dots and brackets in them are no separators.
    expect(displayPathOf('wf', 'wf[1].sleep(0:1.5)')).toBe('sleep(0:1.5)');
    expect(displayPathOf('wf', 'wf.fan(2:{"a":[1,2]})')).toBe(
      'fan(2:{"a":[1,2]})',
    );
    expect(displayPathOf('wf', 'wf')).toBeUndefined();
    // A workflow name that only prefixes the node name is not the workflow.
    expect(displayPathOf('wf', 'wf2.x')).toBe('wf2.x');
  });

  it("marks the exit handler's nodes (GenerateOnExitNodeName: `<wf>.onExit`)", () => {
    expect(parseNodePath('wf', 'wf.onExit')).toEqual({
      segments: ['onExit'],
      exitHandler: true,
    });
    expect(parseNodePath('wf', 'wf.onExit[0].notify').exitHandler).toBe(true);
    // A task's own exit hook is part of the main run.
    expect(parseNodePath('wf', 'wf.A.onExit').exitHandler).toBe(false);
    expect(parseNodePath('wf', 'wf[0].onExitStep').exitHandler).toBe(false);
  });
});

describe('steps keyed by node id with their display path', () => {
  it('keeps the nested DAG a retried step ran in (nested-dag-exhausted-retries-omitted)', () => {
    const steps = stepsOf('nested-dag-exhausted-retries-omitted');
    expect(steps.map(s => [s.id, s.name, s.displayPath])).toEqual([
      ['retry-with-dags-2941704614', 'success1', 'success1'],
      ['retry-with-dags-1890550676', 'fail', 'sub-dag1.fail'],
      ['retry-with-dags-2924926995', 'success2', 'success2'],
    ]);
    // The Retry node is the step; its attempts carry their own node ids.
    expect(steps[1].attempts.map(a => a.nodeId)).toEqual([
      'retry-with-dags-2549694399',
      'retry-with-dags-3153835778',
    ]);
    expect(steps[1].nodeName).toBe('retry-with-dags.sub-dag1.fail(1)');
    expect(steps.some(s => s.exitHandler)).toBe(false);
  });

  it('marks the exit handler steps and puts them after the main steps (exit-handler-failed-with-skipped)', () => {
    const steps = stepsOf('exit-handler-failed-with-skipped');
    expect(
      steps.map(s => [s.name, s.displayPath, s.exitHandler ?? false]),
    ).toEqual([
      ['exit-handlers-n7s4n', 'exit-handlers-n7s4n', false],
      ['notify', 'onExit.notify', true],
      ['celebrate', 'onExit.celebrate', true],
      ['cry', 'onExit.cry', true],
    ]);
  });

  it('uses the step name as the path of a top-level step, loop items included', () => {
    expect(
      stepsOf('steps-running-pending-fanout').map(s => s.displayPath),
    ).toEqual(['generate', 'sleep(0:1)', 'sleep(1:2)']);
    for (const name of Object.keys(reference)) {
      if (name.startsWith('nested-') || name.startsWith('exit-handler'))
        continue;
      for (const step of stepsOf(name))
        expect(step.displayPath).toBe(step.name);
    }
  });

  const node = (
    id: string,
    name: string,
    extra: Partial<ArgoNodeStatus> = {},
  ): ArgoNodeStatus => ({
    id,
    name,
    displayName: name.replace(/^.*[.\]]/, ''),
    ...extra,
  });
  /** Two sub-DAGs that both run a task `fail`, and an exit handler whose step is named like a main one. */
  const twoSubDags: ArgoWorkflow = {
    metadata: { name: 'wf' },
    status: {
      phase: 'Running',
      nodes: {
        wf: node('wf', 'wf', { type: 'DAG', children: ['d1', 'd2'] }),
        d1: node('d1', 'wf.sub-dag1', { type: 'DAG', children: ['f1'] }),
        d2: node('d2', 'wf.sub-dag2', { type: 'DAG', children: ['f2'] }),
        f1: node('f1', 'wf.sub-dag1.fail', {
          type: 'Pod',
          templateName: 'fail',
          phase: 'Failed',
          startedAt: '2026-01-01T00:00:01Z',
        }),
        f2: node('f2', 'wf.sub-dag2.fail', {
          type: 'Pod',
          templateName: 'fail',
          phase: 'Failed',
          startedAt: '2026-01-01T00:00:02Z',
        }),
        x: node('x', 'wf.onExit', { type: 'Steps', children: ['x0'] }),
        x0: node('x0', 'wf.onExit[0]', {
          type: 'StepGroup',
          children: ['n'],
        }),
        // Started "before" the main steps (clock skew): still listed after them.
        n: node('n', 'wf.onExit[0].fail', {
          type: 'Pod',
          templateName: 'notify',
          phase: 'Running',
          startedAt: '2026-01-01T00:00:00Z',
        }),
        // A main step that has not started yet still comes before the exit handler.
        p: node('p', 'wf.later', { type: 'Pod', phase: 'Pending' }),
      },
    },
  };

  it('keeps steps with the same name apart by id and path', () => {
    const steps = extractArgoSteps(twoSubDags);
    expect(steps.map(s => [s.id, s.name, s.displayPath])).toEqual([
      ['f1', 'fail', 'sub-dag1.fail'],
      ['f2', 'fail', 'sub-dag2.fail'],
      ['p', 'later', 'later'],
      ['n', 'fail', 'onExit.fail'],
    ]);
    expect(new Set(steps.map(s => s.podName)).size).toBe(4);
    expect(steps.map(s => s.exitHandler ?? false)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it('names a Pod exit handler by the part below the workflow', () => {
    const [step] = extractArgoSteps({
      metadata: { name: 'wf' },
      status: {
        nodes: {
          x: {
            id: 'wf-1',
            name: 'wf.onExit',
            displayName: 'wf.onExit',
            type: 'Pod',
            templateName: 'notify',
          },
        },
      },
    });
    expect(step).toMatchObject({
      name: 'onExit',
      displayPath: 'onExit',
      exitHandler: true,
    });
  });
});
