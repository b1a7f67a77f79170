import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { openChoreoBuildApiRef } from '../../api';
import {
  mockBuildApi,
  runSummary,
  type MockBuildApi,
} from '../../testUtils/mockApi';
import { mockPermissionApi } from '../../__testUtils__/mockPermissions';
import { rootRouteRef } from '../../routes';
import { BuildsPage } from './BuildsPage';

const Location = () => {
  const location = useLocation();
  return (
    <>
      <div data-testid="location">{location.search}</div>
      <div data-testid="pathname">{location.pathname}</div>
    </>
  );
};

/** The signed-in user, whose builds "Mine" lists. */
const ME = 'user:default/jdoe';

function render(api: MockBuildApi, route = '/openchoreo-builds') {
  return renderInTestApp(
    <>
      <Routes>
        <Route path="/openchoreo-builds/*" element={<BuildsPage />} />
      </Routes>
      <Location />
    </>,
    {
      apis: [
        [openChoreoBuildApiRef, api],
        mockPermissionApi(),
        mockApis.identity({ userEntityRef: ME }),
      ],
      initialRouteEntries: [route],
      mountedRoutes: {
        '/openchoreo-builds': convertLegacyRouteRef(rootRouteRef),
      },
      config: { openchoreo: { build: { namespaces: ['default', 'acme'] } } },
    },
  );
}

