import type { RunWorkflowConfig } from '@openchoreo-build/plugin-openchoreo-build-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  dockerWorkflow,
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

// "Re-run with changes": the form starts from a run's `spec.workflow` instead of the Component's,
// and sends what differs from the Component, so the new run builds what the old one did.

const render = (
  api: MockBuildApi,
  target: { namespace: string; project: string; component: string },
  initial: RunWorkflowConfig,
) => renderStartBuildDialog(api, { target, initial });

describe('StartBuildDialog prefilled from a run (v0)', () => {
  const target = {
    namespace: 'default',
    project: 'default',
    component: 'greeter-service',
  };
  /** A run of greeter-service that built a feature branch at a commit with another Dockerfile. */
  const run: RunWorkflowConfig = {
    name: 'docker',
    systemParameters: {
      repository: {
        url: 'https://github.com/openchoreo/sample-workloads',
        revision: { branch: 'feature/speed', commit: 'abcdef1' },
        appPath: '/service-go-greeter',
      },
    },
    parameters: {
      docker: {
        context: '/service-go-greeter',
        filePath: '/service-go-greeter/Dockerfile.fast',
      },
      retries: 5,
    },
  };

  it("shows the run's workflow, repository and parameters, and sends what differs from the Component", async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
      createRun: jest.fn(async () => runSummary({ name: 'again' })),
    });
    render(api, target, run);
    expect(
      await screen.findByRole('combobox', { name: 'Workflow' }),
    ).toHaveTextContent('docker');
    expect(await dialogField('Branch')).toHaveValue('feature/speed');
    expect(await dialogField('Commit')).toHaveValue('abcdef1');
    expect(await dialogField('App path')).toHaveValue('/service-go-greeter');
    expect(await parameterField('docker.filePath')).toHaveValue(
      '/service-go-greeter/Dockerfile.fast',
    );
    expect(await parameterField('retries')).toHaveValue(5);

    // The user changes one more thing; the run's own values go along with it.
    await userEvent.clear(await parameterField('retries'));
    await userEvent.type(await parameterField('retries'), '2');
    await clickStartBuild();
    await waitFor(() =>
      expect(api.createRun).toHaveBeenCalledWith({
        ...target,
        workflow: 'docker',
        systemParameters: {
          repository: {
            revision: { branch: 'feature/speed', commit: 'abcdef1' },
          },
        },
        parameters: {
          docker: { filePath: '/service-go-greeter/Dockerfile.fast' },
          retries: 2,
        },
      }),
    );
  });

  it("preselects the run's workflow even when the Component now uses another", async () => {
    const buildpacks = dockerWorkflow({
      name: 'google-cloud-buildpacks',
      displayName: 'Buildpacks',
      parametersSchema: {
        type: 'object',
        properties: { version: { type: 'integer', default: 1 } },
      },
    });
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow(), buildpacks],
      })),
      createRun: jest.fn(async () => runSummary()),
    });
    render(api, target, {
      name: 'google-cloud-buildpacks',
      systemParameters: run.systemParameters,
      parameters: { version: 4 },
    });
    expect(
      await screen.findByRole('combobox', { name: 'Workflow' }),
    ).toHaveTextContent('Buildpacks');
    expect(await parameterField('version')).toHaveValue(4);
    expect(await dialogField('Branch')).toHaveValue('feature/speed');
    await clickStartBuild();
    await waitFor(() =>
      expect(api.createRun).toHaveBeenCalledWith(
        expect.objectContaining({
          workflow: 'google-cloud-buildpacks',
          parameters: { version: 4 },
        }),
      ),
    );
  });

  it('keeps the run’s repository but not its parameters when the user picks another workflow', async () => {
    const buildpacks = dockerWorkflow({
      name: 'google-cloud-buildpacks',
      displayName: 'Buildpacks',
      parametersSchema: {
        type: 'object',
        properties: { version: { type: 'integer', default: 1 } },
      },
    });
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow(), buildpacks],
      })),
    });
    render(api, target, run);
    await userEvent.click(
      await screen.findByRole('combobox', { name: 'Workflow' }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'Buildpacks' }),
    );
    expect(await parameterField('version')).toHaveValue(1);
    expect(await dialogField('Branch')).toHaveValue('feature/speed');
  });
});

describe('StartBuildDialog prefilled from a run (v1)', () => {
  const target = {
    namespace: 'nova',
    project: 'storefront',
    component: 'greeting-service',
  };

  it('reads the repository from the fields the workflow marks in the run’s parameters', async () => {
    const api = mockBuildApi({
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerfileBuilderWorkflow(), paketoWorkflow()],
      })),
      getComponent: jest.fn(async () => novaComponentDetail()),
      createRun: jest.fn(async () => runSummary({ namespace: 'nova' })),
    });
    const component = novaComponentDetail().workflow!;
    render(api, target, {
      ...component,
      parameters: {
        ...component.parameters,
        repository: {
          url: 'https://github.com/openchoreo/sample-workloads',
          revision: { branch: 'hotfix', commit: '1234567' },
          appPath: '/service-go-greeter',
        },
      },
    });
    expect(
      await screen.findByRole('combobox', { name: 'Workflow' }),
    ).toHaveTextContent('dockerfile-builder · ClusterWorkflow');
    expect(await dialogField('Branch')).toHaveValue('hotfix');
    expect(await dialogField('Commit')).toHaveValue('1234567');
    await clickStartBuild();
    await waitFor(() =>
      expect(api.createRun).toHaveBeenCalledWith({
        ...target,
        workflow: 'dockerfile-builder',
        workflowKind: 'ClusterWorkflow',
        systemParameters: {
          repository: { revision: { branch: 'hotfix', commit: '1234567' } },
        },
      }),
    );
  });
});
