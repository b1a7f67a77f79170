import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { openChoreoBuildApiRef } from '../../api';
import {
  componentDetail,
  dockerWorkflow,
  mockBuildApi,
  runSummary,
  type MockBuildApi,
} from '../../testUtils/mockApi';
import { responseError } from '../../__testUtils__/responseError';
import {
  clickStartBuild,
  dialogField,
  parameterField,
  renderStartBuildDialog,
} from '../../__testUtils__/startBuildDialog';
import { StartBuildDialog } from './StartBuildDialog';

const target = {
  namespace: 'default',
  project: 'default',
  component: 'greeter-service',
};

const render = (
  api: MockBuildApi,
  props: Partial<Parameters<typeof StartBuildDialog>[0]> = {},
) => renderStartBuildDialog(api, { target, ...props });

const badRequest = (
  message: string,
  fieldErrors: Array<{ path: string; message: string }>,
) => responseError(400, { name: 'InputError', message, fieldErrors });

/** A second workflow whose parameters differ from the component's docker ones. */
const buildpacksWorkflow = () =>
  dockerWorkflow({
    name: 'google-cloud-buildpacks',
    displayName: 'Buildpacks',
    parametersSchema: {
      type: 'object',
      properties: {
        version: {
          type: 'integer',
          default: 1,
          description: 'Buildpacks version',
        },
      },
    },
  });

