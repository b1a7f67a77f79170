import { englishTranslate } from '../../__testUtils__/englishTranslate';
import { holosExample } from '../../__testUtils__/holosExamples';
import { graphWidth, nodeText, shorten } from './graphGeometry';
import { buildArtifactPipelines, findNode } from './pipelineModel';

const t = englishTranslate();

describe('graph geometry', () => {
  it('keeps the end of a long path, which names the file', () => {
    expect(shorten('helm.gen.yaml')).toBe('helm.gen.yaml');
    expect(shorten('components/podinfo/overlays/prod/podinfo.gen.yaml')).toBe(
      '…rlays/prod/podinfo.gen.yaml',
    );
  });

  it('says in words what is wrong with a node, and sizes its box to the longest line', () => {
    const pipelines = buildArtifactPipelines(
      t,
      holosExample('invalid/missing-input.yaml').result.plans[0],
    );
    const text = nodeText(t, findNode(pipelines, 'artifact/0/transformer/0')!);
    expect(text).toMatchObject({
      title: 'Kustomize · transformer',
      label: '…ts/podinfo/podinfo.gen.yaml',
      flags: '1 problem: missing-input',
    });
    expect(text.width).toBeGreaterThanOrEqual(text.label.length * 7 + 24);
    const skipped = buildArtifactPipelines(
      t,
      holosExample('stream.yaml').result.plans[1],
    )[1];
    expect(nodeText(t, skipped.nodes[0]).flags).toBe('skip ignored');
  });

  it('gives a pipeline the width of its columns, edge labels and margins', () => {
    const [podinfo, application] = buildArtifactPipelines(
      t,
      holosExample('helm-kustomize.yaml').result.plans[0],
    );
    const boxes = (p: typeof podinfo) =>
      p.nodes.reduce((sum, n) => sum + nodeText(t, n).width, 0);
    // Four columns (Helm, Kustomize, validator, artifact) with a labelled gap between each.
    expect(graphWidth(t, podinfo)).toBeGreaterThan(boxes(podinfo) + 3 * 100);
    expect(graphWidth(t, application)).toBeLessThan(graphWidth(t, podinfo));
    expect(graphWidth(t, application)).toBeGreaterThan(boxes(application));
  });
});
