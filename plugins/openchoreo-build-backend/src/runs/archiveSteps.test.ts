import type { ArgoWorkflowTemplate } from '@openchoreo-build/plugin-openchoreo-build-common';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';
import type { ArchivedPod, RunArchiveScan } from '../logs/runArchive';
import {
  declaredStepsOf,
  findArchivedStep,
  stepsFromArchive,
} from './archiveSteps';
import { argoNodeId } from './argoPodName';

const WF = 'greeter-service-workflow-0123abcd';
/** The node id Argo gave the n-th top-level step (checked against Argo's own fixtures in argoPodName.test.ts). */
const nodeId = (index: number, step: string) =>
  argoNodeId(WF, `${WF}[${index}].${step}`);

// The v0.9 docker ClusterWorkflowTemplate (samples/cluster-workflow-templates/docker.yaml@v0.9.0):
// four sequential steps, each a plain container.
const [docker] = loadReferenceYaml<ArgoWorkflowTemplate>(
  referencePath(
    'openchoreo',
    'samples-v0.9.0',
    'cluster-workflow-templates',
    'docker.yaml',
  ),
);

function pods(count: number): RunArchiveScan {
  const list: ArchivedPod[] = Array.from({ length: count }, (_, i) => ({
    podUid: `0000000${i}-aaaa-bbbb-cccc-dddddddddddd`,
    firstAt: `2025-03-01T10:0${i}:05Z`,
    lastAt: `2025-03-01T10:0${i}:50Z`,
    mainLines: 10,
  }));
  return { pods: list, truncated: false };
}

describe('steps of an expired run, rebuilt from its archive', () => {
  it('reads the steps the upstream docker template declares, in order, as sequential', () => {
    expect(declaredStepsOf(docker.spec)).toEqual({
      steps: [
        { name: 'clone-step', templateName: 'clone-step' },
        { name: 'build-step', templateName: 'build-step' },
        { name: 'push-step', templateName: 'push-step' },
        { name: 'workload-create-step', templateName: 'workload-create-step' },
      ],
      sequential: true,
    });
  });

  it('names the pods in order when there are exactly as many as declared steps', () => {
    const { steps, wholeRunLog } = stepsFromArchive(
      pods(4),
      declaredStepsOf(docker.spec),
      'Succeeded',
      WF,
    );
    expect(wholeRunLog).toBe(false);
    // Ids are the node ids the steps had while the Workflow existed: links made then still work.
    expect(steps.map(s => [s.name, s.id, s.phase])).toEqual([
      ['clone-step', nodeId(0, 'clone-step'), 'Succeeded'],
      ['build-step', nodeId(1, 'build-step'), 'Succeeded'],
      ['push-step', nodeId(2, 'push-step'), 'Succeeded'],
      ['workload-create-step', nodeId(3, 'workload-create-step'), 'Succeeded'],
    ]);
    expect(steps[1]).toMatchObject({
      nodeName: `${WF}[1].build-step`,
      podUid: '00000001-aaaa-bbbb-cccc-dddddddddddd',
      startedAt: '2025-03-01T10:01:05Z',
      finishedAt: '2025-03-01T10:01:50Z',
      durationSeconds: 45,
    });
  });

  it('names the pods of a run that stopped early by position (the steps after the failing one never ran)', () => {
    for (const status of ['Failed', 'Running'] as const) {
      const { steps, wholeRunLog } = stepsFromArchive(
        pods(2),
        declaredStepsOf(docker.spec),
        status,
        WF,
      );
      expect(wholeRunLog).toBe(false);
      expect(steps.map(s => [s.name, s.id])).toEqual([
        ['clone-step', nodeId(0, 'clone-step')],
        ['build-step', nodeId(1, 'build-step')],
      ]);
    }
    expect(
      stepsFromArchive(pods(2), declaredStepsOf(docker.spec), 'Failed', WF)
        .steps[1].phase,
    ).toBe('Failed');
  });

  it('lists unnamed pods and asks for the whole-run log when the counts cannot fit the template', () => {
    // A succeeded run ran every step: two pods of four means some printed nothing (or a pod is missing).
    expect(
      stepsFromArchive(pods(2), declaredStepsOf(docker.spec), 'Succeeded', WF)
        .wholeRunLog,
    ).toBe(true);
    const { steps, wholeRunLog } = stepsFromArchive(
      pods(5),
      declaredStepsOf(docker.spec),
      'Failed',
      WF,
    );
    expect(wholeRunLog).toBe(true);
    expect(steps.map(s => [s.name, s.phase])).toEqual([
      ['Pod 1 · started 10:00:05', 'Succeeded'],
      ['Pod 2 · started 10:01:05', 'Succeeded'],
      ['Pod 3 · started 10:02:05', 'Succeeded'],
      ['Pod 4 · started 10:03:05', 'Succeeded'],
      ['Pod 5 · started 10:04:05', 'Failed'],
    ]);
    // Their ids are what the step log route takes (pod UIDs match its step pattern).
    expect(
      steps.every(s => /^[A-Za-z0-9][A-Za-z0-9_.()[\]-]*$/.test(s.id)),
    ).toBe(true);
  });

  it('does not name pods by position when a step may retry, even if the counts match', () => {
    const retried = structuredClone(docker.spec!);
    retried.templates!.find(t => t.name === 'build-step')!.retryStrategy = {
      limit: 2,
    };
    const declared = declaredStepsOf(retried);
    expect(declared?.sequential).toBe(false);
    // Four pods: perhaps clone, build, build (retry), push — positions prove nothing.
    expect(stepsFromArchive(pods(4), declared, 'Failed', WF).wholeRunLog).toBe(
      true,
    );
  });

  it('does not name pods of parallel groups, conditional steps or exit handlers', () => {
    const parallel = structuredClone(docker.spec!);
    const main = parallel.templates!.find(t => t.name === 'build-workflow')!;
    main.steps = [
      [main.steps![0][0], main.steps![1][0]],
      ...main.steps!.slice(2),
    ];
    expect(declaredStepsOf(parallel)?.sequential).toBe(false);
    const conditional = structuredClone(docker.spec!);
    conditional.templates!.find(
      t => t.name === 'build-workflow',
    )!.steps![2][0].when = '{{workflow.parameters.push}} == true';
    expect(declaredStepsOf(conditional)?.sequential).toBe(false);
    expect(
      declaredStepsOf({ ...docker.spec, onExit: 'notify' })?.sequential,
    ).toBe(false);
  });

  it('does not name pods when the archive was cut at the entry cap', () => {
    expect(
      stepsFromArchive(
        { ...pods(4), truncated: true },
        declaredStepsOf(docker.spec),
        'Succeeded',
        WF,
      ).wholeRunLog,
    ).toBe(true);
  });

  it('finds an archived step by id, pod UID or node name first, then by name', () => {
    const { steps } = stepsFromArchive(
      pods(4),
      declaredStepsOf(docker.spec),
      'Succeeded',
      WF,
    );
    expect(
      findArchivedStep(steps, '00000002-aaaa-bbbb-cccc-dddddddddddd')?.name,
    ).toBe('push-step');
    expect(findArchivedStep(steps, nodeId(2, 'push-step'))?.name).toBe(
      'push-step',
    );
    expect(findArchivedStep(steps, `${WF}[2].push-step`)?.name).toBe(
      'push-step',
    );
    expect(findArchivedStep(steps, 'build-step')?.podUid).toBe(
      '00000001-aaaa-bbbb-cccc-dddddddddddd',
    );
    expect(findArchivedStep(steps, 'nope')).toBeUndefined();
  });
});
