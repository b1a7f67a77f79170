import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within, act } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { openChoreoBuildApiRef } from '../../api';
import { mockBuildApi, runDetail, runSummary, type MockBuildApi } from '../../testUtils/mockApi';
import { RunRoutes } from '../RunRoutes';

const NAME = 'greeter-service-workflow-0000aaaa';

const Location = () => {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
};

function render(api: MockBuildApi, route = `/builds/runs/default/${NAME}`) {
  return renderInTestApp(
    <>
      <Routes>
        <Route
          path="/builds/*"
          element={<RunRoutes backLabel="All builds" list={() => <div>the list</div>} />}
        />
      </Routes>
      <Location />
    </>,
    { apis: [[openChoreoBuildApiRef, api]], initialRouteEntries: [route] },
  );
}

const running = () =>
  runDetail({
    status: 'Running',
    completedAt: undefined,
    durationSeconds: undefined,
    cancellable: true,
    steps: [
      { id: 'a', name: 'clone-step', phase: 'Succeeded', outputs: {}, attempts: [], durationSeconds: 4 },
      {
        id: 'b',
        name: 'build-step',
        phase: 'Running',
        outputs: {},
        message: 'building image',
        attempts: [
          { nodeId: 'b0', attempt: 0, phase: 'Failed' },
          { nodeId: 'b1', attempt: 1, phase: 'Running' },
        ],
      },
    ],
  });

