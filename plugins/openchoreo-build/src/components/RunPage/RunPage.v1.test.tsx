import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { openChoreoBuildApiRef } from '../../api';
import {
  mockBuildApi,
  runDetail,
  runSummary,
  type MockBuildApi,
} from '../../testUtils/mockApi';
import {
  deletedNovaRunDetail,
  novaRunDetail,
} from '../../__testUtils__/mockApiV1';
import { mockPermissionApi } from '../../__testUtils__/mockPermissions';
import { FreshPermissionCache } from '../../__testUtils__/permissionCache';
import { responseError } from '../../__testUtils__/responseError';
import { RunsTable } from '../RunsTable';
import {
  TestRunRoutes,
  runRoutesMountedRoutes,
} from '../../__testUtils__/runRoutes';

const NAME = 'greeter-service-workflow-0000aaaa';
const NOVA_RUN = 'greeting-service-run-1a2b3c4d';

function render(api: MockBuildApi, route: string) {
  return renderInTestApp(
    <FreshPermissionCache>
      <Routes>
        <Route path="/builds/*" element={<TestRunRoutes />} />
      </Routes>
    </FreshPermissionCache>,
    {
      apis: [[openChoreoBuildApiRef, api], mockPermissionApi()],
      mountedRoutes: runRoutesMountedRoutes,
      initialRouteEntries: [route],
    },
  );
}

const refusal = (status: number, message: string) =>
  responseError(status, { name: 'NotFoundError', message });

describe('the run page of both generations', () => {
  it('says which kind and generation a run is', async () => {
    render(mockBuildApi(), `/builds/runs/default/${NAME}`);
    expect(await screen.findByTestId('run-kind')).toHaveTextContent(
      'ComponentWorkflowRun · v0',
    );
  });

  it('shows a v1 run with its kind, workflow kind, image, commit and who started it', async () => {
    render(
      mockBuildApi({ getRun: jest.fn(async () => novaRunDetail()) }),
      `/builds/runs/nova/${NOVA_RUN}`,
    );
    expect(await screen.findByTestId('run-kind')).toHaveTextContent(
      'WorkflowRun · v1',
    );
    const summary = screen.getByTestId('run-summary');
    for (const text of [
      'dockerfile-builder (ClusterWorkflow)',
      'ttl.sh/openchoreo-builds/nova-storefront-greeting-service:v1',
      'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      'user:default/jane.doe',
    ])
      expect(within(summary).getByText(text)).toBeInTheDocument();
    expect(screen.queryByTestId('run-deleted')).not.toBeInTheDocument();
  });

  it('marks a run deleted by retention: banner, and Cancel disabled with the reason', async () => {
    const api = mockBuildApi({
      getRun: jest.fn(async () => deletedNovaRunDetail()),
    });
    render(api, `/builds/runs/nova/${NOVA_RUN}`);
    const banner = await screen.findByTestId('run-deleted');
    expect(banner).toHaveTextContent('Deleted by retention');
    expect(banner).toHaveTextContent(
      /removed this run at .*2026.*, after it finished/,
    );
    expect(banner).toHaveTextContent(
      "steps and logs come from the portal's record of the run and the observer archive",
    );
    const cancel = screen.getByRole('button', { name: 'Cancel build' });
    expect(cancel).toBeDisabled();
    expect(cancel).toHaveAccessibleDescription(
      'Deleted by retention: the control plane no longer has this run, so it cannot be cancelled',
    );
  });

  it('disables Re-run with the reason once the backend answers that the deleted run is gone', async () => {
    const api = mockBuildApi({
      getRun: jest.fn(async () => deletedNovaRunDetail()),
      rerunRun: jest.fn(async () => {
        throw await refusal(404, `WorkflowRun nova/${NOVA_RUN} not found`);
      }),
    });
    render(api, `/builds/runs/nova/${NOVA_RUN}`);
    const rerun = await screen.findByRole('button', { name: 'Re-run' });
    await waitFor(() => expect(rerun).toBeEnabled());
    await userEvent.click(rerun);
    await waitFor(() => expect(rerun).toBeDisabled());
    expect(rerun).toHaveAccessibleDescription(
      `Deleted by retention: the control plane no longer has this run, so it cannot be re-run (WorkflowRun nova/${NOVA_RUN} not found). Start a new build of the component instead.`,
    );
    expect(api.rerunRun).toHaveBeenCalledWith('nova', NOVA_RUN);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps Re-run for a run that still exists when the backend refuses it', async () => {
    const api = mockBuildApi({
      getRun: jest.fn(async () => runDetail()),
      rerunRun: jest.fn(async () => {
        throw await refusal(409, 'conflict');
      }),
    });
    render(api, `/builds/runs/default/${NAME}`);
    const rerun = await screen.findByRole('button', { name: 'Re-run' });
    await waitFor(() => expect(rerun).toBeEnabled());
    await userEvent.click(rerun);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not re-run: conflict',
    );
    expect(rerun).toBeEnabled();
  });
});

describe('RunsTable', () => {
  it('marks runs the control plane deleted, by retention or otherwise', async () => {
    await renderInTestApp(
      <RunsTable
        caption="Builds"
        runLink={run => `/runs/${run.name}`}
        runs={[
          runSummary(),
          deletedNovaRunDetail(),
          runSummary({
            name: 'vanished',
            deleted: { at: '2026-01-11T10:00:00Z', reason: 'deleted' },
          }),
        ]}
      />,
    );
    expect(
      within(screen.getByTestId(`run-row-${NOVA_RUN}`)).getByText(
        'Deleted by retention',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('run-row-vanished')).getByText('Deleted'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId(`run-row-${NAME}`)).queryByText(/Deleted/),
    ).not.toBeInTheDocument();
  });
});