describe('StartBuildDialog', () => {
  it("generates the form from the workflow schemas, prefilled from the Component's spec.workflow", async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
    });
    render(api);
    expect(
      await screen.findByRole('combobox', { name: 'Workflow' }),
    ).toHaveTextContent('docker');
    expect(await dialogField('Repository URL')).toHaveValue(
      'https://github.com/openchoreo/sample-workloads',
    );
    expect(await dialogField('Branch')).toHaveValue('main');
    expect(await dialogField('Commit')).toHaveValue('');
    expect(await dialogField('App path')).toHaveValue('/service-go-greeter');
    // Component values win over schema defaults; schema defaults fill the rest.
    expect(await parameterField('docker.filePath')).toHaveValue(
      '/service-go-greeter/Dockerfile',
    );
    expect(await parameterField('retries')).toHaveValue(3);
    expect(screen.getByText('Retry attempts')).toBeInTheDocument();
    expect(document.getElementById('parameters_args_0')).toBeNull();
    expect(screen.getByRole('checkbox', { name: 'cache' })).toBeChecked();
    expect(api.listComponentWorkflows).toHaveBeenCalledWith(
      'default',
      'default',
      'greeter-service',
    );
    expect(api.listWorkflows).not.toHaveBeenCalled();
    expect(api.getComponent).toHaveBeenCalledWith(
      'default',
      'default',
      'greeter-service',
    );
    // Defaults come from the Component, not from a previous run.
    expect(api.getRun).not.toHaveBeenCalled();
    expect(api.listRuns).not.toHaveBeenCalled();
  });

  it('uses the values of the Component, even when they differ from the schema defaults', async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
      getComponent: jest.fn(async () =>
        componentDetail({
          workflow: {
            name: 'docker',
            systemParameters: {
              repository: {
                url: 'https://git.example.com/team/app',
                revision: { branch: 'release', commit: 'abcdef1' },
                appPath: '/app',
              },
            },
            parameters: {
              docker: { filePath: '/app/Dockerfile.ci' },
              retries: 7,
              cache: false,
            },
          },
        }),
      ),
      createRun: jest.fn(async () => runSummary()),
    });
    render(api);
    expect(await dialogField('Repository URL')).toHaveValue(
      'https://git.example.com/team/app',
    );
    expect(await dialogField('Branch')).toHaveValue('release');
    expect(await dialogField('Commit')).toHaveValue('abcdef1');
    expect(await dialogField('App path')).toHaveValue('/app');
    expect(await parameterField('docker.filePath')).toHaveValue(
      '/app/Dockerfile.ci',
    );
    expect(await parameterField('docker.context')).toHaveValue('.');
    expect(await parameterField('retries')).toHaveValue(7);
    expect(screen.getByRole('checkbox', { name: 'cache' })).not.toBeChecked();
    // Unchanged values are left to the server, which applies the same Component defaults.
    await clickStartBuild();
    await waitFor(() =>
      expect(api.createRun).toHaveBeenCalledWith({
        ...target,
        workflow: 'docker',
      }),
    );
  });

  it("keeps the component's repository but not its parameters when another workflow is chosen", async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow(), buildpacksWorkflow()],
      })),
      createRun: jest.fn(async () => runSummary()),
    });
    render(api);
    await userEvent.click(
      await screen.findByRole('combobox', { name: 'Workflow' }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'Buildpacks' }),
    );
    expect(
      await screen.findByText(/A different workflow than the component uses/),
    ).toBeInTheDocument();
    expect(await dialogField('App path')).toHaveValue('/service-go-greeter');
    expect(await parameterField('version')).toHaveValue(1);
    expect(document.getElementById('parameters_docker_filePath')).toBeNull();
    await clickStartBuild();
    await waitFor(() =>
      expect(api.createRun).toHaveBeenCalledWith({
        ...target,
        workflow: 'google-cloud-buildpacks',
      }),
    );
  });

  it('reads the component only while open, and again each time the dialog opens', async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
    });
    const Harness = () => {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button onClick={() => setOpen(true)}>Open</button>
          <StartBuildDialog
            open={open}
            onClose={() => setOpen(false)}
            target={target}
            onStarted={() => {}}
          />
        </>
      );
    };
    renderInTestApp(<Harness />, { apis: [[openChoreoBuildApiRef, api]] });
    await userEvent.click(await screen.findByRole('button', { name: 'Open' }));
    expect(await dialogField('Branch')).toHaveValue('main');
    expect(api.getComponent).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.getComponent).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(await dialogField('Branch')).toHaveValue('main');
    expect(api.getComponent).toHaveBeenCalledTimes(2);
  });

  it('sends only the values the user changed and reports the started run', async () => {
    const started = runSummary({
      name: 'greeter-service-workflow-started1',
      status: 'Pending',
    });
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
      createRun: jest.fn(async () => started),
    });
    const { onStarted } = render(api);
    await userEvent.clear(await parameterField('docker.filePath'));
    await userEvent.type(
      await parameterField('docker.filePath'),
      'Dockerfile.prod',
    );
    await userEvent.type(await dialogField('Commit'), 'ABCDEF1');
    await userEvent.clear(await parameterField('retries'));
    await userEvent.type(await parameterField('retries'), '5');
    await userEvent.click(screen.getByRole('button', { name: 'Add Item' }));
    await userEvent.type(await parameterField('args.0'), '--verbose');
    await userEvent.click(screen.getByRole('button', { name: 'Add Item' }));
    await userEvent.type(await parameterField('args.1'), '-x');
    await userEvent.click(screen.getByRole('checkbox', { name: 'cache' }));
    await clickStartBuild();
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(started));
    expect(api.createRun).toHaveBeenCalledWith({
      ...target,
      workflow: 'docker',
      systemParameters: { repository: { revision: { commit: 'ABCDEF1' } } },
      parameters: {
        docker: { filePath: 'Dockerfile.prod' },
        retries: 5,
        args: ['--verbose', '-x'],
        cache: false,
      },
    });
  });

  it('validates like the server before sending: commit, URL, bounds, required', async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
    });
    render(api);
    await userEvent.type(await dialogField('Commit'), 'not-a-sha');
    await userEvent.clear(await dialogField('Repository URL'));
    await userEvent.type(
      await dialogField('Repository URL'),
      'git@github.com:x/y.git',
    );
    await userEvent.clear(await parameterField('retries'));
    await userEvent.type(await parameterField('retries'), '11');
    await clickStartBuild();
    expect(
      await screen.findByText(
        'must be a commit SHA of 7 to 40 hex digits (or empty for the latest)',
      ),
    ).toBeInTheDocument();
    // The portal accepts git URLs; this workflow's schema does not (the server says the same).
    expect(
      screen.getByText('must match pattern "^https?://"'),
    ).toBeInTheDocument();
    expect(screen.getByText('must be <= 10')).toBeInTheDocument();
    expect(await parameterField('retries')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(api.createRun).not.toHaveBeenCalled();
    expect(await dialogField('Commit')).toHaveAttribute('aria-invalid', 'true');

    // Fixing a field clears its error.
    await userEvent.clear(await dialogField('Commit'));
    await userEvent.type(await dialogField('Commit'), 'abcdef0');
    expect(screen.queryByText(/must be a commit SHA/)).not.toBeInTheDocument();

    // A required field the user empties.
    await userEvent.clear(await dialogField('Repository URL'));
    await clickStartBuild();
    expect(await screen.findByText('is required')).toBeInTheDocument();
  });

  it("shows the server's field errors on the fields they name, and the rest above", async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
      createRun: jest.fn(async () => {
        throw await badRequest(
          'Invalid run request: parameters.docker.filePath: must match pattern "^\\S+$"; parameters.extra: is not a field of this workflow',
          [
            {
              path: 'parameters.docker.filePath',
              message: 'must match pattern "^\\S+$"',
            },
            {
              path: 'parameters.extra',
              message: 'is not a field of this workflow',
            },
          ],
        );
      }),
    });
    const { onStarted } = render(api);
    await userEvent.clear(await parameterField('docker.filePath'));
    await userEvent.type(await parameterField('docker.filePath'), 'has space');
    await clickStartBuild();
    expect(
      await screen.findByText('must match pattern "^\\S+$"'),
    ).toBeInTheDocument();
    expect(await parameterField('docker.filePath')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(screen.getByTestId('start-build-error')).toHaveTextContent(
      'parameters.extra: is not a field of this workflow',
    );
    expect(onStarted).not.toHaveBeenCalled();
  });

  it('edits nested objects and arrays of objects as fields, checked by the shared validator', async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [
          dockerWorkflow({
            parametersSchema: {
              type: 'object',
              properties: {
                docker: {
                  type: 'object',
                  properties: {
                    filePath: { type: 'string', default: './Dockerfile' },
                  },
                },
                buildEnv: {
                  type: 'array',
                  description: 'Environment of the build',
                  items: {
                    type: 'object',
                    required: ['name'],
                    properties: {
                      name: { type: 'string' },
                      value: { type: 'string' },
                    },
                  },
                },
              },
            },
          }),
        ],
      })),
      getComponent: jest.fn(async () =>
        componentDetail({
          workflow: {
            ...componentDetail().workflow!,
            parameters: { docker: { filePath: './Dockerfile' } },
          },
        }),
      ),
      createRun: jest.fn(async () => runSummary()),
    });
    render(api);
    expect(await screen.findByText('Environment of the build')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Add Item' }));
    await userEvent.type(
      await parameterField('buildEnv.0.value'),
      'production',
    );
    // A required property left empty: refused here, at its field, with the server's words.
    await clickStartBuild();
    expect(await parameterField('buildEnv.0.name')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(screen.getByText('is required')).toBeInTheDocument();
    expect(api.createRun).not.toHaveBeenCalled();
    // Shell syntax, refused by the same rule as on the server.
    await userEvent.type(await parameterField('buildEnv.0.name'), 'A$(id)');
    await clickStartBuild();
    expect(
      await screen.findByText(/must not contain "\$\(", backticks/),
    ).toBeInTheDocument();
    await userEvent.clear(await parameterField('buildEnv.0.name'));
    await userEvent.type(await parameterField('buildEnv.0.name'), 'STAGE');
    await clickStartBuild();
    await waitFor(() =>
      expect(api.createRun).toHaveBeenCalledWith({
        ...target,
        workflow: 'docker',
        parameters: { buildEnv: [{ name: 'STAGE', value: 'production' }] },
      }),
    );
  });

  it('previews the run it would create as YAML, with the chosen values', async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
    });
    render(api);
    await userEvent.clear(await parameterField('docker.filePath'));
    await userEvent.type(
      await parameterField('docker.filePath'),
      'Dockerfile.prod',
    );
    await userEvent.type(await dialogField('Branch'), '-next');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByTestId('start-build-preview');
    expect(preview).toHaveTextContent('kind: ComponentWorkflowRun');
    expect(preview).toHaveTextContent('name: <generated>');
    expect(preview).toHaveTextContent(
      'openchoreo.dev/component: greeter-service',
    );
    expect(preview).toHaveTextContent('branch: main-next');
    expect(preview).toHaveTextContent('filePath: Dockerfile.prod');
    // The Component's own values and the schema's defaults, as the server fills them in.
    expect(preview).toHaveTextContent('appPath: /service-go-greeter');
    expect(preview).toHaveTextContent('testMode: unit');
  });

  it('shows a permission refusal from the server', async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
      createRun: jest.fn(async () => {
        throw Object.assign(
          new Error(
            'You are not allowed to start builds (permission openchoreo.build.run.create)',
          ),
          {
            statusCode: 403,
          },
        );
      }),
    });
    render(api);
    await dialogField('Branch');
    await clickStartBuild();
    expect(await screen.findByTestId('start-build-error')).toHaveTextContent(
      'You are not allowed to start builds',
    );
  });

  it('falls back to the server-side defaults, saying so, when the component cannot be read', async () => {
    const getComponent = jest
      .fn()
      .mockRejectedValueOnce(
        await responseError(503, {
          name: 'ServiceUnavailableError',
          message: 'control plane is unreachable (ECONNREFUSED)',
        }),
      )
      .mockResolvedValue(componentDetail());
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
      getComponent,
      createRun: jest.fn(async () => runSummary()),
    });
    render(api);
    expect(
      await screen.findByTestId('component-defaults-unavailable'),
    ).toHaveTextContent(
      'Could not read the build defaults of greeter-service: control plane is unreachable (ECONNREFUSED)',
    );
    expect(
      await screen.findByRole('combobox', { name: 'Workflow' }),
    ).toHaveTextContent("The component's workflow");
    await userEvent.type(await dialogField('Branch'), 'feature/x');
    await clickStartBuild();
    await waitFor(() =>
      expect(api.createRun).toHaveBeenCalledWith({
        ...target,
        systemParameters: { repository: { revision: { branch: 'feature/x' } } },
      }),
    );
    // Trying again prefills the form from the component.
    await userEvent.click(
      within(screen.getByTestId('component-defaults-unavailable')).getByRole(
        'button',
        { name: 'Try again' },
      ),
    );
    expect(await parameterField('docker.filePath')).toHaveValue(
      '/service-go-greeter/Dockerfile',
    );
    expect(
      screen.queryByTestId('component-defaults-unavailable'),
    ).not.toBeInTheDocument();
  });

  it('says clearly when the component has no workflow, requires one and sends every value', async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
      getComponent: jest.fn(async () =>
        componentDetail({ workflow: undefined }),
      ),
      createRun: jest.fn(async () => runSummary()),
    });
    const { onStarted } = render(api);
    expect(
      await screen.findByTestId('component-has-no-workflow'),
    ).toHaveTextContent(
      'greeter-service has no workflow configuration (spec.workflow), so nothing is prefilled',
    );
    expect(
      screen.getByText(
        'This component names no workflow: choose the one to run.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('option', { name: "The component's workflow" }),
    ).not.toBeInTheDocument();
    await clickStartBuild();
    expect(
      await screen.findByText(
        'is required: greeter-service has no workflow configuration',
      ),
    ).toBeInTheDocument();
    expect(api.createRun).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('combobox', { name: /Workflow/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'docker' }),
    );
    expect(await dialogField('Repository URL')).toHaveValue('');
    expect(await dialogField('App path')).toHaveValue('.');
    await clickStartBuild();
    // Nothing on the server to fall back to: a required value left empty is caught here.
    expect(await screen.findByText('is required')).toBeInTheDocument();
    expect(api.createRun).not.toHaveBeenCalled();

    await userEvent.type(
      await dialogField('Repository URL'),
      'https://github.com/openchoreo/sample-workloads',
    );
    await clickStartBuild();
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(api.createRun).toHaveBeenCalledWith({
      ...target,
      workflow: 'docker',
      systemParameters: {
        repository: {
          url: 'https://github.com/openchoreo/sample-workloads',
          revision: { branch: 'main', commit: '' },
          appPath: '.',
        },
      },
      parameters: {
        docker: { context: '.', filePath: './Dockerfile' },
        retries: 3,
        cache: true,
        testMode: 'unit',
        args: [],
      },
    });
  });

  it('refuses to start a build of a component that does not exist, naming it', async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
      getComponent: jest.fn(async () => {
        throw await responseError(404, {
          name: 'NotFoundError',
          message:
            'Component default/greeter-service not found in control plane',
        });
      }),
    });
    render(api);
    expect(
      (
        await screen.findAllByText(
          /Component default\/greeter-service not found in control plane/,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText('Error: Cannot build greeter-service'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('combobox', { name: 'Workflow' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start build' })).toBeDisabled();
  });

  it('warns when the workflow needs secrets that are not ready', async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow({ ready: false })],
      })),
    });
    render(api);
    expect(
      await screen.findByText(/Some secrets this workflow needs are not ready/),
    ).toBeInTheDocument();
  });

  it('shows a failed workflow load with a retry', async () => {
    const listComponentWorkflows = jest
      .fn()
      .mockRejectedValueOnce(new Error('workflows unavailable'))
      .mockResolvedValue({ items: [dockerWorkflow()] });
    render(mockBuildApi({ listComponentWorkflows }));
    expect(
      (await screen.findAllByText(/workflows unavailable/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await dialogField('Branch')).toHaveValue('main');
  });

  it('asks for nothing while closed', async () => {
    const api = mockBuildApi();
    render(api, { open: false });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.listComponentWorkflows).not.toHaveBeenCalled();
    expect(api.getComponent).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal when the user may not start builds of the component", async () => {
    const message =
      'You are not allowed to start builds of this component (permission openchoreo.build.run.create on component:default/greeter-service)';
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => {
        throw await responseError(403, { name: 'NotAllowedError', message });
      }),
    });
    render(api);
    expect(
      (await screen.findAllByText(message, { exact: false })).length,
    ).toBeGreaterThan(0);
    expect(screen.getByText(/ask your platform team/)).toBeInTheDocument();
    expect(
      screen.queryByRole('combobox', { name: 'Workflow' }),
    ).not.toBeInTheDocument();
    expect(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Start build',
      }),
    ).toBeDisabled();
  });
});
