import { analyzeHolosDocuments, analyzeHolosText } from './analyze';
import type { HolosDryRun } from './report';
import { holosPlan, readHolosExample } from './__testUtils__/examples';

function dryRunOf(text: string): HolosDryRun {
  const [plan] = analyzeHolosText(text).plans;
  expect(plan.dryRun).toBeDefined();
  return plan.dryRun!;
}

describe('the dry run', () => {
  it('orders a Helm + Kustomize plan with a validator next to a second artifact', () => {
    expect(dryRunOf(readHolosExample('helm-kustomize.yaml'))).toEqual({
      tasks: [
        {
          id: 'artifact/0/generator/0',
          artifact: 0,
          stage: 'generator',
          index: 0,
          kind: 'Helm',
          label: 'podinfo',
          after: [],
          step: 0,
          reads: [],
          writes: ['helm.gen.yaml'],
        },
        {
          id: 'artifact/0/transformer/0',
          artifact: 0,
          stage: 'transformer',
          index: 0,
          kind: 'Kustomize',
          label: 'components/podinfo/podinfo.gen.yaml',
          after: ['artifact/0/generator/0'],
          step: 1,
          reads: ['helm.gen.yaml'],
          writes: ['components/podinfo/podinfo.gen.yaml'],
        },
        {
          id: 'artifact/0/validator/0',
          artifact: 0,
          stage: 'validator',
          index: 0,
          kind: 'Command',
          label: 'kubeconform',
          after: ['artifact/0/transformer/0'],
          step: 2,
          reads: ['components/podinfo/podinfo.gen.yaml'],
          writes: [],
        },
        {
          id: 'artifact/0',
          artifact: 0,
          stage: 'write',
          index: 0,
          kind: 'Artifact',
          label: 'components/podinfo/podinfo.gen.yaml',
          after: ['artifact/0/validator/0'],
          step: 3,
          reads: ['components/podinfo/podinfo.gen.yaml'],
          writes: ['components/podinfo/podinfo.gen.yaml'],
        },
        {
          id: 'artifact/1/generator/0',
          artifact: 1,
          stage: 'generator',
          index: 0,
          kind: 'Resources',
          label: 'gitops/podinfo.application.gen.yaml',
          after: [],
          step: 0,
          reads: [],
          writes: ['gitops/podinfo.application.gen.yaml'],
        },
        {
          id: 'artifact/1',
          artifact: 1,
          stage: 'write',
          index: 0,
          kind: 'Artifact',
          label: 'gitops/podinfo.application.gen.yaml',
          after: ['artifact/1/generator/0'],
          step: 1,
          reads: ['gitops/podinfo.application.gen.yaml'],
          writes: ['gitops/podinfo.application.gen.yaml'],
        },
      ],
      // Artifacts run concurrently: their step n runs together.
      steps: [
        ['artifact/0/generator/0', 'artifact/1/generator/0'],
        ['artifact/0/transformer/0', 'artifact/1'],
        ['artifact/0/validator/0'],
        ['artifact/0'],
      ],
      flows: [
        {
          task: 'artifact/0/transformer/0',
          input: 'helm.gen.yaml',
          from: [{ task: 'artifact/0/generator/0', output: 'helm.gen.yaml' }],
          prefix: false,
        },
        {
          task: 'artifact/0/validator/0',
          input: 'components/podinfo/podinfo.gen.yaml',
          from: [
            {
              task: 'artifact/0/transformer/0',
              output: 'components/podinfo/podinfo.gen.yaml',
            },
          ],
          prefix: false,
        },
        {
          task: 'artifact/0',
          input: 'components/podinfo/podinfo.gen.yaml',
          from: [
            {
              task: 'artifact/0/transformer/0',
              output: 'components/podinfo/podinfo.gen.yaml',
            },
          ],
          prefix: false,
        },
        {
          task: 'artifact/1',
          input: 'gitops/podinfo.application.gen.yaml',
          from: [
            {
              task: 'artifact/1/generator/0',
              output: 'gitops/podinfo.application.gen.yaml',
            },
          ],
          prefix: false,
        },
      ],
      artifacts: [
        'components/podinfo/podinfo.gen.yaml',
        'gitops/podinfo.application.gen.yaml',
      ],
    });
  });

  it('runs generators together, then the Join, then the write', () => {
    const dryRun = dryRunOf(readHolosExample('multi-generator-join.yaml'));
    expect(dryRun.steps).toEqual([
      [
        'artifact/0/generator/0',
        'artifact/0/generator/1',
        'artifact/0/generator/2',
      ],
      ['artifact/0/transformer/0'],
      ['artifact/0'],
    ]);
    expect(dryRun.tasks.map(task => task.label)).toEqual([
      'resources.gen.yaml',
      'oci://ghcr.io/stefanprodan/charts/podinfo',
      'crds.yaml',
      'components/demo/demo.gen.yaml',
      'components/demo/demo.gen.yaml',
    ]);
    const join = dryRun.flows.filter(
      flow => flow.task === 'artifact/0/transformer/0',
    );
    expect(
      join.map(flow => [flow.input, flow.from.map(from => from.task)]),
    ).toEqual([
      ['resources.gen.yaml', ['artifact/0/generator/0']],
      ['helm.gen.yaml', ['artifact/0/generator/1']],
      ['file.gen.yaml', ['artifact/0/generator/2']],
    ]);
    expect(
      dryRun.tasks.find(task => task.id === 'artifact/0/transformer/0')?.after,
    ).toEqual([
      'artifact/0/generator/0',
      'artifact/0/generator/1',
      'artifact/0/generator/2',
    ]);
  });

  it('labels a Command task with its displayName, else the basename of args[0]', () => {
    const dryRun = dryRunOf(readHolosExample('buildcontext-slice.yaml'));
    expect(dryRun.tasks.map(task => [task.id, task.kind, task.label])).toEqual([
      ['artifact/0/generator/0', 'Resources', 'resources.gen.yaml'],
      ['artifact/0/transformer/0', 'Command', 'kubectl-slice'],
      ['artifact/0', 'Artifact', 'components/slice'],
    ]);
  });

  it('matches a directory input by prefix against earlier outputs', () => {
    const plan = holosPlan([
      {
        artifact: 'components/app',
        generators: [
          {
            kind: 'Command',
            output: 'manifests/a.yaml',
            command: { args: ['gen-a'] },
          },
          {
            kind: 'Command',
            output: 'manifests/b.yaml',
            command: { args: ['gen-b'] },
          },
          // Not inside manifests/: a name that merely starts alike.
          { kind: 'Resources', output: 'manifests-extra.yaml' },
        ],
        transformers: [
          {
            kind: 'Kustomize',
            inputs: ['manifests', 'manifests-extra.yaml'],
            output: 'components/app',
          },
        ],
        validators: [
          {
            kind: 'Command',
            inputs: ['manifests'],
            command: { args: ['check'] },
          },
        ],
      },
    ]);
    const [report] = analyzeHolosDocuments([plan]).plans;
    expect(report.errors).toEqual([]);
    const fromManifests = {
      input: 'manifests',
      from: [
        { task: 'artifact/0/generator/0', output: 'manifests/a.yaml' },
        { task: 'artifact/0/generator/1', output: 'manifests/b.yaml' },
      ],
      prefix: true,
    };
    expect(report.dryRun?.flows).toEqual([
      { task: 'artifact/0/transformer/0', ...fromManifests },
      {
        task: 'artifact/0/transformer/0',
        input: 'manifests-extra.yaml',
        from: [
          { task: 'artifact/0/generator/2', output: 'manifests-extra.yaml' },
        ],
        prefix: false,
      },
      { task: 'artifact/0/validator/0', ...fromManifests },
      {
        task: 'artifact/0',
        input: 'components/app',
        from: [{ task: 'artifact/0/transformer/0', output: 'components/app' }],
        prefix: false,
      },
    ]);
  });

  it('writes a directory artifact from the generator outputs inside it', () => {
    const plan = holosPlan([
      {
        artifact: 'components/app',
        generators: [
          { kind: 'Resources', output: 'components/app/a.gen.yaml' },
          { kind: 'Resources', output: 'components/app/b.gen.yaml' },
        ],
      },
    ]);
    const [report] = analyzeHolosDocuments([plan]).plans;
    expect(report.errors).toEqual([]);
    expect(report.dryRun?.steps).toEqual([
      ['artifact/0/generator/0', 'artifact/0/generator/1'],
      ['artifact/0'],
    ]);
    expect(report.dryRun?.flows).toEqual([
      {
        task: 'artifact/0',
        input: 'components/app',
        from: [
          {
            task: 'artifact/0/generator/0',
            output: 'components/app/a.gen.yaml',
          },
          {
            task: 'artifact/0/generator/1',
            output: 'components/app/b.gen.yaml',
          },
        ],
        prefix: true,
      },
    ]);
  });

  it('leaves out the artifacts of a disabled plan but not a skipped artifact', () => {
    const [httpbin, namespaces, disabled] = analyzeHolosText(
      readHolosExample('stream.yaml'),
    ).plans;
    expect(httpbin.dryRun?.artifacts).toEqual(['components/httpbin']);
    // holos v1alpha6 never reads `skip`: the artifact is still built and written.
    expect(namespaces.artifacts[1].skip).toBe(true);
    expect(namespaces.dryRun?.artifacts).toEqual([
      'components/namespaces/namespaces.gen.yaml',
      'components/namespaces/sandbox.gen.yaml',
    ]);
    // A disabled plan runs nothing; its tasks show what would run once enabled.
    expect(disabled.disabled).toBe(true);
    expect(disabled.dryRun?.artifacts).toEqual([]);
    expect(disabled.dryRun?.tasks.map(task => task.id)).toEqual([
      'artifact/0/generator/0',
      'artifact/0',
    ]);
  });

  it('starts transformers at the first step when an artifact has no generator', () => {
    const plan = holosPlan([
      {
        artifact: 'out.yaml',
        transformers: [
          {
            kind: 'Command',
            inputs: [],
            output: 'out.yaml',
            command: { args: ['make'] },
          },
        ],
      },
    ]);
    const [report] = analyzeHolosDocuments([plan]).plans;
    expect(report.errors).toEqual([]);
    expect(report.dryRun?.steps).toEqual([
      ['artifact/0/transformer/0'],
      ['artifact/0'],
    ]);
    expect(report.dryRun?.tasks[0].after).toEqual([]);
  });
});
