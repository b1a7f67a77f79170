import { COMMIT_SHA_MESSAGE } from '@openchoreo-build/plugin-openchoreo-build-common';
import { dockerWorkflow } from '../../testUtils/mockApi';
import {
  dockerfileBuilderWorkflow,
  novaComponentDetail,
} from '../../__testUtils__/mockApiV1';
import { previewRun } from './runPreview';
import {
  buildRequest,
  changedValues,
  componentRepositoryOf,
  repositoryBaseline,
  repositoryFieldsFor,
  routeProblems,
} from './startBuildForm';

const nova = {
  namespace: 'nova',
  project: 'storefront',
  component: 'greeting-service',
};

describe('changedValues', () => {
  it('keeps only what differs, object key by key, arrays whole', () => {
    expect(
      changedValues(
        {
          docker: { context: '.', filePath: './Dockerfile' },
          args: ['a'],
          n: 1,
        },
        { docker: { context: '.', filePath: 'x' }, args: ['a', 'b'], n: 1 },
      ),
    ).toEqual({ docker: { filePath: 'x' }, args: ['a', 'b'] });
    expect(changedValues({ a: 1 }, { a: 1, b: undefined })).toBeUndefined();
  });
});

describe('buildRequest', () => {
  const workflow = dockerWorkflow();
  const fields = repositoryFieldsFor(workflow);
  const baseline = repositoryBaseline(fields, {
    url: 'https://github.com/o/r',
    branch: 'main',
    commit: 'abcdef1',
  });
  const request = (repository: Partial<typeof baseline>, sendAll = false) =>
    buildRequest({
      target: nova,
      choice: { workflow: 'docker' },
      repositoryFields: fields,
      repository: { ...baseline, ...repository },
      repositoryBaseline: baseline,
      parameters: {},
      parametersBaseline: {},
      sendAll,
    });

  it('sends an emptied commit as "" (the latest) and refuses an emptied required URL', () => {
    expect(request({ commit: '' }).request.systemParameters).toEqual({
      repository: { revision: { commit: '' } },
    });
    expect(request({ url: '' }).problems).toEqual([
      { path: 'systemParameters.repository.url', message: 'is required' },
    ]);
  });

  it('is checked by the rules of POST /runs, with their wording', () => {
    const { request: built } = request({ commit: 'not-a-sha' });
    const preview = previewRun({
      generation: 'v0',
      request: built,
      workflow,
      defaults: undefined,
      componentKnown: true,
    });
    expect(preview.problems).toContainEqual({
      path: 'systemParameters.repository.revision.commit',
      message: COMMIT_SHA_MESSAGE,
    });
  });
});

describe('a v1 workflow (dockerfile-builder@v1.2.3)', () => {
  const workflow = dockerfileBuilderWorkflow();
  const fields = repositoryFieldsFor(workflow);

  it('offers the marked repository roles, sent as the override, checked where the run carries them', () => {
    expect(fields.map(f => [f.role, f.path, f.valuePath])).toEqual([
      ['url', 'systemParameters.repository.url', 'parameters.repository.url'],
      [
        'branch',
        'systemParameters.repository.revision.branch',
        'parameters.repository.revision.branch',
      ],
      [
        'commit',
        'systemParameters.repository.revision.commit',
        'parameters.repository.revision.commit',
      ],
      [
        'appPath',
        'systemParameters.repository.appPath',
        'parameters.repository.appPath',
      ],
    ]);
    // `repository.required: [url]` in the sample.
    expect(fields[0].required).toBe(true);
  });

  it("starts from the Component's repository", () => {
    const defaults = novaComponentDetail().workflow;
    expect(
      repositoryBaseline(
        fields,
        componentRepositoryOf(defaults, workflow.repositoryFields),
      ),
    ).toEqual({
      url: 'https://github.com/openchoreo/sample-workloads',
      branch: 'main',
      commit: '',
      appPath: '/service-go-greeter',
    });
  });

  it("puts a problem on the field, by the marked path or the override's, and the rest where it belongs", () => {
    expect(
      routeProblems(
        [
          { path: 'parameters.repository.url', message: 'must match' },
          { path: 'systemParameters.repository.appPath', message: 'bad' },
          { path: 'parameters.docker.filePath', message: 'must be string' },
          { path: 'workflow', message: 'does not exist' },
          { path: 'component', message: 'is gone' },
        ],
        fields,
      ),
    ).toEqual({
      repository: { url: 'must match', appPath: 'bad' },
      parameters: [{ path: 'docker.filePath', message: 'must be string' }],
      workflow: 'does not exist',
      general: ['component: is gone'],
    });
  });

  it('previews the WorkflowRun with the override written to the marked fields', () => {
    const defaults = novaComponentDetail().workflow;
    const { manifest, problems } = previewRun({
      generation: 'v1',
      request: {
        ...nova,
        workflow: 'dockerfile-builder',
        workflowKind: 'ClusterWorkflow',
        systemParameters: { repository: { revision: { branch: 'dev' } } },
      },
      workflow,
      defaults,
      componentKnown: true,
    });
    expect(problems).toEqual([]);
    expect(manifest).toMatchObject({
      kind: 'WorkflowRun',
      metadata: { name: '<generated>', namespace: 'nova' },
      spec: {
        workflow: {
          kind: 'ClusterWorkflow',
          name: 'dockerfile-builder',
          parameters: {
            repository: {
              url: 'https://github.com/openchoreo/sample-workloads',
              revision: { branch: 'dev' },
            },
          },
        },
      },
    });
  });
});
