import { analyzeHolosDocuments } from './analyze';
import { holosPlan } from './__testUtils__/examples';

const resources = (output: string) => ({ kind: 'Resources', output });
const join = (inputs: string[], output: string) => ({
  kind: 'Join',
  inputs,
  output,
});
const kustomize = (inputs: string[], output: string) => ({
  kind: 'Kustomize',
  inputs,
  output,
  kustomize: { kustomization: { resources: inputs } },
});

/** The problems of a plan made of `artifacts`, without messages. */
function problems(artifacts: unknown[], extra: object = {}) {
  return analyzeHolosDocuments([
    holosPlan(artifacts, extra),
  ]).plans[0].errors.map(({ rule, path, task }) => ({ rule, path, task }));
}

function messages(artifacts: unknown[]) {
  return analyzeHolosDocuments([holosPlan(artifacts)]).plans[0].errors.map(
    problem => problem.message,
  );
}

describe('write-once', () => {
  it('refuses a transformer writing what a generator of its artifact wrote', () => {
    expect(
      problems([
        {
          artifact: 'r.yaml',
          generators: [resources('r.yaml')],
          transformers: [join(['r.yaml'], 'r.yaml')],
        },
      ]),
    ).toEqual([
      {
        rule: 'write-once',
        path: 'spec.artifacts[0].transformers[0].output',
        task: 'artifact/0/transformer/0',
      },
    ]);
  });

  it('reports every later writer of one output, naming the first', () => {
    const found = messages([
      { artifact: 'x/a.yaml', generators: [resources('x/a.yaml')] },
      { artifact: 'x/a.yaml', generators: [resources('x/a.yaml')] },
      { artifact: 'x', generators: [resources('x/a.yaml')] },
    ]);
    expect(found).toHaveLength(2);
    for (const message of found) {
      expect(message).toMatch(
        /^output "x\/a\.yaml" is written twice: by spec\.artifacts\[0\]\.generators\[0\]/,
      );
    }
  });
});

describe('artifact-output', () => {
  it('wants an artifact path', () => {
    expect(messages([{ generators: [resources('a.yaml')] }])).toEqual([
      'spec.artifacts[0] has no artifact path: holos would write nothing for it; set artifact to the file or directory it produces',
    ]);
  });

  it('wants something to write the artifact', () => {
    expect(problems([{ artifact: 'a.yaml', validators: [] }])).toEqual([
      {
        rule: 'artifact-output',
        path: 'spec.artifacts[0].artifact',
        task: 'artifact/0',
      },
    ]);
  });

  it('lets a single generator write the artifact, or a file inside an artifact directory', () => {
    expect(
      problems([{ artifact: 'a.yaml', generators: [resources('a.yaml')] }]),
    ).toEqual([]);
    expect(
      problems([{ artifact: 'dir', generators: [resources('dir/a.yaml')] }]),
    ).toEqual([]);
    expect(
      messages([{ artifact: 'a.yaml', generators: [resources('b.yaml')] }]),
    ).toEqual([
      'the only generator writes "b.yaml" but the artifact is "a.yaml": without a transformer the generator\'s output must be the artifact path (or lie inside it as a directory)',
    ]);
  });

  it('wants every output of several generators inside the artifact directory when no transformer combines them', () => {
    expect(
      problems([
        {
          artifact: 'dir',
          generators: [
            resources('dir/a.yaml'),
            resources('other/b.yaml'),
            resources('dirt.yaml'),
          ],
        },
      ]),
    ).toEqual([
      {
        rule: 'artifact-output',
        path: 'spec.artifacts[0].generators[1].output',
        task: 'artifact/0/generator/1',
      },
      {
        rule: 'artifact-output',
        path: 'spec.artifacts[0].generators[2].output',
        task: 'artifact/0/generator/2',
      },
    ]);
  });
});

