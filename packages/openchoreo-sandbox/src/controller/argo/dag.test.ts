import { dagWorkflow, planWorkflow } from '../../__testUtils__/dagPlan';
import { assessDagPhase, DagTask, dependsOfTask, parseDepends } from './dag';
import type { Plan, PlannedStep } from './execution';
import { MISSING_DOCKERFILE } from './scripts';
import { snapshot } from './snapshot';

/** The planned step of task `name`. */
function stepOf(plan: Plan, name: string): PlannedStep {
  const step = plan.steps.find(s => s.ref.name === name);
  if (!step) throw new Error(`task ${name} does not run`);
  return step;
}

/** The clone → build ∥ scan → push diamond of the seeded docker-dag template. */
const DIAMOND = [
  { name: 'clone-step', template: 'clone-step' },
  { name: 'build-step', template: 'build-step', depends: 'clone-step' },
  { name: 'scan-step', template: 'scan-step', depends: 'clone-step' },
  {
    name: 'push-step',
    template: 'push-step',
    depends: 'build-step && scan-step',
  },
];

describe('depends expressions', () => {
  it('parses && and || (&& binds tighter), !, parentheses and .Result suffixes', () => {
    expect(parseDepends('B && C')).toEqual({
      kind: 'and',
      left: { kind: 'task', task: 'B' },
      right: { kind: 'task', task: 'C' },
    });
    expect(parseDepends('a || b && !c.Failed')).toEqual({
      kind: 'or',
      left: { kind: 'task', task: 'a' },
      right: {
        kind: 'and',
        left: { kind: 'task', task: 'b' },
        right: {
          kind: 'not',
          operand: { kind: 'task', task: 'c', result: 'Failed' },
        },
      },
    });
    expect(
      dependsOfTask({ depends: 'A && (C.Succeeded || C.Failed)' }).dependencies,
    ).toEqual(['A', 'C']);
  });

  it('reads dependencies: [A, B] as A && B, and refuses what it cannot parse', () => {
    expect(dependsOfTask({ dependencies: ['A', 'B'] })).toEqual(
      dependsOfTask({ depends: 'A && B' }),
    );
    expect(dependsOfTask({})).toEqual({ dependencies: [] });
    expect(() => parseDepends('A &&')).toThrow(/cannot parse/);
    expect(() => parseDepends('A.Finished')).toThrow(/cannot parse/);
    expect(() => parseDepends('(A || B')).toThrow(/cannot parse/);
  });

  it('fails the DAG when a failure omits a target, not when a dependent accepts it', () => {
    const task = (name: string, depends?: string): DagTask => ({
      name,
      template: 'x',
      ...(depends ? dependsOfTask({ depends }) : { dependencies: [] }),
    });
    const tasks = [task('A'), task('B', 'A'), task('C', 'B')];
    const outcomes = { A: 'Succeeded', B: 'Failed', C: 'Omitted' } as const;
    expect(assessDagPhase(tasks, t => outcomes[t as 'A'])).toBe('Failed');
    const handled = [task('A'), task('B', 'A'), task('C', 'B.Failed')];
    const ran = { A: 'Succeeded', B: 'Failed', C: 'Succeeded' } as const;
    expect(assessDagPhase(handled, t => ran[t as 'A'])).toBe('Succeeded');
  });
});

