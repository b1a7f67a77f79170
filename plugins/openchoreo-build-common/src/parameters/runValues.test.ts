import type { JsonSchema } from '../api/jsonSchema';
import { formatFieldErrors } from './fieldErrors';
import { ParameterSchemaError, ParameterValidator } from './parameterValidator';
import {
  componentWorkflowRunValues,
  deepMerge,
  runValueProblems,
  V0_REPOSITORY_RULE_PATHS,
  workflowRunParameters,
} from './runValues';
import {
  isShellInertText,
  SHELL_TEXT_MESSAGE,
  shellTextProblems,
} from './shellText';
import { componentWorkflowRunManifest, GENERATED_VALUE } from './runManifest';

const validator = new ParameterValidator();

const parametersSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    docker: {
      type: 'object',
      properties: {
        context: { type: 'string', default: '.' },
        filePath: { type: 'string', default: './Dockerfile' },
      },
    },
    buildEnv: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, value: { type: 'string' } },
      },
    },
    script: { type: 'string', format: 'shell' },
    flag: { type: 'string', enum: ['$(a)', 'b'] },
    tag: { type: 'string', pattern: '^[$()a-z]+$' },
    website: { type: 'string', format: 'uri' },
  },
};
const systemSchema: JsonSchema = {
  type: 'object',
  properties: {
    repository: {
      type: 'object',
      properties: {
        url: { type: 'string' },
        revision: {
          type: 'object',
          properties: { branch: { type: 'string', default: 'main' } },
        },
        appPath: { type: 'string', default: '.' },
      },
    },
  },
};

function check(
  parameters: Record<string, unknown>,
  systemParameters: Record<string, unknown> = {
    repository: { url: 'https://github.com/o/r' },
  },
) {
  return runValueProblems(
    [
      {
        prefix: 'systemParameters',
        schema: validator.compile('test', systemSchema),
        values: systemParameters,
      },
      {
        prefix: 'parameters',
        schema: validator.compile('test', parametersSchema),
        values: parameters,
      },
    ],
    V0_REPOSITORY_RULE_PATHS,
  );
}

describe('runValueProblems', () => {
  it('names each problem at its request path, array items by index', () => {
    expect(
      check({ docker: { filePath: 1 }, buildEnv: [{ value: 'x' }], other: 1 }),
    ).toEqual([
      { path: 'parameters.other', message: 'is not a field of this workflow' },
      { path: 'parameters.docker.filePath', message: 'must be string' },
      { path: 'parameters.buildEnv.0.name', message: 'is required' },
    ]);
  });

  it('fills in the schema defaults and does not check formats', () => {
    const system: Record<string, unknown> = {
      repository: { url: 'https://github.com/o/r' },
    };
    const parameters: Record<string, unknown> = {
      docker: {},
      website: 'not a uri',
    };
    expect(check(parameters, system)).toEqual([]);
    expect(parameters.docker).toEqual({
      context: '.',
      filePath: './Dockerfile',
    });
    // As ajv does: defaults of an object's properties, once the object is there.
    expect(system.repository).toEqual({
      url: 'https://github.com/o/r',
      appPath: '.',
    });
  });

  it('refuses shell syntax unless the schema admits it (format=shell, enum, pattern)', () => {
    expect(
      check({ script: 'echo $(date)\necho `id`', flag: '$(a)', tag: '$(abc)' }),
    ).toEqual([]);
    expect(check({ docker: { filePath: 'a"$(id)"' } })).toEqual([
      { path: 'parameters.docker.filePath', message: SHELL_TEXT_MESSAGE },
    ]);
    // Both kinds at once, one message per field; a pattern still decides what it admits.
    expect(check({ docker: { filePath: '$(id)' }, other: 1 })).toEqual([
      { path: 'parameters.docker.filePath', message: SHELL_TEXT_MESSAGE },
      { path: 'parameters.other', message: 'is not a field of this workflow' },
    ]);
    expect(check({ tag: '`id`' })).toEqual([
      { path: 'parameters.tag', message: 'must match pattern "^[$()a-z]+$"' },
    ]);
  });

  it("holds the repository fields to the portal's rules whatever the schema says", () => {
    expect(
      check(
        {},
        {
          repository: {
            url: 'https://x/$(id)',
            revision: { branch: 'main;id' },
            appPath: '/a`id`',
          },
        },
      ).map(p => p.path),
    ).toEqual([
      'systemParameters.repository.url',
      'systemParameters.repository.revision.branch',
      'systemParameters.repository.appPath',
    ]);
  });

  it('summarizes the problems as `path: message; …`', () => {
    expect(
      formatFieldErrors([
        { path: 'parameters.a', message: 'is required' },
        { path: 'parameters.a', message: 'is required' },
        { path: 'parameters.b', message: 'must be string' },
      ]),
    ).toBe('parameters.a: is required; parameters.b: must be string');
  });
});