describe('BuildsPage', () => {
  it('lists runs of every organization with owner columns and run links', async () => {
    const api = mockBuildApi({
      listRuns: jest.fn(async () => ({
        items: [
          runSummary(),
          runSummary({
            namespace: 'acme',
            name: 'react-starter-workflow-1',
            project: 'online-store',
            component: 'react-starter',
            workflow: 'react',
          }),
        ],
      })),
    });
    render(api);
    expect(
      await screen.findByRole('heading', { name: 'Builds', level: 1 }),
    ).toBeInTheDocument();
    const row = await screen.findByTestId('run-row-react-starter-workflow-1');
    // At a laptop's width the organization and project fold under the component.
    expect(within(row).getByText('react-starter')).toBeInTheDocument();
    expect(within(row).getByTestId('run-owner-caption')).toHaveTextContent(
      'acme / online-store',
    );
    expect(
      within(row).getByRole('link', { name: 'react-starter-workflow-1' }),
    ).toHaveAttribute(
      'href',
      '/openchoreo-builds/runs/acme/react-starter-workflow-1',
    );
    expect(api.listRuns).toHaveBeenCalledWith({
      statuses: [],
      limit: 25,
      cursor: undefined,
    });
    expect(api.subscribeToRunEvents).toHaveBeenCalledWith(
      { namespace: undefined },
      expect.anything(),
    );
  });

  it('reads every filter from the URL and sends them all, the workflow too, to the backend', async () => {
    const api = mockBuildApi({
      listRuns: jest.fn(async () => ({
        items: [runSummary({ name: 'docker-run' })],
      })),
    });
    render(
      api,
      '/openchoreo-builds?namespace=default&project=default&component=greeter-service&workflow=docker&status=Succeeded',
    );
    expect(await screen.findByTestId('run-row-docker-run')).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledTimes(1);
    expect(api.listRuns).toHaveBeenCalledWith({
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
      workflow: 'docker',
      statuses: ['Succeeded'],
      limit: 25,
      cursor: undefined,
    });
    expect(
      screen.getByRole('combobox', { name: 'Organization' }),
    ).toHaveTextContent('default');
    expect(screen.getByLabelText('Component')).toHaveValue('greeter-service');
    expect(screen.getByLabelText('Workflow')).toHaveValue('docker');
  });

  it('filters by workflow on the server: a full page of matches, paged with the same filter', async () => {
    const listRuns = jest.fn(
      async ({ workflow, cursor }: { workflow?: string; cursor?: string }) => {
        if (workflow !== 'react')
          return {
            items: [runSummary({ name: 'docker-run' })],
            nextCursor: 'd1',
          };
        return cursor
          ? { items: [runSummary({ name: 'react-3', workflow: 'react' })] }
          : {
              items: [
                runSummary({ name: 'react-1', workflow: 'react' }),
                runSummary({ name: 'react-2', workflow: 'react' }),
              ],
              nextCursor: 'r1',
            };
      },
    );
    render(mockBuildApi({ listRuns }));
    await screen.findByTestId('run-row-docker-run');
    await userEvent.type(screen.getByLabelText('Workflow'), 'react{Enter}');
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?workflow=react',
      ),
    );
    expect(await screen.findByTestId('run-row-react-1')).toBeInTheDocument();
    expect(screen.getByTestId('run-row-react-2')).toBeInTheDocument();
    expect(screen.queryByTestId('run-row-docker-run')).not.toBeInTheDocument();
    expect(listRuns).toHaveBeenLastCalledWith(
      expect.objectContaining({ workflow: 'react', cursor: undefined }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByTestId('run-row-react-3')).toBeInTheDocument();
    expect(listRuns).toHaveBeenLastCalledWith(
      expect.objectContaining({ workflow: 'react', cursor: 'r1' }),
    );
  });

  it("shows a page in the backend's order, without re-sorting it", async () => {
    // Same creation second: the backend orders by name; an older run may also come from another org.
    const items = [
      runSummary({ name: 'b-run', createdAt: '2026-01-10T10:00:00Z' }),
      runSummary({ name: 'c-run', createdAt: '2026-01-10T10:00:00Z' }),
      runSummary({
        namespace: 'acme',
        name: 'a-run',
        createdAt: '2026-01-09T10:00:00Z',
        startedAt: '2026-01-11T00:00:00Z',
      }),
    ];
    render(mockBuildApi({ listRuns: jest.fn(async () => ({ items })) }));
    await screen.findByTestId('run-row-a-run');
    expect(
      screen.getAllByTestId(/^run-row-/).map(row => row.dataset.testid),
    ).toEqual(['run-row-b-run', 'run-row-c-run', 'run-row-a-run']);
  });

  it('writes changed filters to the URL and clears them', async () => {
    const api = mockBuildApi();
    render(api);
    await screen.findByText('No builds yet');
    await userEvent.type(
      screen.getByLabelText('Component'),
      'greeter-service{Enter}',
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?component=greeter-service',
      ),
    );
    await userEvent.click(
      screen.getByRole('combobox', { name: 'Organization' }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'acme' }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        'namespace=acme',
      ),
    );
    expect(api.listRuns).toHaveBeenLastCalledWith(
      expect.objectContaining({
        namespace: 'acme',
        component: 'greeter-service',
      }),
    );
    expect(
      await screen.findByText('No builds match these filters'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(/^$/),
    );
  });

  it('reads statuses, branch, trigger and "mine" from the URL and lists with them', async () => {
    const api = mockBuildApi({
      listRuns: jest.fn(async () => ({ items: [runSummary({ name: 'r1' })] })),
    });
    render(
      api,
      '/openchoreo-builds/runs?status=Running&status=Failed&branch=main&trigger=webhook&mine=true',
    );
    expect(await screen.findByTestId('run-row-r1')).toBeInTheDocument();
    // "Mine" waits for the signed-in user: the backend is asked once, already filtered.
    expect(api.listRuns).toHaveBeenCalledTimes(1);
    expect(api.listRuns).toHaveBeenCalledWith({
      statuses: ['Running', 'Failed'],
      branch: 'main',
      trigger: 'webhook',
      createdBy: ME,
      limit: 25,
      cursor: undefined,
    });
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveTextContent(
      'Running, Failed',
    );
    expect(screen.getByLabelText('Branch')).toHaveValue('main');
    expect(
      screen.getByRole('combobox', { name: 'Triggered by' }),
    ).toHaveTextContent('Webhooks');
    expect(screen.getByRole('checkbox', { name: 'Mine' })).toBeChecked();
  });

  it('writes several statuses, the branch, the trigger and "mine" to the URL, and clears them', async () => {
    const api = mockBuildApi();
    render(api, '/openchoreo-builds/runs');
    await screen.findByText('No builds yet');

    await userEvent.click(screen.getByRole('combobox', { name: 'Status' }));
    await userEvent.click(screen.getByRole('option', { name: 'Running' }));
    await userEvent.click(screen.getByRole('option', { name: 'Failed' }));
    await userEvent.keyboard('{Escape}');
    await userEvent.type(screen.getByLabelText('Branch'), 'main{Enter}');
    await userEvent.click(
      screen.getByRole('combobox', { name: 'Triggered by' }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'People' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Mine' }));

    const query = () =>
      new URLSearchParams(screen.getByTestId('location').textContent ?? '');
    await waitFor(() => expect(query().get('mine')).toBe('true'));
    expect(query().getAll('status')).toEqual(['Running', 'Failed']);
    expect(query().get('branch')).toBe('main');
    expect(query().get('trigger')).toBe('user');
    await waitFor(() =>
      expect(api.listRuns).toHaveBeenLastCalledWith(
        expect.objectContaining({
          statuses: ['Running', 'Failed'],
          branch: 'main',
          trigger: 'user',
          createdBy: ME,
        }),
      ),
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(/^$/),
    );
    expect(screen.getByRole('checkbox', { name: 'Mine' })).not.toBeChecked();
    expect(screen.getByLabelText('Branch')).toHaveValue('');
  });

  it('pages with the cursor', async () => {
    const listRuns = jest.fn(async ({ cursor }: { cursor?: string }) =>
      cursor
        ? { items: [runSummary({ name: 'p2' })] }
        : { items: [runSummary({ name: 'p1' })], nextCursor: 'x' },
    );
    render(mockBuildApi({ listRuns }));
    await screen.findByTestId('run-row-p1');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByTestId('run-row-p2')).toBeInTheDocument();
  });

  it('shows errors with a retry', async () => {
    const listRuns = jest
      .fn()
      .mockRejectedValueOnce(new Error('boom'))
      .mockResolvedValue({ items: [] });
    render(mockBuildApi({ listRuns }));
    expect((await screen.findAllByText(/boom/)).length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No builds yet')).toBeInTheDocument();
    expect(
      screen.getByText(/No ComponentWorkflowRun exists in default, acme/),
    ).toBeInTheDocument();
  });

  it('serves run pages below it', async () => {
    render(
      mockBuildApi(),
      '/openchoreo-builds/runs/default/greeter-service-workflow-0000aaaa',
    );
    expect(await screen.findByTestId('run-summary')).toBeInTheDocument();
    // The run page's breadcrumbs: Builds › the run's organization › the run.
    const crumbs = screen.getByTestId('run-breadcrumbs');
    expect(
      within(crumbs).getByRole('link', { name: 'Builds' }),
    ).toHaveAttribute('href', '/openchoreo-builds');
    expect(
      within(crumbs).getByRole('link', { name: 'Organization default' }),
    ).toHaveAttribute('href', '/openchoreo-builds?namespace=default');
  });

  it('lands on the Runs tab, keeping the query, and offers the four tabs', async () => {
    render(mockBuildApi(), '/openchoreo-builds?namespace=acme');
    await waitFor(() =>
      expect(screen.getByTestId('pathname')).toHaveTextContent(
        /^\/openchoreo-builds\/runs$/,
      ),
    );
    expect(screen.getByTestId('location')).toHaveTextContent('?namespace=acme');
    for (const [tab, path] of [
      ['Runs', 'runs'],
      ['Build planes', 'build-planes'],
      ['Workflows', 'workflows'],
      ['Render plans', 'render-plans'],
    ]) {
      expect(screen.getByRole('tab', { name: tab })).toHaveAttribute(
        'href',
        `/openchoreo-builds/${path}`,
      );
    }
  });

  it('shows each tab at its path', async () => {
    render(mockBuildApi(), '/openchoreo-builds/workflows');
    expect(await screen.findByText('No workflows')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Workflows' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });
});