describe('RunPage', () => {
  it('shows the summary, conditions and steps of a run', async () => {
    const api = mockBuildApi();
    render(api);
    expect(await screen.findByRole('heading', { name: `Build ${NAME}` })).toBeInTheDocument();
    const summary = screen.getByTestId('run-summary');
    for (const text of [
      'Succeeded',
      'docker',
      'https://github.com/openchoreo/sample-workloads',
      'main',
      'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      'registry.local/default-greeter-service:a1b2c3d',
      '2m 30s',
      'default/default (agent)',
    ]) {
      expect(within(summary).getByText(text)).toBeInTheDocument();
    }
    expect(within(screen.getByTestId('run-parameters')).getByText('docker.filePath=/service-go-greeter/Dockerfile')).toBeInTheDocument();
    const conditions = screen.getByRole('table', { name: 'Conditions' });
    expect(within(conditions).getByText('WorkflowSucceeded', { selector: 'td:first-child' })).toBeInTheDocument();
    expect(within(conditions).getByText('Workflow has succeeded')).toBeInTheDocument();
    const steps = screen.getByRole('table', { name: 'Steps' });
    expect(within(steps).getAllByRole('row')).toHaveLength(5);
    expect(api.getRun).toHaveBeenCalledWith('default', NAME);
    expect(screen.getByRole('link', { name: '← All builds' })).toHaveAttribute('href', '/builds');
  });

  it('shows a loading state, then a not-found error with a retry', async () => {
    let fail: (error: Error) => void = () => {};
    const getRun = jest
      .fn()
      .mockImplementationOnce(() => new Promise((_, reject) => {
        fail = reject;
      }))
      .mockResolvedValue(runDetail());
    render(mockBuildApi({ getRun }));
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    act(() => fail(Object.assign(new Error(`ComponentWorkflowRun default/${NAME} not found`), { statusCode: 404 })));
    expect(await screen.findByText(new RegExp(`Build ${NAME} was not found`))).toBeInTheDocument();
    expect(screen.getByText(/may have been deleted/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('run-summary')).toBeInTheDocument();
  });

  it('selects the step from the URL and shows its log, with line links', async () => {
    const api = mockBuildApi({
      getStepLogs: jest.fn(async () => ({ lines: [{ text: 'Cloning into /mnt/vol' }, { text: '\u001b[32mdone\u001b[0m' }] })),
    });
    render(api, `/builds/runs/default/${NAME}?step=clone-step&line=2`);
    const log = await screen.findByRole('log', { name: 'Log of clone-step' });
    expect(within(log).getByText('Cloning into /mnt/vol')).toBeInTheDocument();
    expect(within(log).getByText('done')).toBeInTheDocument();
    expect(api.getStepLogs).toHaveBeenCalledWith('default', NAME, 'clone-step');
    expect(screen.getByRole('button', { name: 'clone-step' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(log).getByRole('link', { name: 'Link to line 2' })).toHaveAttribute(
      'href',
      `/builds/runs/default/${NAME}?step=clone-step&line=2`,
    );
  });

  it('puts the selected step in the URL when the user picks one', async () => {
    const api = mockBuildApi();
    render(api);
    await userEvent.click(await screen.findByRole('button', { name: 'push-step' }));
    expect(screen.getByTestId('location')).toHaveTextContent(`/builds/runs/default/${NAME}?step=push-step`);
    await waitFor(() => expect(api.getStepLogs).toHaveBeenLastCalledWith('default', NAME, 'push-step'));
  });

  it('says when logs are not available yet', async () => {
    const api = mockBuildApi({
      getStepLogs: jest.fn(async () => {
        throw Object.assign(new Error('Not found'), { statusCode: 404 });
      }),
    });
    render(api, `/builds/runs/default/${NAME}?step=build-step`);
    expect(await screen.findByTestId('step-logs-unavailable')).toHaveTextContent(
      'Logs of build-step are not available yet',
    );
  });

  it('shows retries and the running step by default, and refreshes live on an event', async () => {
    const getRun = jest.fn().mockResolvedValueOnce(running()).mockResolvedValue(runDetail());
    const api = mockBuildApi({ getRun });
    render(api);
    const build = await screen.findByTestId('step-build-step');
    expect(within(build).getByText('2 (retried 1×)')).toBeInTheDocument();
    expect(within(build).getByText('building image')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'build-step' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(screen.getByTestId('run-status')).getByText('Running')).toBeInTheDocument();

    // An event about another run changes nothing; one about this run reloads it.
    act(() => api.emit({ type: 'modified', namespace: 'default', run: runSummary({ name: 'other' }) }));
    expect(getRun).toHaveBeenCalledTimes(1);
    act(() => api.emit({ type: 'modified', namespace: 'default', run: runSummary({ name: NAME }) }));
    expect(await within(screen.getByTestId('run-status')).findByText('Succeeded')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(`/builds/runs/default/${NAME}`);
  });

  it('re-runs and opens the new run', async () => {
    const api = mockBuildApi({
      rerunRun: jest.fn(async () => runSummary({ name: 'greeter-service-workflow-rerun001', status: 'Pending' })),
    });
    render(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Re-run' }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('/builds/runs/default/greeter-service-workflow-rerun001'),
    );
    expect(api.rerunRun).toHaveBeenCalledWith('default', NAME);
  });

  it('cancels only after confirmation', async () => {
    const api = mockBuildApi({
      getRun: jest.fn(async () => running()),
      cancelRun: jest.fn(async () => ({
        run: runSummary({ status: 'Running' }),
        workflow: { name: NAME, namespace: 'openchoreo-ci-default', buildPlane: 'default/default' },
      })),
    });
    render(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel build' }));
    const dialog = await screen.findByRole('dialog', { name: `Cancel build ${NAME}?` });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep running' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.cancelRun).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Cancel build' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Yes, cancel build' }));
    await waitFor(() => expect(api.cancelRun).toHaveBeenCalledWith('default', NAME));
    expect(await screen.findByText(/was told to terminate/)).toBeInTheDocument();
  });

  it('shows why a cancel failed', async () => {
    const api = mockBuildApi({
      getRun: jest.fn(async () => running()),
      cancelRun: jest.fn(async () => {
        throw Object.assign(new Error(`Run default/${NAME} has already finished (Succeeded)`), { statusCode: 409 });
      }),
    });
    render(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel build' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Yes, cancel build' }));
    expect(await screen.findByText(/Could not cancel: Run default\/.* has already finished/)).toBeInTheDocument();
  });

  it('disables Re-run and Cancel with the reason for users without the permissions', async () => {
    const api = mockBuildApi({
      getRun: jest.fn(async () => running()),
      getPermissions: jest.fn(async () => ({ runCreate: false, runCancel: false })),
    });
    render(api);
    await screen.findByTestId('run-summary');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Re-run' })).toBeDisabled());
    expect(screen.getByRole('button', { name: 'Cancel build' })).toBeDisabled();
    expect(screen.getByText('You are not allowed to re-run builds (permission openchoreo.build.run.create)')).toBeInTheDocument();
    expect(screen.getByText('You are not allowed to cancel builds (permission openchoreo.build.run.cancel)')).toBeInTheDocument();
  });

  it('explains why a finished run cannot be cancelled', async () => {
    render(mockBuildApi());
    await screen.findByTestId('run-summary');
    expect(screen.getByRole('button', { name: 'Cancel build' })).toBeDisabled();
    expect(screen.getByText('This build has already finished (Succeeded)')).toBeInTheDocument();
  });
});
