import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openChoreoBuildApiRef } from '../../api';
import { dockerWorkflow, mockBuildApi, runDetail, runSummary, type MockBuildApi } from '../../testUtils/mockApi';
import { StartBuildDialog } from './StartBuildDialog';

const target = { namespace: 'default', project: 'default', component: 'greeter-service' };

function render(api: MockBuildApi, props: Partial<Parameters<typeof StartBuildDialog>[0]> = {}) {
  const onStarted = jest.fn();
  renderInTestApp(
    <StartBuildDialog
      open
      onClose={() => {}}
      target={target}
      defaults={runDetail().spec.workflow}
      onStarted={onStarted}
      {...props}
    />,
    { apis: [[openChoreoBuildApiRef, api]] },
  );
  return { onStarted };
}

async function field(label: string) {
  const dialog = await screen.findByRole('dialog');
  return within(dialog).findByLabelText(label, { exact: false });
}

async function badRequest(message: string) {
  const response = new Response(
    JSON.stringify({ error: { name: 'InputError', message }, response: { statusCode: 400 } }),
    { status: 400, headers: { 'Content-Type': 'application/json' } },
  );
  return ResponseError.fromResponse(response as never);
}

describe('StartBuildDialog', () => {
  it('generates the form from the workflow schemas, prefilled from the component', async () => {
    const api = mockBuildApi({ listWorkflows: jest.fn(async () => ({ items: [dockerWorkflow()] })) });
    render(api);
    expect(await field('Repository URL')).toHaveValue('https://github.com/openchoreo/sample-workloads');
    expect(await field('Branch')).toHaveValue('main');
    expect(await field('Commit')).toHaveValue('');
    expect(await field('App path')).toHaveValue('/service-go-greeter');
    // Component values win over schema defaults; schema defaults fill the rest.
    expect(await field('docker.filePath')).toHaveValue('/service-go-greeter/Dockerfile');
    expect(await field('retries')).toHaveValue('3');
    expect(screen.getByText(/Retry attempts · 0 to 10/)).toBeInTheDocument();
    expect(await field('args')).toHaveValue('');
    expect(screen.getByRole('switch', { name: 'cache' })).toBeChecked();
    expect(api.listWorkflows).toHaveBeenCalledWith({ namespace: 'default' });
  });

  it('sends only the values the user changed and reports the started run', async () => {
    const started = runSummary({ name: 'greeter-service-workflow-started1', status: 'Pending' });
    const api = mockBuildApi({
      listWorkflows: jest.fn(async () => ({ items: [dockerWorkflow()] })),
      createRun: jest.fn(async () => started),
    });
    const { onStarted } = render(api);
    await userEvent.clear(await field('docker.filePath'));
    await userEvent.type(await field('docker.filePath'), 'Dockerfile.prod');
    await userEvent.type(await field('Commit'), 'ABCDEF1');
    await userEvent.clear(await field('retries'));
    await userEvent.type(await field('retries'), '5');
    await userEvent.type(await field('args'), '--verbose, -x');
    await userEvent.click(screen.getByRole('switch', { name: 'cache' }));
    await userEvent.click(screen.getByRole('button', { name: 'Start build' }));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(started));
    expect(api.createRun).toHaveBeenCalledWith({
      ...target,
      workflow: 'docker',
      systemParameters: { repository: { revision: { commit: 'ABCDEF1' } } },
      parameters: { docker: { filePath: 'Dockerfile.prod' }, retries: 5, args: ['--verbose', '-x'], cache: false },
    });
  });

  it('validates like the server before sending: commit, URL, bounds, required', async () => {
    const api = mockBuildApi({ listWorkflows: jest.fn(async () => ({ items: [dockerWorkflow()] })) });
    render(api);
    await userEvent.type(await field('Commit'), 'not-a-sha');
    await userEvent.clear(await field('Repository URL'));
    await userEvent.type(await field('Repository URL'), 'git@github.com:x/y.git');
    await userEvent.clear(await field('retries'));
    await userEvent.type(await field('retries'), '11');
    await userEvent.click(screen.getByRole('button', { name: 'Start build' }));
    expect(
      await screen.findByText('must be a commit SHA of 7 to 40 hex digits (or empty for the latest)'),
    ).toBeInTheDocument();
    expect(screen.getByText('must be an http(s) URL')).toBeInTheDocument();
    expect(screen.getByText('must be <= 10')).toBeInTheDocument();
    expect(api.createRun).not.toHaveBeenCalled();
    expect(await field('Commit')).toHaveAttribute('aria-invalid', 'true');

    // Fixing a field clears its error.
    await userEvent.clear(await field('Commit'));
    await userEvent.type(await field('Commit'), 'abcdef0');
    expect(screen.queryByText(/must be a commit SHA/)).not.toBeInTheDocument();

    // A required field the user empties.
    await userEvent.clear(await field('Repository URL'));
    await userEvent.click(screen.getByRole('button', { name: 'Start build' }));
    expect(await screen.findByText('is required')).toBeInTheDocument();
  });

  it("shows the server's field errors on the fields they name, and the rest above", async () => {
    const api = mockBuildApi({
      listWorkflows: jest.fn(async () => ({ items: [dockerWorkflow()] })),
      createRun: jest.fn(async () => {
        throw await badRequest(
          'Invalid run request: parameters.docker.filePath: must match pattern "^\\S+$"; parameters.extra: is not a field of this workflow',
        );
      }),
    });
    const { onStarted } = render(api);
    await userEvent.clear(await field('docker.filePath'));
    await userEvent.type(await field('docker.filePath'), 'has space');
    await userEvent.click(screen.getByRole('button', { name: 'Start build' }));
    expect(await screen.findByText('must match pattern "^\\S+$"')).toBeInTheDocument();
    expect(await field('docker.filePath')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('start-build-error')).toHaveTextContent(
      'parameters.extra: is not a field of this workflow',
    );
    expect(onStarted).not.toHaveBeenCalled();
  });

  it('shows a permission refusal from the server', async () => {
    const api = mockBuildApi({
      listWorkflows: jest.fn(async () => ({ items: [dockerWorkflow()] })),
      createRun: jest.fn(async () => {
        throw Object.assign(new Error('You are not allowed to start builds (permission openchoreo.build.run.create)'), {
          statusCode: 403,
        });
      }),
    });
    render(api);
    await field('Branch');
    await userEvent.click(screen.getByRole('button', { name: 'Start build' }));
    expect(await screen.findByTestId('start-build-error')).toHaveTextContent('You are not allowed to start builds');
  });

  it('offers the component default when its workflow is unknown, with the fixed repository fields', async () => {
    const api = mockBuildApi({
      listWorkflows: jest.fn(async () => ({ items: [dockerWorkflow()] })),
      createRun: jest.fn(async () => runSummary()),
    });
    render(api, { defaults: undefined });
    expect(await screen.findByRole('combobox', { name: 'Workflow' })).toHaveTextContent("The component's workflow");
    await userEvent.type(await field('Branch'), 'feature/x');
    await userEvent.click(screen.getByRole('button', { name: 'Start build' }));
    await waitFor(() =>
      expect(api.createRun).toHaveBeenCalledWith({
        ...target,
        systemParameters: { repository: { revision: { branch: 'feature/x' } } },
      }),
    );
  });

  it('warns when the workflow needs secrets that are not ready', async () => {
    const api = mockBuildApi({
      listWorkflows: jest.fn(async () => ({ items: [dockerWorkflow({ ready: false })] })),
    });
    render(api);
    expect(await screen.findByText(/Some secrets this workflow needs are not ready/)).toBeInTheDocument();
  });

  it('shows a failed workflow load with a retry', async () => {
    const listWorkflows = jest
      .fn()
      .mockRejectedValueOnce(new Error('workflows unavailable'))
      .mockResolvedValue({ items: [dockerWorkflow()] });
    render(mockBuildApi({ listWorkflows }));
    expect((await screen.findAllByText(/workflows unavailable/)).length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await field('Branch')).toHaveValue('main');
  });
});
