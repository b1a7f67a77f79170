import fs from 'fs';
import path from 'path';
import { analyzeHolosText } from './analyze';
import type { HolosRule } from './report';
import {
  HOLOS_EXAMPLES_DIR,
  readHolosExample,
  textAt,
} from './__testUtils__/examples';

const VALID_EXAMPLES = [
  'buildcontext-slice.yaml',
  'helm-kustomize.yaml',
  'multi-generator-join.yaml',
  'platform.yaml',
  'stream.yaml',
];

/** Each invalid example breaks exactly one rule, at one field. */
const INVALID_EXAMPLES: Array<{
  file: string;
  rule: HolosRule;
  path: string;
  task: string;
  line: number;
  column: number;
  /** What the text at line/column starts with. */
  field: string;
  message: RegExp;
}> = [
  {
    file: 'schema-generator-kind.yaml',
    rule: 'schema',
    path: 'spec.artifacts[0].generators[1].kind',
    task: 'artifact/0/generator/1',
    line: 13,
    column: 11,
    field: 'kind: Kustomize',
    message:
      /^spec\.artifacts\[0\]\.generators\[1\]\.kind must be one of Resources, Helm, File, Command \(got "Kustomize"\)$/,
  },
  {
    file: 'schema-unknown-field.yaml',
    rule: 'schema',
    path: 'spec.artifacts[0].transformers[0].input',
    task: 'artifact/0/transformer/0',
    line: 15,
    column: 11,
    field: 'input:',
    message:
      /input is an unknown field: a Transformer has only kind, inputs, output, kustomize, join, command$/,
  },
  {
    file: 'schema-missing-field.yaml',
    rule: 'schema',
    path: 'spec.artifacts[0].generators[0].helm.chart.version',
    task: 'artifact/0/generator/0',
    // A missing field is placed at the object that lacks it.
    line: 13,
    column: 13,
    field: 'chart:',
    message:
      /chart\.version is required: a Chart needs name, version, release$/,
  },
  {
    file: 'schema-oci-repository-url.yaml',
    rule: 'schema',
    path: 'spec.artifacts[0].generators[0].helm.chart.repository.url',
    task: 'artifact/0/generator/0',
    line: 20,
    column: 17,
    field: 'url: https://ghcr.io',
    message:
      /repository\.url must not be set when the chart name is an oci:\/\/ reference/,
  },
  {
    file: 'write-once.yaml',
    rule: 'write-once',
    path: 'spec.artifacts[1].generators[0].output',
    task: 'artifact/1/generator/0',
    line: 25,
    column: 11,
    field: 'output: resources.gen.yaml',
    message:
      /^output "resources\.gen\.yaml" is written twice: by spec\.artifacts\[0\]\.generators\[0\] \(artifact\/0\/generator\/0\) and by spec\.artifacts\[1\]\.generators\[0\] \(artifact\/1\/generator\/0\)/,
  },
  {
    file: 'artifact-output.yaml',
    rule: 'artifact-output',
    path: 'spec.artifacts[0].transformers[0].output',
    task: 'artifact/0/transformer/0',
    line: 18,
    column: 11,
    field: 'output: components/app/app.yaml',
    message:
      /the last transformer writes "components\/app\/app\.yaml" but the artifact is "components\/app\/app\.gen\.yaml"/,
  },
  {
    file: 'missing-input.yaml',
    rule: 'missing-input',
    path: 'spec.artifacts[0].transformers[0].inputs[0]',
    task: 'artifact/0/transformer/0',
    line: 25,
    column: 15,
    field: 'helm.gen.yaml',
    message:
      /^input "helm\.gen\.yaml" is not written by any earlier task of this artifact/,
  },
  {
    file: 'cross-artifact.yaml',
    rule: 'cross-artifact',
    path: 'spec.artifacts[1].transformers[0].inputs[1]',
    task: 'artifact/1/transformer/0',
    line: 26,
    column: 15,
    field: 'namespace.gen.yaml',
    message:
      /^input "namespace\.gen\.yaml" is written only by another artifact, spec\.artifacts\[0\]\.generators\[0\] \(artifact\/0\/generator\/0\)/,
  },
  {
    file: 'input-order.yaml',
    rule: 'input-order',
    path: 'spec.artifacts[0].transformers[0].inputs[1]',
    task: 'artifact/0/transformer/0',
    line: 17,
    column: 15,
    field: 'labels.gen.yaml',
    message:
      /^input "labels\.gen\.yaml" is written by spec\.artifacts\[0\]\.transformers\[1\] \(artifact\/0\/transformer\/1\), which runs later/,
  },
];

