import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import {
  analyzeHolosDocuments,
  analyzeHolosText,
  HOLOS_MAX_PROBLEMS_PER_DOCUMENT,
} from './analyze';
import { holosV1alpha6JsonSchema } from './schema';
import { holosPlan, readHolosExample } from './__testUtils__/examples';

const resources = (output: string) => ({ kind: 'Resources', output });

/** The schema problems of one plan document. */
function problemsOf(document: unknown) {
  return analyzeHolosDocuments([document]).plans[0].errors;
}

describe('the v1alpha6 JSON Schema', () => {
  it('defines every type of the core schemas, named like the Go types', () => {
    expect(Object.keys(holosV1alpha6JsonSchema.$defs ?? {}).sort()).toEqual(
      [
        'Artifact',
        'Auth',
        'AuthSource',
        'BuildContext',
        'BuildPlan',
        'BuildPlanSpec',
        'Chart',
        'Command',
        'Component',
        'File',
        'FileContent',
        'FileContentMap',
        'FileOrDirectoryPath',
        'FilePath',
        'Generator',
        'Helm',
        'InternalLabel',
        'Join',
        'Kind',
        'Kustomization',
        'Kustomize',
        'Metadata',
        'Platform',
        'PlatformSpec',
        'Repository',
        'Resource',
        'Resources',
        'Transformer',
        'Validator',
        'ValueFile',
        'Values',
      ].sort(),
    );
  });

  it('is a schema any JSON Schema validator can use on its own', () => {
    const validate = new Ajv({ allErrors: true }).compile(
      holosV1alpha6JsonSchema,
    );
    for (const file of [
      'stream.yaml',
      'platform.yaml',
      'multi-generator-join.yaml',
    ]) {
      for (const doc of parseAllDocuments(readHolosExample(file))) {
        expect(validate(doc.toJS())).toBe(true);
      }
    }
    const [bad] = parseAllDocuments(
      readHolosExample('invalid/schema-generator-kind.yaml'),
    );
    expect(validate(bad.toJS())).toBe(false);
  });
});

describe('schema problems', () => {
  it.each([
    {
      what: 'a missing generator output',
      artifact: { artifact: 'a.yaml', generators: [{ kind: 'Resources' }] },
      path: 'spec.artifacts[0].generators[0].output',
      task: 'artifact/0/generator/0',
      message:
        'spec.artifacts[0].generators[0].output is required: a Generator needs kind, output',
    },
    {
      what: 'inputs that are not a list',
      artifact: {
        artifact: 'a.yaml',
        generators: [resources('r.yaml')],
        transformers: [{ kind: 'Join', inputs: 'r.yaml', output: 'a.yaml' }],
      },
      path: 'spec.artifacts[0].transformers[0].inputs',
      task: 'artifact/0/transformer/0',
      message:
        'spec.artifacts[0].transformers[0].inputs must be a list (got "r.yaml")',
    },
    {
      what: 'a validator of another kind',
      artifact: {
        artifact: 'a.yaml',
        generators: [resources('a.yaml')],
        validators: [{ kind: 'Kustomize', inputs: ['a.yaml'] }],
      },
      path: 'spec.artifacts[0].validators[0].kind',
      task: 'artifact/0/validator/0',
      message:
        'spec.artifacts[0].validators[0].kind must be Command (got "Kustomize")',
    },
    {
      what: 'a chart repository without a url',
      artifact: {
        artifact: 'a.yaml',
        generators: [
          {
            kind: 'Helm',
            output: 'a.yaml',
            helm: {
              chart: {
                name: 'podinfo',
                version: '1',
                release: 'p',
                repository: { name: 'p' },
              },
            },
          },
        ],
      },
      path: 'spec.artifacts[0].generators[0].helm.chart.repository.url',
      task: 'artifact/0/generator/0',
      message:
        'spec.artifacts[0].generators[0].helm.chart.repository.url is required: a chart repository needs a url unless the chart name is an oci:// reference',
    },
    {
      what: 'an unknown field of an artifact',
      artifact: {
        artifact: 'a.yaml',
        generators: [resources('a.yaml')],
        skipped: true,
      },
      path: 'spec.artifacts[0].skipped',
      task: 'artifact/0',
      message:
        'spec.artifacts[0].skipped is an unknown field: an Artifact has only artifact, generators, transformers, validators, skip',
    },
  ])('reports $what', ({ artifact, path, task, message }) => {
    expect(problemsOf(holosPlan([artifact]))).toEqual([
      { path, task, message, rule: 'schema' },
    ]);
  });

  it('reports problems outside the artifacts without a task', () => {
    const plan = {
      ...holosPlan([]),
      apiVersion: 'v1alpha5',
      status: {},
      metadata: { name: 'p', labels: { tier: 3 } },
    };
    const byPath = problemsOf(plan).sort((a, b) =>
      a.path.localeCompare(b.path),
    );
    expect(byPath).toEqual([
      {
        rule: 'schema',
        path: 'apiVersion',
        message: 'apiVersion must be v1alpha6 (got "v1alpha5")',
      },
      {
        rule: 'schema',
        path: 'metadata.labels.tier',
        message: 'metadata.labels.tier must be a string (got 3)',
      },
      {
        rule: 'schema',
        path: 'status',
        message:
          'status is an unknown field: a BuildPlan has only apiVersion, kind, metadata, spec, buildContext',
      },
    ]);
  });

  it('quotes a map key that is not a plain name', () => {
    const plan = {
      ...holosPlan([]),
      metadata: { name: 'p', labels: { 'holos.run/x': true } },
    };
    expect(problemsOf(plan).map(problem => problem.path)).toEqual([
      'metadata.labels["holos.run/x"]',
    ]);
  });

  it('places a Platform problem at its line, without a task', () => {
    const text = [
      'apiVersion: v1alpha6',
      'kind: Platform',
      'metadata:',
      '  name: default',
      'spec:',
      '  components:',
      '    - name: a',
      '      path: components/a',
      '    - name: b',
      '      labels:',
      '        team: x',
    ].join('\n');
    const [platform] = analyzeHolosText(text).platforms;
    expect(platform.errors).toEqual([
      {
        rule: 'schema',
        path: 'spec.components[1].path',
        message:
          'spec.components[1].path is required: a Component needs name, path',
        line: 9,
        column: 7,
      },
    ]);
    expect(platform.components.map(component => component.name)).toEqual([
      'a',
      'b',
    ]);
  });

  it('lists at most a bounded number of problems per document', () => {
    const generators = Array.from({ length: 150 }, (_, i) => ({
      kind: 'Kustomize',
      output: `g${i}.yaml`,
    }));
    const problems = problemsOf(holosPlan([{ artifact: 'a', generators }]));
    expect(problems).toHaveLength(HOLOS_MAX_PROBLEMS_PER_DOCUMENT + 1);
    expect(problems[HOLOS_MAX_PROBLEMS_PER_DOCUMENT]).toEqual({
      rule: 'schema',
      path: '',
      message: '50 more problems are not listed: fix the ones above first',
    });
  });
});

