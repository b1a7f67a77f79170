import { InputError } from '@backstage/errors';
import type {
  ArgoWorkflow,
  RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';
import { extractArgoSteps } from '../runs/steps';
import {
  checkStepRef,
  declaredNameOf,
  resolveStepRef,
  STEP_REF_PATTERN,
} from './stepRef';

const fixture = (name: string) =>
  extractArgoSteps(
    loadReferenceYaml<ArgoWorkflow>(
      referencePath('argo-workflows', `${name}.yaml`),
    )[0],
  );

const step = (id: string, name: string, displayPath: string): RunStep => ({
  id,
  name,
  displayPath,
  phase: 'Succeeded',
  outputs: {},
  attempts: [{ nodeId: `${id}-attempt`, attempt: 0, phase: 'Succeeded' }],
  nodeName: `wf.${displayPath}`,
  podName: `wf-pod-${id}`,
});
const steps = [
  step('wf-1', 'fail', 'sub-dag1.fail'),
  step('wf-2', 'fail', 'sub-dag2.fail'),
  step('wf-3', 'build', 'build'),
  // A display path that is also another step's name: the path is asked for first.
  step('wf-4', 'sub-dag2.fail', 'odd.sub-dag2.fail'),
];
const where = 'run acme/wf';

describe('resolveStepRef: id, then display path, then name', () => {
  it('finds a step by its id, node name, pod or an attempt', () => {
    for (const ref of [
      'wf-2',
      'wf.sub-dag2.fail',
      'wf-pod-wf-2',
      'wf-2-attempt',
    ])
      expect(resolveStepRef(steps, ref, where)?.id).toBe('wf-2');
  });

  it('prefers a display path to a name', () => {
    expect(resolveStepRef(steps, 'sub-dag2.fail', where)?.id).toBe('wf-2');
    expect(resolveStepRef(steps, 'build', where)?.id).toBe('wf-3');
  });

  it('refuses a name two steps share, listing their ids and paths', () => {
    expect(() => resolveStepRef(steps, 'fail', where)).toThrow(InputError);
    expect(() => resolveStepRef(steps, 'fail', where)).toThrow(
      'Step name fail is ambiguous in run acme/wf: 2 steps have it. Ask for one by its id: wf-1 (sub-dag1.fail), wf-2 (sub-dag2.fail)',
    );
    expect(resolveStepRef(steps, 'nope', where)).toBeUndefined();
  });

  it('tells main and exit-handler steps of a real Workflow apart', () => {
    const real = fixture('nested-dag-exhausted-retries-omitted');
    expect(resolveStepRef(real, 'sub-dag1.fail', where)?.id).toBe(
      'retry-with-dags-1890550676',
    );
    expect(resolveStepRef(real, 'fail', where)?.id).toBe(
      'retry-with-dags-1890550676',
    );
    const exit = fixture('exit-handler-failed-with-skipped');
    expect(resolveStepRef(exit, 'onExit.notify', where)?.name).toBe('notify');
  });
});

describe('step references in the URL', () => {
  it('accepts ids, task names, display paths and loop items; refuses the rest with what is allowed', () => {
    for (const ref of [
      'build-step',
      'greeter-workflow-1a2b-3201878844',
      'wf[1].build-step',
      'sub-dag1.fail',
      'onExit.notify',
      'sleep(0:1)',
      'fan(1:a,b)',
    ])
      expect(STEP_REF_PATTERN.test(ref)).toBe(true);
    for (const ref of ['', '-x', 'a/b', 'a b', '../x', 'a%2Fb', 'a"b'])
      expect(() => checkStepRef(ref)).toThrow(/must be a step id/);
  });

  it('knows which declared name a path or loop item stands for', () => {
    expect(declaredNameOf('sub-dag1.fail')).toBe('fail');
    expect(declaredNameOf('sleep(0:1.5)')).toBe('sleep');
    expect(declaredNameOf('build-step')).toBe('build-step');
  });
});