describe('planning a DAG', () => {
  it('runs the diamond in dependency order, the middle tasks side by side', () => {
    const plan = planWorkflow(dagWorkflow('dag-order', DIAMOND));
    const [clone, build, scan, push] = DIAMOND.map(t => stepOf(plan, t.name));
    expect(plan.dag?.omitted).toEqual([]);
    expect(plan.dag?.targets).toEqual(['push-step']);
    expect(plan.dag?.phase).toBe('Succeeded');
    // Both start together once clone is done, and run at the same time.
    expect(build.podCreatedMs).toBe(scan.podCreatedMs);
    expect(build.podCreatedMs).toBeGreaterThan(clone.finishedMs);
    expect(scan.mainStartMs).toBeLessThan(build.mainEndMs);
    // push waits for the slower of the two.
    expect(push.podCreatedMs).toBeGreaterThan(
      Math.max(build.finishedMs, scan.finishedMs),
    );
    expect(plan.endMs).toBeGreaterThan(push.finishedMs);
    expect(plan.steps.map(s => s.nodeName)).toEqual([
      'dag-order.clone-step',
      expect.stringMatching(/^dag-order\.(build|scan)-step$/),
      expect.stringMatching(/^dag-order\.(build|scan)-step$/),
      'dag-order.push-step',
    ]);
    expect(plan.steps.map(s => s.group)).toEqual([0, 1, 1, 2]);
  });

  it('passes {{tasks.<task>.outputs.parameters.<p>}} from a dependency to a task', () => {
    const wf = dagWorkflow(
      'dag-args',
      [
        { name: 'clone-step', template: 'clone-step' },
        {
          name: 'push-step',
          template: 'push-step',
          depends: 'clone-step',
          arguments: {
            parameters: [
              {
                name: 'git-revision',
                value: '{{tasks.clone-step.outputs.parameters.git-revision}}',
              },
            ],
          },
        },
      ],
      { commit: '0123456789abcdef' },
    );
    const spec = wf.spec as { templates: Array<Record<string, unknown>> };
    spec.templates.push({
      name: 'clone-step',
      outputs: {
        parameters: [
          {
            name: 'git-revision',
            valueFrom: { path: '/tmp/git-revision.txt' },
          },
        ],
      },
    });
    const plan = planWorkflow(wf);
    expect(stepOf(plan, 'push-step').inputs).toEqual([
      { name: 'git-revision', value: '01234567' },
    ]);
  });

  it('omits what follows a failed task, lets the parallel branch finish, and fails the DAG', () => {
    const plan = planWorkflow(
      dagWorkflow(
        'dag-failure',
        [
          ...DIAMOND,
          { name: 'notify', template: 'notify', depends: 'push-step' },
        ],
        { 'app-path': `/${MISSING_DOCKERFILE}` },
      ),
    );
    expect(plan.steps.map(s => s.ref.name).sort()).toEqual([
      'build-step',
      'clone-step',
      'scan-step',
    ]);
    expect(stepOf(plan, 'build-step').script.fail).toBeDefined();
    const omitted = plan.dag!.omitted;
    expect(omitted.map(o => o.task.name)).toEqual(['push-step', 'notify']);
    // Omitted once both its dependencies are done; its dependent in the same controller pass.
    const scan = stepOf(plan, 'scan-step');
    const build = stepOf(plan, 'build-step');
    expect(omitted[0].atMs).toBeGreaterThan(
      Math.max(build.finishedMs, scan.finishedMs),
    );
    expect(omitted[1].atMs).toBe(omitted[0].atMs);
    expect(plan.dag!.phase).toBe('Failed');

    // The failing build is short; while scan-step still runs after it, the workflow runs on.
    expect(build.finishedMs).toBeLessThan(scan.mainEndMs);
    const whileScanning = snapshot(plan, build.finishedMs + 1);
    expect(whileScanning.phase).toBe('Running');
    expect(
      whileScanning.states.find(s => s.step.ref.name === 'scan-step')?.phase,
    ).toBe('Running');
    const end = snapshot(plan, plan.endMs);
    expect(end.phase).toBe('Failed');
    expect(end.done).toBe(true);
    const byName = Object.fromEntries(
      Object.values(end.status.nodes).map(n => [n.displayName, n]),
    );
    expect(byName['push-step']).toMatchObject({
      type: 'Skipped',
      phase: 'Omitted',
      message: 'omitted: depends condition not met',
      children: [byName.notify.id],
    });
    expect(byName.notify).toMatchObject({ type: 'Skipped', phase: 'Omitted' });
    expect(byName['scan-step'].phase).toBe('Succeeded');
    expect(byName['build-step'].phase).toBe('Failed');
    // The DAG node carries no message; nor does the workflow (Argo's is the DAG node's).
    expect(byName['dag-failure']).toMatchObject({
      type: 'DAG',
      phase: 'Failed',
      outboundNodes: [byName.notify.id],
    });
    expect(byName['dag-failure'].message).toBeUndefined();
    expect(end.status.message).toBeUndefined();
  });

  it('runs a task whose depends accepts the failure (C.Failed), then the DAG succeeds', () => {
    const plan = planWorkflow(
      dagWorkflow(
        'dag-handled',
        [
          { name: 'build', template: 'build-step' },
          { name: 'report', template: 'report', depends: 'build.Failed' },
        ],
        { 'app-path': `/${MISSING_DOCKERFILE}` },
      ),
    );
    expect(plan.steps.map(s => s.ref.name)).toEqual(['build', 'report']);
    expect(plan.dag!.phase).toBe('Succeeded');
  });

  it('stops on a shutdown: running tasks cut, nothing later started, the workflow Failed', () => {
    const plan = planWorkflow(dagWorkflow('dag-stop', DIAMOND));
    const build = stepOf(plan, 'build-step');
    const at = build.mainStartMs + 10;
    const snap = snapshot(plan, at + 1000, at);
    expect(snap.phase).toBe('Failed');
    expect(snap.status.message).toBe("Stopped with strategy 'Terminate'");
    const nodes = Object.values(snap.status.nodes);
    expect(nodes.map(n => n.displayName).sort()).toEqual([
      'build-step',
      'clone-step',
      'dag-stop',
      'scan-step',
    ]);
    expect(nodes.find(n => n.displayName === 'build-step')?.message).toBe(
      "Stopped with strategy 'Terminate'",
    );
  });

  it('treats a template whose depends it cannot read as unknown (the built-in catalogue)', () => {
    const plan = planWorkflow(
      dagWorkflow('dag-bad', [
        { name: 'a', template: 'x', depends: 'b' }, // no task b
      ]),
    );
    expect(plan.dag).toBeUndefined();
    expect(plan.steps.map(s => s.ref.name)).toEqual([
      'clone-step',
      'build-step',
      'push-step',
      'workload-create-step',
    ]);
  });
});