describe('shellTextProblems', () => {
  it('walks arrays and maps with their item schemas', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { list: { type: 'array', items: { type: 'string' } } },
      additionalProperties: { type: 'string', format: 'shell' },
    };
    expect(
      shellTextProblems('parameters', schema, {
        list: ['ok', 'a`b`'],
        other: '$(x)',
      }),
    ).toEqual([{ path: 'parameters.list.1', message: SHELL_TEXT_MESSAGE }]);
    expect(isShellInertText('${HOME}/a b; c')).toBe(true);
  });
});

describe('ParameterValidator', () => {
  it('reports a schema ajv cannot use as a ParameterSchemaError naming the workflow', () => {
    expect(() =>
      validator.compile('ClusterWorkflow docker', {
        type: 'string',
        pattern: '(',
      }),
    ).toThrow(ParameterSchemaError);
    expect(() =>
      validator.compile('ClusterWorkflow docker', {
        type: 'string',
        pattern: '(',
      }),
    ).toThrow(/^the parameter schema of ClusterWorkflow docker cannot be used/);
  });

  it('releases what it compiled from ajv, and checks options without filling defaults', () => {
    const own = new ParameterValidator();
    const before = own.stats().ajvSchemas;
    const compiled = own.compile('x', { type: 'object' });
    expect(own.stats().ajvSchemas).toBe(before + 1);
    own.release(compiled);
    expect(own.stats().ajvSchemas).toBe(before);
    const value = { a: 1 };
    expect(
      own.isValid(
        { type: 'object', properties: { b: { type: 'number', default: 2 } } },
        value,
      ),
    ).toBe(true);
    expect(value).toEqual({ a: 1 });
    expect(own.isValid({ type: 'string' }, 1)).toBe(false);
    expect(own.stats().ajvSchemas).toBe(before);
  });
});

describe('run values', () => {
  const defaults = {
    name: 'docker',
    systemParameters: {
      repository: {
        url: 'https://github.com/o/r',
        revision: { branch: 'main', commit: 'abcdef1' },
        appPath: '/svc',
      },
    },
    parameters: { docker: { filePath: '/svc/Dockerfile' }, retries: 3 },
  };

  it("v0: the request over the Component's values; an empty commit means the latest", () => {
    expect(
      componentWorkflowRunValues(defaults, {
        systemParameters: { repository: { revision: { commit: '' } } },
        parameters: { retries: 5 },
      }),
    ).toEqual({
      workflow: 'docker',
      systemParameters: {
        repository: {
          url: 'https://github.com/o/r',
          revision: { branch: 'main' },
          appPath: '/svc',
        },
      },
      parameters: { docker: { filePath: '/svc/Dockerfile' }, retries: 5 },
    });
    // The request itself is left as sent (the form previews it on every keystroke).
    const request = {
      systemParameters: { repository: { revision: { commit: '' } } },
    };
    componentWorkflowRunValues(undefined, request);
    expect(request.systemParameters.repository.revision).toEqual({
      commit: '',
    });
    // Another workflow does not inherit the Component's parameters.
    expect(
      componentWorkflowRunValues(defaults, { workflow: 'buildpacks' })
        .parameters,
    ).toEqual({});
  });

  it('v1: the repository override goes to the fields the Workflow marks', () => {
    expect(
      workflowRunParameters(
        { name: 'docker', parameters: { repository: { url: 'https://a/b' } } },
        {
          systemParameters: { repository: { revision: { branch: 'dev' } } },
          parameters: { retries: 2 },
        },
        { url: 'repository.url', branch: 'repository.revision.branch' },
      ),
    ).toEqual({
      parameters: {
        repository: { url: 'https://a/b', revision: { branch: 'dev' } },
        retries: 2,
      },
      unmarked: [],
    });
  });

  it('keeps __proto__ and constructor keys as data when merging', () => {
    const merged = deepMerge<Record<string, unknown>>(
      { a: { b: 1 } },
      JSON.parse(
        '{"a":{"c":2},"__proto__":{"polluted":true},"constructor":{"x":1}}',
      ),
    );
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(merged.a).toEqual({ b: 1, c: 2 });
    expect(Object.keys(merged)).toEqual(['a', '__proto__', 'constructor']);
  });

  it('builds the ComponentWorkflowRun the backend creates, its name generated', () => {
    expect(
      componentWorkflowRunManifest(
        { namespace: 'default', project: 'p', component: 'c' },
        { name: 'docker', systemParameters: {}, parameters: { a: 1 } },
      ),
    ).toEqual({
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'ComponentWorkflowRun',
      metadata: {
        name: GENERATED_VALUE,
        namespace: 'default',
        labels: {
          'openchoreo.dev/project': 'p',
          'openchoreo.dev/component': 'c',
        },
      },
      spec: {
        owner: { projectName: 'p', componentName: 'c' },
        workflow: {
          name: 'docker',
          systemParameters: {},
          parameters: { a: 1 },
        },
      },
    });
  });
});
