import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { openChoreoBuildApiRef } from '../../api';
import { mockBuildApi, runSummary, type MockBuildApi } from '../../testUtils/mockApi';
import { BuildsPage } from './BuildsPage';

const Location = () => {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
};

function render(api: MockBuildApi, route = '/openchoreo-builds') {
  return renderInTestApp(
    <>
      <Routes>
        <Route path="/openchoreo-builds/*" element={<BuildsPage />} />
      </Routes>
      <Location />
    </>,
    {
      apis: [[openChoreoBuildApiRef, api]],
      initialRouteEntries: [route],
      config: { openchoreo: { build: { namespaces: ['default', 'acme'] } } },
    },
  );
}

describe('BuildsPage', () => {
  it('lists runs of every organization with owner columns and run links', async () => {
    const api = mockBuildApi({
      listRuns: jest.fn(async () => ({
        items: [runSummary(), runSummary({ namespace: 'acme', name: 'react-starter-workflow-1', project: 'online-store', component: 'react-starter', workflow: 'react' })],
      })),
    });
    render(api);
    expect(await screen.findByRole('heading', { name: 'Builds', level: 1 })).toBeInTheDocument();
    const row = await screen.findByTestId('run-row-react-starter-workflow-1');
    expect(within(row).getByText('acme')).toBeInTheDocument();
    expect(within(row).getByText('online-store')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: 'react-starter-workflow-1' })).toHaveAttribute(
      'href',
      '/openchoreo-builds/runs/acme/react-starter-workflow-1',
    );
    expect(api.listRuns).toHaveBeenCalledWith(expect.objectContaining({ namespace: undefined, limit: 25 }));
    expect(api.subscribeToRunEvents).toHaveBeenCalledWith({ namespace: undefined }, expect.anything());
  });

  it('reads every filter from the URL', async () => {
    const api = mockBuildApi({
      listRuns: jest.fn(async () => ({
        items: [runSummary({ name: 'docker-run' }), runSummary({ name: 'buildpacks-run', workflow: 'google-cloud-buildpacks' })],
      })),
    });
    render(api, '/openchoreo-builds?namespace=default&project=default&component=greeter-service&workflow=docker&status=Succeeded');
    expect(await screen.findByTestId('run-row-docker-run')).toBeInTheDocument();
    // The workflow filter applies in the browser.
    expect(screen.queryByTestId('run-row-buildpacks-run')).not.toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledWith({
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
      status: ['Succeeded'],
      limit: 25,
      cursor: undefined,
    });
    expect(screen.getByRole('combobox', { name: 'Organization' })).toHaveTextContent('default');
    expect(screen.getByLabelText('Component')).toHaveValue('greeter-service');
    expect(screen.getByLabelText('Workflow')).toHaveValue('docker');
  });

  it('writes changed filters to the URL and clears them', async () => {
    const api = mockBuildApi();
    render(api);
    await screen.findByText('No builds yet');
    await userEvent.type(screen.getByLabelText('Component'), 'greeter-service{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('?component=greeter-service'));
    await userEvent.click(screen.getByRole('combobox', { name: 'Organization' }));
    await userEvent.click(screen.getByRole('option', { name: 'acme' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('namespace=acme'));
    expect(api.listRuns).toHaveBeenLastCalledWith(expect.objectContaining({ namespace: 'acme', component: 'greeter-service' }));
    expect(await screen.findByText('No builds match these filters')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^$/));
  });

  it('pages with the cursor', async () => {
    const listRuns = jest.fn(async ({ cursor }: { cursor?: string }) =>
      cursor ? { items: [runSummary({ name: 'p2' })] } : { items: [runSummary({ name: 'p1' })], nextCursor: 'x' },
    );
    render(mockBuildApi({ listRuns }));
    await screen.findByTestId('run-row-p1');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByTestId('run-row-p2')).toBeInTheDocument();
  });

  it('shows errors with a retry', async () => {
    const listRuns = jest.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue({ items: [] });
    render(mockBuildApi({ listRuns }));
    expect((await screen.findAllByText(/boom/)).length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No builds yet')).toBeInTheDocument();
    expect(screen.getByText(/No ComponentWorkflowRun exists in default, acme/)).toBeInTheDocument();
  });

  it('serves run pages below it', async () => {
    render(mockBuildApi(), '/openchoreo-builds/runs/default/greeter-service-workflow-0000aaaa');
    expect(await screen.findByTestId('run-summary')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← All builds' })).toHaveAttribute('href', '/openchoreo-builds');
  });
});
