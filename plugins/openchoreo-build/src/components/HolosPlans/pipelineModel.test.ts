import { englishTranslate } from '../../__testUtils__/englishTranslate';
import { holosExample } from '../../__testUtils__/holosExamples';
import {
  buildArtifactPipelines,
  describeNode,
  findNode,
  summarizeResult,
} from './pipelineModel';

const planOf = (file: string) => holosExample(file).result.plans[0];
const t = englishTranslate();
const nodeName = (node: Parameters<typeof describeNode>[1]) =>
  describeNode(t, node);

describe('buildArtifactPipelines', () => {
  it('draws the dry run flows as labelled edges, and the order without data unlabelled', () => {
    const [podinfo, application] = buildArtifactPipelines(
      t,
      planOf('helm-kustomize.yaml'),
    );
    expect(podinfo.flowsKnown).toBe(true);
    expect(podinfo.nodes.map(nodeName)).toEqual([
      'Helm generator 1 (podinfo)',
      'Kustomize transformer 1 (components/podinfo/podinfo.gen.yaml)',
      'Command validator 1 (kubeconform)',
      'artifact components/podinfo/podinfo.gen.yaml',
    ]);
    expect(podinfo.edges).toEqual([
      {
        from: 'artifact/0/generator/0',
        to: 'artifact/0/transformer/0',
        label: 'helm.gen.yaml',
      },
      {
        from: 'artifact/0/transformer/0',
        to: 'artifact/0/validator/0',
        label: 'components/podinfo/podinfo.gen.yaml',
      },
      {
        from: 'artifact/0/transformer/0',
        to: 'artifact/0',
        label: 'components/podinfo/podinfo.gen.yaml',
      },
      // The artifact is written once the validator passed.
      { from: 'artifact/0/validator/0', to: 'artifact/0', label: undefined },
    ]);
    expect(podinfo.nodes.every(n => n.unresolvedInputs.length === 0)).toBe(
      true,
    );
    // The second artifact is its own graph: a Resources generator writing the artifact directly.
    expect(application.edges).toEqual([
      {
        from: 'artifact/1/generator/0',
        to: 'artifact/1',
        label: 'gitops/podinfo.application.gen.yaml',
      },
    ]);
  });

  it('puts a missing input and its problem at the consuming node', () => {
    const pipelines = buildArtifactPipelines(
      t,
      planOf('invalid/missing-input.yaml'),
    );
    const kustomize = findNode(pipelines, 'artifact/0/transformer/0')!;
    expect(kustomize.unresolvedInputs).toEqual(['helm.gen.yaml']);
    expect(kustomize.problems.map(p => [p.rule, p.line])).toEqual([
      ['missing-input', 25],
    ]);
    // Nothing flows from the generator (it writes chart.gen.yaml): only the order is drawn.
    expect(pipelines[0].edges[0]).toEqual({
      from: 'artifact/0/transformer/0',
      to: 'artifact/0',
      label: 'components/podinfo/podinfo.gen.yaml',
    });
    expect(pipelines[0].edges).toContainEqual({
      from: 'artifact/0/generator/0',
      to: 'artifact/0/transformer/0',
      label: undefined,
    });
  });

  it('puts a cross-artifact read at the node of the artifact that reads', () => {
    const pipelines = buildArtifactPipelines(
      t,
      planOf('invalid/cross-artifact.yaml'),
    );
    const join = findNode(pipelines, 'artifact/1/transformer/0')!;
    expect(join.unresolvedInputs).toEqual(['namespace.gen.yaml']);
    expect(join.problems.map(p => p.rule)).toEqual(['cross-artifact']);
    expect(findNode(pipelines, 'artifact/0/transformer/0')!.problems).toEqual(
      [],
    );
  });

  it('labels a directory input matched by prefix with the prefix', () => {
    const plan = planOf('helm-kustomize.yaml');
    const prefixed = {
      ...plan,
      dryRun: {
        ...plan.dryRun!,
        flows: [
          {
            task: 'artifact/0/transformer/0',
            input: 'charts',
            from: [
              { task: 'artifact/0/generator/0', output: 'charts/podinfo.yaml' },
            ],
            prefix: true,
          },
        ],
      },
    };
    const [pipeline] = buildArtifactPipelines(t, prefixed);
    expect(pipeline.edges[0].label).toBe(
      'charts/podinfo.yaml (by prefix charts/)',
    );
  });

  it('marks the nodes of an artifact that says skip (holos v1alpha6 still builds it)', () => {
    const namespaces = holosExample('stream.yaml').result.plans[1];
    const [kept, marked] = buildArtifactPipelines(t, namespaces);
    expect(kept.nodes.some(n => n.markedSkip)).toBe(false);
    expect(marked.nodes.every(n => n.markedSkip)).toBe(true);
    expect(marked.flowsKnown).toBe(true);
  });

  it('without a dry run (schema problems), orders the stages and names nodes by their output', () => {
    const plan = planOf('invalid/schema-missing-field.yaml');
    expect(plan.dryRun).toBeUndefined();
    const [pipeline] = buildArtifactPipelines(t, plan);
    expect(pipeline.flowsKnown).toBe(false);
    expect(pipeline.nodes.map(nodeName)).toEqual([
      'Helm generator 1 (components/podinfo/podinfo.gen.yaml)',
      'artifact components/podinfo/podinfo.gen.yaml',
    ]);
    expect(pipeline.edges).toEqual([
      { from: 'artifact/0/generator/0', to: 'artifact/0' },
    ]);
    expect(pipeline.nodes[0].problems.map(p => p.rule)).toEqual(['schema']);
  });
});

describe('summarizeResult', () => {
  it('counts plans, valid plans, platform components and problems', () => {
    expect(
      summarizeResult(
        t,
        holosExample(
          'stream.yaml',
          'invalid/missing-input.yaml',
          'invalid/cross-artifact.yaml',
          'platform.yaml',
        ).result,
      ),
    ).toBe('5 plans, 3 valid, 1 platform with 3 components, 2 problems');
    expect(summarizeResult(t, holosExample('helm-kustomize.yaml').result)).toBe(
      '1 plan, 1 valid, 0 problems',
    );
  });
});
