import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockBuildApi,
  runSummary,
  type MockBuildApi,
} from '../../testUtils/mockApi';
import {
  dockerfileBuilderWorkflow,
  novaComponentDetail,
  paketoWorkflow,
} from '../../__testUtils__/mockApiV1';
import {
  clickStartBuild,
  dialogField,
  parameterField,
  renderStartBuildDialog,
} from '../../__testUtils__/startBuildDialog';

// A v1 organization (OpenChoreo v1.2.3): ClusterWorkflow dockerfile-builder and Workflow
// paketo-buildpacks, with the upstream samples' schemas (fixtures/reference/openchoreo/samples-v1.2.3).
const target = {
  namespace: 'nova',
  project: 'storefront',
  component: 'greeting-service',
};

function v1Api(overrides: Partial<MockBuildApi> = {}): MockBuildApi {
  return mockBuildApi({
    listComponentWorkflows: jest.fn(async () => ({
      items: [dockerfileBuilderWorkflow(), paketoWorkflow()],
    })),
    getComponent: jest.fn(async () => novaComponentDetail()),
    createRun: jest.fn(async () => runSummary({ namespace: 'nova' })),
    ...overrides,
  });
}

const render = (api: MockBuildApi) => renderStartBuildDialog(api, { target });

describe('StartBuildDialog on a v1 organization', () => {
  it('lists Workflows and ClusterWorkflows with their kind and preselects the Component’s', async () => {
    render(v1Api());
    const picker = await screen.findByRole('combobox', { name: 'Workflow' });
    expect(picker).toHaveTextContent('dockerfile-builder · ClusterWorkflow');
    await userEvent.click(picker);
    expect(
      screen
        .getAllByRole('option')
        .map(option => option.textContent)
        .filter(text => text?.includes('·')),
    ).toEqual([
      'dockerfile-builder · ClusterWorkflow',
      'paketo-buildpacks · Workflow',
    ]);
  });

  it('renders the schema: the marked repository fields first, prefilled from the Component, the rest with defaults', async () => {
    render(v1Api());
    const url = await dialogField('Repository URL');
    expect(url).toHaveValue('https://github.com/openchoreo/sample-workloads');
    // `repository.required: [url]` in dockerfile-builder.yaml@v1.2.3.
    expect(url).toBeRequired();
    expect(await dialogField('Branch')).toHaveValue('main');
    expect(await dialogField('Commit')).toHaveValue('');
    expect(await dialogField('App path')).toHaveValue('/service-go-greeter');
    // The credentials secret is a parameter, named by its role.
    expect(await dialogField('Git credentials secret')).toHaveValue('');
    expect(await parameterField('docker.filePath')).toHaveValue(
      '/service-go-greeter/Dockerfile',
    );
    // An array of objects: real fields, one "add" button, no item yet.
    expect(document.getElementById('parameters_buildArgs_0')).toBeNull();
    // The repository group comes before the parameters, in role order.
    const labels = within(screen.getByRole('dialog'))
      .getAllByRole('textbox')
      .map(input => input.id);
    expect(labels.slice(0, 4)).toEqual([
      'field-systemParameters-repository-url',
      'field-systemParameters-repository-revision-branch',
      'field-systemParameters-repository-revision-commit',
      'field-systemParameters-repository-appPath',
    ]);
    // The marked fields are edited above only: hidden in the parameters form.
    expect(await parameterField('repository.url')).toHaveAttribute(
      'type',
      'hidden',
    );
  });

  it('sends the kind, the changed repository values as the override and the changed parameters', async () => {
    const api = v1Api();
    render(api);
    await userEvent.clear(await dialogField('Branch'));
    await userEvent.type(await dialogField('Branch'), 'release-1');
    await userEvent.clear(await parameterField('docker.filePath'));
    await userEvent.type(
      await parameterField('docker.filePath'),
      './Containerfile',
    );
    await clickStartBuild();
    await waitFor(() =>
      expect(api.createRun).toHaveBeenCalledWith({
        ...target,
        workflow: 'dockerfile-builder',
        workflowKind: 'ClusterWorkflow',
        systemParameters: {
          repository: { revision: { branch: 'release-1' } },
        },
        parameters: { docker: { filePath: './Containerfile' } },
      }),
    );
  });

  it("runs another workflow with the Component's repository sent in full and that workflow's defaults", async () => {
    const api = v1Api();
    render(api);
    await userEvent.click(
      await screen.findByRole('combobox', { name: 'Workflow' }),
    );
    await userEvent.click(
      await screen.findByRole('option', {
        name: 'paketo-buildpacks · Workflow',
      }),
    );
    expect(
      await screen.findByText(/every value below is sent as shown/),
    ).toBeInTheDocument();
    expect(await dialogField('App path')).toHaveValue('/service-go-greeter');
    expect(document.getElementById('parameters_docker_filePath')).toBeNull();
    await clickStartBuild();
    await waitFor(() =>
      expect(api.createRun).toHaveBeenCalledWith({
        ...target,
        workflow: 'paketo-buildpacks',
        workflowKind: 'Workflow',
        systemParameters: {
          repository: {
            url: 'https://github.com/openchoreo/sample-workloads',
            // An empty commit: the latest of the branch (the backend drops the field).
            revision: { branch: 'main', commit: '' },
            appPath: '/service-go-greeter',
          },
        },
        // Every value shown, the marked repository fields as the override above.
        parameters: { buildEnv: [], repository: { secretRef: '' } },
      }),
    );
  });

  it("shows the server's objections on the fields, by the marked path or the override's", async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message:
              'Invalid run request: parameters.repository.url: must match pattern "^https://"; systemParameters.repository.appPath: the workflow marks no app path field',
            fieldErrors: [
              {
                path: 'parameters.repository.url',
                message: 'must match pattern "^https://"',
              },
              {
                path: 'systemParameters.repository.appPath',
                message: 'the workflow marks no app path field',
              },
            ],
          },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      ) as never,
    );
    const api = v1Api({ createRun: jest.fn().mockRejectedValue(refusal) });
    render(api);
    await userEvent.clear(await dialogField('Repository URL'));
    await userEvent.type(
      await dialogField('Repository URL'),
      'http://git.example.com/app',
    );
    await clickStartBuild();
    expect(
      await screen.findByText('must match pattern "^https://"'),
    ).toBeInTheDocument();
    expect(await dialogField('Repository URL')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(await dialogField('App path')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(
      screen.getByText('the workflow marks no app path field'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('start-build-error')).not.toBeInTheDocument();
  });
});
