import { ResponseError } from '@backstage/errors';
import {
  COMMIT_PATH,
  COMMIT_SHA_MESSAGE,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  dockerfileBuilderWorkflow,
  novaComponentDetail,
} from '../../__testUtils__/mockApiV1';
import {
  baselineFor,
  buildRequest,
  componentRepositoryOf,
  errorRoutes,
  fieldErrorsFor,
  fieldsFor,
} from './startBuildForm';

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message },
        response: { statusCode: status },
      }),
      {
        status,
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('fieldErrorsFor', () => {
  const known = new Map([
    ['workflow', 'workflow'],
    [COMMIT_PATH, COMMIT_PATH],
  ]);

  it('puts the fields of a 400 the form shows next to them and the rest in the general list', async () => {
    const error = await responseError(
      400,
      `Invalid body: ${COMMIT_PATH}: must be hex; parameters.x: unknown; odd`,
    );
    expect(fieldErrorsFor(error, known)).toEqual({
      fields: { [COMMIT_PATH]: 'must be hex' },
      general: ['odd', 'parameters.x: unknown'],
    });
  });

  it('keeps a 400 without fields, and any other failure, as one general message', async () => {
    expect(
      fieldErrorsFor(await responseError(400, 'Bad request'), known),
    ).toEqual({ fields: {}, general: ['Bad request'] });
    expect(
      fieldErrorsFor(await responseError(503, 'cluster unreachable'), known),
    ).toEqual({
      fields: {},
      general: ['cluster unreachable'],
    });
  });
});

describe('buildRequest', () => {
  const target = {
    namespace: 'default',
    project: 'default',
    component: 'greeter-service',
  };
  const fields = fieldsFor(undefined);

  it('sends an emptied commit as "" (the latest) and words a bad one with the shared message', () => {
    const baseline = { [COMMIT_PATH]: 'abcdef1' };
    expect(
      buildRequest(target, {}, fields, { [COMMIT_PATH]: '' }, baseline),
    ).toEqual({
      request: {
        ...target,
        systemParameters: { repository: { revision: { commit: '' } } },
      },
      errors: {},
    });
    expect(
      buildRequest(target, {}, fields, { [COMMIT_PATH]: 'xyz' }, baseline)
        .errors,
    ).toEqual({
      [COMMIT_PATH]: COMMIT_SHA_MESSAGE,
    });
  });
});

describe('a v1 workflow (dockerfile-builder@v1.2.3)', () => {
  const workflow = dockerfileBuilderWorkflow();
  const fields = fieldsFor(workflow);
  const nova = {
    namespace: 'nova',
    project: 'storefront',
    component: 'greeting-service',
  };

  it('puts the marked repository fields first, as the repository override, and the rest under parameters', () => {
    expect(fields.map(f => [f.section, f.path, f.aliases])).toEqual([
      [
        'repository',
        'systemParameters.repository.url',
        ['parameters.repository.url'],
      ],
      [
        'repository',
        'systemParameters.repository.revision.branch',
        ['parameters.repository.revision.branch'],
      ],
      ['repository', COMMIT_PATH, ['parameters.repository.revision.commit']],
      [
        'repository',
        'systemParameters.repository.appPath',
        ['parameters.repository.appPath'],
      ],
      // The credentials secret is a repository role the override does not carry: a parameter.
      ['repository', 'parameters.repository.secretRef', []],
      ['parameters', 'parameters.docker.context', []],
      ['parameters', 'parameters.docker.filePath', []],
      ['parameters', 'parameters.buildEnv', []],
      ['parameters', 'parameters.buildArgs', []],
    ]);
    // `repository.required: [url]` in the sample.
    expect(fields[0].required).toBe(true);
    expect(fields[4].label).toBe('Git credentials secret');
  });

  it("starts from the Component's parameters for its own workflow, and schema defaults elsewhere", () => {
    const defaults = novaComponentDetail().workflow;
    const baseline = baselineFor(fields, defaults, {
      sameWorkflow: true,
      componentRepository: componentRepositoryOf(
        defaults,
        workflow.repositoryFields,
      ),
    });
    expect(baseline).toMatchObject({
      'systemParameters.repository.url':
        'https://github.com/openchoreo/sample-workloads',
      'systemParameters.repository.revision.branch': 'main',
      [COMMIT_PATH]: '',
      'systemParameters.repository.appPath': '/service-go-greeter',
      'parameters.docker.filePath': '/service-go-greeter/Dockerfile',
      'parameters.buildEnv': '[]',
    });
  });

  it('sends changed repository values as the override and the rest as parameters, with the kind', () => {
    const baseline = baselineFor(fields, novaComponentDetail().workflow, {
      sameWorkflow: true,
      componentRepository: {},
    });
    const { request, errors } = buildRequest(
      nova,
      { workflow: 'dockerfile-builder', workflowKind: 'ClusterWorkflow' },
      fields,
      {
        ...baseline,
        'systemParameters.repository.revision.branch': 'release-1',
        'parameters.docker.filePath': './Containerfile',
      },
      baseline,
    );
    expect(errors).toEqual({});
    expect(request).toEqual({
      ...nova,
      workflow: 'dockerfile-builder',
      workflowKind: 'ClusterWorkflow',
      systemParameters: {
        repository: { revision: { branch: 'release-1' } },
      },
      parameters: { docker: { filePath: './Containerfile' } },
    });
  });

  it("puts the server's objections on the field, whichever path names it", async () => {
    const routes = errorRoutes(fields, { workflow: 'workflow' });
    const error = await responseError(
      400,
      'Invalid run request: parameters.repository.url: is required; systemParameters.repository.appPath: is not marked by this workflow; parameters.buildEnv.0.name: is required; workflow: is not allowed',
    );
    expect(fieldErrorsFor(error, routes)).toEqual({
      fields: {
        'systemParameters.repository.url': 'is required',
        'systemParameters.repository.appPath': 'is not marked by this workflow',
        'parameters.buildEnv': '0.name: is required',
        workflow: 'is not allowed',
      },
      general: [],
    });
  });
});