describe('the examples in examples/holos', () => {
  it.each(VALID_EXAMPLES)('%s is valid', file => {
    const result = analyzeHolosText(readHolosExample(file));
    expect(result.valid).toBe(true);
    for (const report of [...result.plans, ...result.platforms]) {
      expect(report.errors).toEqual([]);
    }
  });

  it('lists every invalid example in the table above, one per rule', () => {
    const files = fs.readdirSync(path.join(HOLOS_EXAMPLES_DIR, 'invalid'));
    expect(files.sort()).toEqual(INVALID_EXAMPLES.map(e => e.file).sort());
    const rules = new Set(INVALID_EXAMPLES.map(e => e.rule));
    expect([...rules].sort()).toEqual(
      [
        'artifact-output',
        'cross-artifact',
        'input-order',
        'missing-input',
        'schema',
        'write-once',
      ].sort(),
    );
  });

  it.each(INVALID_EXAMPLES)(
    'invalid/$file breaks $rule at $path',
    ({ file, rule, path: problemPath, task, line, column, field, message }) => {
      const text = readHolosExample(`invalid/${file}`);
      const result = analyzeHolosText(text);
      expect(result.valid).toBe(false);
      expect(result.plans).toHaveLength(1);
      const [problem, ...others] = result.plans[0].errors;
      expect(others).toEqual([]);
      expect(problem).toMatchObject({
        rule,
        path: problemPath,
        task,
        line,
        column,
      });
      expect(problem.message).toMatch(message);
      expect(textAt(text, line, column).startsWith(field)).toBe(true);
      // The header comment says which rule the file breaks.
      expect(text.split('\n')[0]).toMatch(
        new RegExp(`^# Breaks (the )?${rule}`),
      );
    },
  );

  it('reports a plan with schema problems without a dry run, and a valid one with it', () => {
    const invalid = analyzeHolosText(
      readHolosExample('invalid/schema-generator-kind.yaml'),
    );
    expect(invalid.plans[0].dryRun).toBeUndefined();
    // Its artifacts are still listed as submitted, for the UI to draw.
    expect(invalid.plans[0].artifacts[0].outputs).toEqual([
      'resources.gen.yaml',
      'kustomized.gen.yaml',
      'components/app/app.gen.yaml',
    ]);
    const ruleBroken = analyzeHolosText(
      readHolosExample('invalid/missing-input.yaml'),
    );
    expect(ruleBroken.plans[0].dryRun).toBeDefined();
  });

  it('names each plan and its component as holos labels it', () => {
    const stream = analyzeHolosText(readHolosExample('stream.yaml'));
    expect(
      stream.plans.map(({ document, name, component, disabled }) => ({
        document,
        name,
        component,
        disabled,
      })),
    ).toEqual([
      { document: 0, name: 'httpbin', component: 'httpbin', disabled: false },
      {
        document: 1,
        name: 'namespaces',
        component: 'namespaces',
        disabled: false,
      },
      {
        document: 2,
        name: 'legacy-dashboard',
        component: 'dashboard',
        disabled: true,
      },
    ]);
    // Without the holos.run/component.name label the component is the plan's name.
    const demo = analyzeHolosText(
      readHolosExample('multi-generator-join.yaml'),
    );
    expect(demo.plans[0].component).toBe('demo');
  });

  it('reports the artifacts of a plan with what they read and write', () => {
    const [plan] = analyzeHolosText(
      readHolosExample('helm-kustomize.yaml'),
    ).plans;
    expect(
      plan.artifacts.map(({ index, artifact, skip, inputs, outputs }) => ({
        index,
        artifact,
        skip,
        inputs,
        outputs,
      })),
    ).toEqual([
      {
        index: 0,
        artifact: 'components/podinfo/podinfo.gen.yaml',
        skip: false,
        inputs: ['helm.gen.yaml', 'components/podinfo/podinfo.gen.yaml'],
        outputs: ['helm.gen.yaml', 'components/podinfo/podinfo.gen.yaml'],
      },
      {
        index: 1,
        artifact: 'gitops/podinfo.application.gen.yaml',
        skip: false,
        inputs: [],
        outputs: ['gitops/podinfo.application.gen.yaml'],
      },
    ]);
    expect(plan.artifacts[0].generators[0].helm?.chart).toEqual({
      name: 'podinfo',
      version: '6.7.1',
      release: 'podinfo',
      repository: {
        name: 'podinfo',
        url: 'https://stefanprodan.github.io/podinfo',
      },
    });
    expect(plan.artifacts[0].transformers[0].kustomize?.files).toHaveProperty([
      'replicas.yaml',
    ]);
  });

  it('reports the components of a Platform', () => {
    const result = analyzeHolosText(readHolosExample('platform.yaml'));
    expect(result.plans).toEqual([]);
    expect(result.platforms).toHaveLength(1);
    expect(result.platforms[0].name).toBe('default');
    expect(result.platforms[0].components.map(c => [c.name, c.path])).toEqual([
      ['slice', 'components/slice'],
      ['podinfo', 'components/podinfo'],
      ['demo', 'components/demo'],
    ]);
  });
});