describe('what CUE completes by itself', () => {
  it('accepts a plan without the fields CUE fills in, as cue export would', () => {
    // buildContext, spec.artifacts, apiVersion, transformer inputs, helm values and a
    // validator's kind all have a default or a constant in types_go_gen.cue.
    const plan = {
      kind: 'BuildPlan',
      metadata: { name: 'p' },
      spec: {
        artifacts: [
          {
            artifact: 'a.yaml',
            generators: [
              {
                kind: 'Helm',
                output: 'h.yaml',
                helm: {
                  chart: { name: 'oci://r/c', version: '1', release: 'r' },
                },
              },
            ],
            transformers: [
              { kind: 'Command', output: 'a.yaml', command: { args: ['x'] } },
            ],
            validators: [{ inputs: ['a.yaml'], command: { args: ['check'] } }],
          },
        ],
      },
    };
    const result = analyzeHolosDocuments([plan]);
    expect(result.valid).toBe(true);
    expect(result.plans[0].dryRun?.tasks.map(task => task.kind)).toEqual([
      'Helm',
      'Command',
      'Command',
      'Artifact',
    ]);
    expect(
      analyzeHolosDocuments([
        { kind: 'BuildPlan', metadata: { name: 'empty' } },
      ]).valid,
    ).toBe(true);
    expect(problemsOf({ kind: 'BuildPlan' })).toEqual([
      {
        rule: 'schema',
        path: 'metadata',
        message: 'metadata is required: a BuildPlan needs kind, metadata',
      },
    ]);
  });

  it('reads the members Go writes for every kind in JSON as absent', () => {
    // encoding/json does not omit empty structs and writes nil maps and slices as null.
    const goZeroMembers = {
      helm: {
        chart: {
          name: '',
          version: '',
          release: '',
          repository: { auth: { username: {}, password: {} } },
        },
        values: null,
      },
      file: { source: '' },
      command: {},
    };
    const plan = holosPlan([
      {
        artifact: 'a.yaml',
        generators: [
          {
            kind: 'Resources',
            output: 'r.yaml',
            resources: null,
            ...goZeroMembers,
          },
        ],
        transformers: [
          {
            kind: 'Join',
            inputs: ['r.yaml'],
            output: 'a.yaml',
            kustomize: { kustomization: null },
            join: {},
            command: {},
          },
        ],
        validators: null,
      },
    ]);
    expect(problemsOf(plan)).toEqual([]);

    // A member that says something is still checked, whatever the kind.
    const helmWithoutVersion = holosPlan([
      {
        artifact: 'a.yaml',
        generators: [
          {
            kind: 'Resources',
            output: 'a.yaml',
            helm: {
              chart: {
                name: 'podinfo',
                release: 'p',
                repository: { url: 'https://x' },
              },
            },
          },
        ],
      },
    ]);
    expect(problemsOf(helmWithoutVersion).map(problem => problem.path)).toEqual(
      ['spec.artifacts[0].generators[0].helm.chart.version'],
    );
  });

  it('keeps null and empty values inside helm values and resources', () => {
    const plan = holosPlan([
      {
        artifact: 'a.yaml',
        generators: [
          {
            kind: 'Helm',
            output: 'a.yaml',
            helm: {
              chart: { name: 'oci://r/c', version: '1', release: 'r' },
              values: { ingress: null, name: '' },
            },
          },
        ],
      },
    ]);
    const [report] = analyzeHolosDocuments([plan]).plans;
    expect(report.errors).toEqual([]);
    expect(report.artifacts[0].generators[0].helm?.values).toEqual({
      ingress: null,
      name: '',
    });
  });
});