describe('inputs', () => {
  it('lets validators read any output of their artifact', () => {
    expect(
      problems([
        {
          artifact: 'a.yaml',
          generators: [resources('r.yaml')],
          transformers: [join(['r.yaml'], 'a.yaml')],
          validators: [
            {
              kind: 'Command',
              inputs: ['r.yaml', 'a.yaml'],
              command: { args: ['v'] },
            },
          ],
        },
      ]),
    ).toEqual([]);
  });

  it('refuses a validator reading another artifact as cross-artifact, and an unknown path as missing', () => {
    expect(
      problems([
        { artifact: 'a.yaml', generators: [resources('a.yaml')] },
        {
          artifact: 'b.yaml',
          generators: [resources('b.yaml')],
          validators: [
            {
              kind: 'Command',
              inputs: ['a.yaml', 'nowhere.yaml'],
              command: { args: ['v'] },
            },
          ],
        },
      ]),
    ).toEqual([
      {
        rule: 'cross-artifact',
        path: 'spec.artifacts[1].validators[0].inputs[0]',
        task: 'artifact/1/validator/0',
      },
      {
        rule: 'missing-input',
        path: 'spec.artifacts[1].validators[0].inputs[1]',
        task: 'artifact/1/validator/0',
      },
    ]);
  });

  it('calls a transformer reading its own output input-order', () => {
    const artifact = {
      artifact: 'a.yaml',
      generators: [resources('r.yaml')],
      transformers: [
        kustomize(['r.yaml', 'k.yaml'], 'k.yaml'),
        join(['k.yaml'], 'a.yaml'),
      ],
    };
    expect(problems([artifact])).toEqual([
      {
        rule: 'input-order',
        path: 'spec.artifacts[0].transformers[0].inputs[1]',
        task: 'artifact/0/transformer/0',
      },
    ]);
    expect(messages([artifact])[0]).toMatch(
      /^input "k\.yaml" is written by this transformer itself/,
    );
  });

  it('reports an input listed twice once, at its first place', () => {
    expect(
      problems([
        {
          artifact: 'a.yaml',
          generators: [resources('r.yaml')],
          transformers: [kustomize(['x', 'r.yaml', 'x'], 'a.yaml')],
        },
      ]),
    ).toEqual([
      {
        rule: 'missing-input',
        path: 'spec.artifacts[0].transformers[0].inputs[0]',
        task: 'artifact/0/transformer/0',
      },
    ]);
  });

  it('does not expand a directory input for Join, which reads files', () => {
    const artifact = {
      artifact: 'a.yaml',
      generators: [resources('parts/a.yaml'), resources('parts/b.yaml')],
      transformers: [join(['parts'], 'a.yaml')],
    };
    expect(problems([artifact])).toEqual([
      {
        rule: 'missing-input',
        path: 'spec.artifacts[0].transformers[0].inputs[0]',
        task: 'artifact/0/transformer/0',
      },
    ]);
    expect(messages([artifact])[0]).toMatch(
      /names a directory, but a Join transformer reads each input as one file/,
    );
    // The same directory read by Kustomize is fine.
    expect(
      problems([
        { ...artifact, transformers: [kustomize(['parts'], 'a.yaml')] },
      ]),
    ).toEqual([]);
  });

  it('refuses an input ending in a slash, as holos does', () => {
    const artifact = {
      artifact: 'a.yaml',
      generators: [resources('parts/a.yaml')],
      transformers: [kustomize(['parts/'], 'a.yaml')],
    };
    expect(messages([artifact])).toEqual([
      'input "parts/" ends in "/": holos refuses such paths ("path must not end in a /"); name the directory without the trailing slash',
    ]);
  });

  it('checks a disabled plan like any other', () => {
    expect(
      problems([{ artifact: 'a.yaml', generators: [resources('b.yaml')] }], {
        disabled: true,
      }),
    ).toEqual([
      {
        rule: 'artifact-output',
        path: 'spec.artifacts[0].generators[0].output',
        task: 'artifact/0/generator/0',
      },
    ]);
  });
});
