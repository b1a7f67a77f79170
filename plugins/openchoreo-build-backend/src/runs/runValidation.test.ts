import type { ComponentWorkflow } from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  clearCompiledWorkflows,
  COMPILED_WORKFLOWS_CAPACITY,
  compiledWorkflowStats,
  FieldInputError,
  validateRunValues,
} from './runValidation';

function workflow(
  name: string,
  resourceVersion: string,
  parameters: Record<string, unknown> = {},
): ComponentWorkflow {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'ComponentWorkflow',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion,
    },
    spec: {
      schema: {
        systemParameters: {
          repository: {
            url: 'string',
            revision: {
              branch: 'string | default=main',
              commit: 'string | required=false',
            },
            appPath: 'string | default=.',
          },
        },
        parameters: {
          docker: {
            context: 'string | default=.',
            filePath: 'string | default=./Dockerfile',
          },
          ...parameters,
        },
      },
    },
  } as ComponentWorkflow;
}

const repo = () => ({
  repository: {
    url: 'https://github.com/o/r',
    revision: { branch: 'main' },
    appPath: '/svc',
  },
});

describe('run values', () => {
  beforeEach(() => clearCompiledWorkflows());

  it.each([
    [
      {
        repository: {
          url: 'https://x/$(id)',
          revision: { branch: 'main' },
          appPath: '.',
        },
      },
      {},
      'systemParameters.repository.url',
    ],
    [
      {
        repository: {
          url: 'https://github.com/o/r',
          revision: { branch: 'main;id' },
          appPath: '.',
        },
      },
      {},
      'systemParameters.repository.revision.branch',
    ],
    [
      {
        repository: {
          url: 'https://github.com/o/r',
          revision: { branch: 'main' },
          appPath: '/a`id`',
        },
      },
      {},
      'systemParameters.repository.appPath',
    ],
    [
      repo(),
      { docker: { filePath: 'a"$(id)"' } },
      'parameters.docker.filePath',
    ],
    [
      repo(),
      { docker: { context: 'line\nrm -rf /' } },
      'parameters.docker.context',
    ],
  ])('refuses shell syntax in %j %j naming %s', (system, params, field) => {
    expect(() =>
      validateRunValues(workflow('docker', '1'), system, params),
    ).toThrow(new RegExp(`${field.replace(/\./g, '\\.')}: must`));
  });

  it('lets a schema admit shell syntax explicitly: a pattern, an enum, or format=shell', () => {
    const wf = workflow('scripted', '1', {
      script: 'string | format=shell default=""',
      flag: 'string | enum=$(a),b default=b',
      tag: 'string | pattern=^[$()a-z]+$ default=a',
      plain: 'string | default=x',
    });
    expect(() =>
      validateRunValues(wf, repo(), {
        script: 'echo $(date)\necho `id`',
        flag: '$(a)',
        tag: '$(abc)',
      }),
    ).not.toThrow();
    expect(() => validateRunValues(wf, repo(), { plain: '$(id)' })).toThrow(
      /parameters\.plain: must not contain/,
    );
    // The pattern still decides: it admits "$(abc)" but not a backtick.
    expect(() => validateRunValues(wf, repo(), { tag: '`id`' })).toThrow(
      /parameters\.tag: must match pattern/,
    );
  });

  it('carries each problem as a field error, with the summary in the message', () => {
    let thrown: unknown;
    try {
      validateRunValues(workflow('docker', '1'), repo(), {
        docker: { filePath: 1 },
        extra: 'x',
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FieldInputError);
    const error = thrown as FieldInputError;
    expect(error.name).toBe('InputError');
    expect(error.fieldErrors).toEqual([
      { path: 'parameters.extra', message: 'is not a field of this workflow' },
      { path: 'parameters.docker.filePath', message: 'must be string' },
    ]);
    expect(error.message).toBe(
      'Invalid run request: parameters.extra: is not a field of this workflow; parameters.docker.filePath: must be string',
    );
  });

  it('fills defaults and compiles each workflow version once', () => {
    const before = compiledWorkflowStats();
    for (let i = 0; i < 500; i += 1) {
      const params: Record<string, unknown> = { docker: {} };
      validateRunValues(workflow('docker', '1'), repo(), params);
      expect(params).toEqual({
        docker: { context: '.', filePath: './Dockerfile' },
      });
    }
    expect(compiledWorkflowStats().compiles - before.compiles).toBe(2);
    // A new resourceVersion is a new version of the schema.
    validateRunValues(
      workflow('docker', '2', { extra: 'string | default=x' }),
      repo(),
      { extra: 'y' },
    );
    expect(compiledWorkflowStats().compiles - before.compiles).toBe(4);
  });

  it('keeps at most the LRU capacity compiled, in the cache and in ajv', () => {
    const before = compiledWorkflowStats();
    for (let i = 0; i < COMPILED_WORKFLOWS_CAPACITY * 3; i += 1)
      validateRunValues(workflow(`wf-${i}`, '1'), repo(), {});
    const after = compiledWorkflowStats();
    expect(after.entries).toBe(COMPILED_WORKFLOWS_CAPACITY);
    expect(after.compiles - before.compiles).toBe(
      COMPILED_WORKFLOWS_CAPACITY * 3 * 2,
    );
    // Two schemas per entry, plus ajv's own meta-schemas.
    expect(after.ajvSchemas).toBeLessThanOrEqual(
      before.ajvSchemas + COMPILED_WORKFLOWS_CAPACITY * 2,
    );
  });

  it('keys a workflow without uid by its schema content', () => {
    const wf = workflow('docker', '1');
    delete wf.metadata!.uid;
    const before = compiledWorkflowStats().compiles;
    validateRunValues(wf, repo(), {});
    validateRunValues(structuredClone(wf), repo(), {});
    expect(compiledWorkflowStats().compiles - before).toBe(2);
  });

  it('answers a schema ajv cannot compile with a 400 naming the workflow', () => {
    const wf = workflow('broken', '1', { bad: 'string | pattern=( default=x' });
    expect(() => validateRunValues(wf, repo(), {})).toThrow(
      /^workflow: the parameter schema of ComponentWorkflow default\/broken cannot be used/,
    );
  });
});
