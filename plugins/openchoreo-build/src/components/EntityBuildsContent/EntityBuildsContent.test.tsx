import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within, act } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openChoreoBuildApiRef } from '../../api';
import {
  dockerWorkflow,
  mockBuildApi,
  runDetail,
  runSummary,
  type MockBuildApi,
} from '../../testUtils/mockApi';
import { FreshPermissionCache } from '../../__testUtils__/permissionCache';
import {
  mockPermissionApi,
  pendingPermissionApi,
  type PermissionApiMock,
} from '../../__testUtils__/mockPermissions';
import { entityContentRouteRef } from '../../routes';
import { EntityBuildsContent } from './EntityBuildsContent';

function component(annotations: Record<string, string>) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'greeter-service', annotations },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

const annotated = component({
  'openchoreo.io/namespace': 'default',
  'openchoreo.io/project': 'default',
  'openchoreo.io/component': 'greeter-service',
});

const ENTITY_REF = 'component:default/greeter-service';

/** Where the entity page mounts the tab (its route ref resolves the run links below it). */
const TAB = '/catalog/default/component/greeter-service/openchoreo-builds';

function render(
  api: MockBuildApi,
  route = '/',
  permissions:
    | PermissionApiMock
    | ReturnType<typeof pendingPermissionApi> = mockPermissionApi(),
) {
  return renderInTestApp(
    <FreshPermissionCache>
      <EntityProvider entity={annotated}>
        <EntityBuildsContent />
      </EntityProvider>
    </FreshPermissionCache>,
    {
      apis: [[openChoreoBuildApiRef, api], permissions],
      initialRouteEntries: [`${TAB}${route}`],
      mountPath: `${TAB}/*`,
      mountedRoutes: { [TAB]: convertLegacyRouteRef(entityContentRouteRef) },
    },
  );
}

/** Denies `permission` on the tab's entity only (allowed anywhere else). */
const denyOnEntity = (permission: string) =>
  mockPermissionApi(
    (name, resourceRef) => !(name === permission && resourceRef === ENTITY_REF),
  );

describe('EntityBuildsContent (Builds tab)', () => {
  it('names the OpenChoreo component and lists its runs with status, link, workflow, branch, commit and duration', async () => {
    const api = mockBuildApi({
      listRuns: jest.fn(async () => ({ items: [runSummary()] })),
    });
    render(api);
    expect(await screen.findByTestId('openchoreo-ref')).toHaveTextContent(
      'OpenChoreo component greeter-service in project default, organization default.',
    );
    const row = await screen.findByTestId(
      'run-row-greeter-service-workflow-0000aaaa',
    );
    expect(within(row).getByText('Succeeded')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', {
        name: 'greeter-service-workflow-0000aaaa',
      }),
    ).toHaveAttribute(
      'href',
      `${TAB}/runs/default/greeter-service-workflow-0000aaaa`,
    );
    expect(within(row).getByText('docker')).toBeInTheDocument();
    expect(within(row).getByText('main')).toBeInTheDocument();
    expect(within(row).getByText('a1b2c3d')).toBeInTheDocument();
    expect(within(row).getByText('2m 30s')).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledWith({
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
      statuses: [],
      limit: 10,
      cursor: undefined,
    });
  });

  it("shows the catalog's missing-annotation state, and requests nothing, without the annotations", async () => {
    const api = mockBuildApi();
    renderInTestApp(
      <EntityProvider entity={component({ 'openchoreo.io/project': 'x' })}>
        <EntityBuildsContent />
      </EntityProvider>,
      { apis: [[openChoreoBuildApiRef, api], mockPermissionApi()] },
    );
    expect(
      await screen.findByText(/Missing Annotations?/i),
    ).toBeInTheDocument();
    // The YAML to add names the three annotations the tab needs.
    for (const name of ['namespace', 'project', 'component']) {
      expect(
        screen.getAllByText(new RegExp(`openchoreo\\.io/${name}`)).length,
      ).toBeGreaterThan(0);
    }
    expect(api.listRuns).not.toHaveBeenCalled();
    expect(api.subscribeToRunEvents).not.toHaveBeenCalled();
  });

  it('shows a loading state until the runs arrive', async () => {
    let resolve: (v: { items: never[] }) => void = () => {};
    const api = mockBuildApi({
      listRuns: jest.fn(
        () =>
          new Promise(r => {
            resolve = r;
          }),
      ),
    });
    render(api);
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    await act(async () => resolve({ items: [] }));
    expect(await screen.findByText('No builds yet')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('says what to do when there are no builds', async () => {
    render(mockBuildApi());
    expect(await screen.findByText('No builds yet')).toBeInTheDocument();
    expect(
      screen.getByText(/Use Start build to run its workflow/),
    ).toBeInTheDocument();
  });

  it('shows the error with what to do and retries', async () => {
    const listRuns = jest
      .fn()
      .mockRejectedValueOnce(
        Object.assign(new Error('control plane unreachable'), {
          statusCode: 502,
        }),
      )
      .mockResolvedValue({ items: [runSummary()] });
    render(mockBuildApi({ listRuns }));
    expect(
      (await screen.findAllByText(/control plane unreachable/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText(/could not reach the OpenChoreo cluster/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByTestId('run-row-greeter-service-workflow-0000aaaa'),
    ).toBeInTheDocument();
  });

  it('pages through runs with the backend cursor', async () => {
    const listRuns = jest.fn(async ({ cursor }: { cursor?: string }) =>
      cursor === 'c2'
        ? { items: [runSummary({ name: 'second-page-run' })] }
        : { items: [runSummary({ name: 'first-page-run' })], nextCursor: 'c2' },
    );
    render(mockBuildApi({ listRuns }));
    expect(
      await screen.findByTestId('run-row-first-page-run'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(
      await screen.findByTestId('run-row-second-page-run'),
    ).toBeInTheDocument();
    expect(listRuns).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: 'c2' }),
    );
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(
      await screen.findByTestId('run-row-first-page-run'),
    ).toBeInTheDocument();
  });

  it('filters by the status in the URL and explains an empty filtered list', async () => {
    const api = mockBuildApi();
    render(api, '/?status=Failed');
    expect(await screen.findByText('No Failed builds')).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledWith(
      expect.objectContaining({ statuses: ['Failed'] }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Clear filter' }));
    expect(await screen.findByText('No builds yet')).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenLastCalledWith(
      expect.objectContaining({ statuses: [] }),
    );
  });

  it('changes the status filter from the select', async () => {
    const api = mockBuildApi({
      listRuns: jest.fn(async () => ({ items: [runSummary()] })),
    });
    render(api);
    await screen.findByTestId('run-row-greeter-service-workflow-0000aaaa');
    await userEvent.click(screen.getByRole('combobox', { name: 'Status' }));
    await userEvent.click(screen.getByRole('option', { name: 'Running' }));
    await waitFor(() =>
      expect(api.listRuns).toHaveBeenLastCalledWith(
        expect.objectContaining({ statuses: ['Running'] }),
      ),
    );
  });

  it('shows a new run and its status changes live, without reloading', async () => {
    const api = mockBuildApi({
      listRuns: jest.fn(async () => ({ items: [runSummary()] })),
    });
    render(api);
    await screen.findByTestId('run-row-greeter-service-workflow-0000aaaa');
    expect(screen.getByTestId('live-indicator')).toHaveTextContent('Live');
    expect(api.subscribeToRunEvents).toHaveBeenCalledWith(
      { namespace: 'default' },
      expect.anything(),
    );

    const fresh = runSummary({
      name: 'greeter-service-workflow-new00001',
      status: 'Pending',
      createdAt: '2026-02-01T00:00:00Z',
    });
    act(() => api.emit({ type: 'added', namespace: 'default', run: fresh }));
    const row = await screen.findByTestId(
      'run-row-greeter-service-workflow-new00001',
    );
    expect(within(row).getByText('Pending')).toBeInTheDocument();
    // Newest first.
    expect(screen.getAllByTestId(/^run-row-/)[0]).toBe(row);

    act(() =>
      api.emit({
        type: 'modified',
        namespace: 'default',
        run: { ...fresh, status: 'Running' },
      }),
    );
    expect(await within(row).findByText('Running')).toBeInTheDocument();

    // Runs of other components are not shown.
    act(() =>
      api.emit({
        type: 'added',
        namespace: 'default',
        run: runSummary({ name: 'other-run', component: 'other' }),
      }),
    );
    act(() => api.emit({ type: 'deleted', namespace: 'default', run: fresh }));
    await waitFor(() =>
      expect(
        screen.queryByTestId('run-row-greeter-service-workflow-new00001'),
      ).not.toBeInTheDocument(),
    );
    expect(screen.queryByTestId('run-row-other-run')).not.toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledTimes(1);
  });

  it('reloads the list when the event stream had to reset', async () => {
    const api = mockBuildApi({
      listRuns: jest.fn(async () => ({ items: [runSummary()] })),
    });
    render(api);
    await screen.findByTestId('run-row-greeter-service-workflow-0000aaaa');
    act(() => api.reset());
    await waitFor(() => expect(api.listRuns).toHaveBeenCalledTimes(2));
  });

  it('disables Start build with the reason when run.create is denied on the entity', async () => {
    const permissions = denyOnEntity('openchoreo.build.run.create');
    render(mockBuildApi(), '/', permissions);
    await screen.findByText('No builds yet');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Start build' }),
      ).toBeDisabled(),
    );
    expect(
      screen.getByText(
        'You are not allowed to start builds of this component (permission openchoreo.build.run.create on component:default/greeter-service)',
      ),
    ).toBeInTheDocument();
    expect(permissions.asked).toContainEqual({
      permission: 'openchoreo.build.run.create',
      resourceRef: ENTITY_REF,
    });
    // Reading is still allowed: no hint about hidden builds.
    expect(screen.queryByTestId('runs-hidden')).not.toBeInTheDocument();
  });

  it('enables Start build when run.create is allowed on the entity', async () => {
    const permissions = mockPermissionApi();
    render(mockBuildApi(), '/', permissions);
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Start build' })).toBeEnabled(),
    );
    expect(screen.queryByText(/You are not allowed/)).not.toBeInTheDocument();
    expect(permissions.asked).toContainEqual({
      permission: 'openchoreo.build.run.create',
      resourceRef: ENTITY_REF,
    });
  });

  it('keeps Start build disabled while the permission is being checked, and says so', async () => {
    render(mockBuildApi(), '/', pendingPermissionApi());
    await screen.findByText('No builds yet');
    expect(screen.getByRole('button', { name: 'Start build' })).toBeDisabled();
    expect(screen.getByText('Checking your permissions…')).toBeInTheDocument();
  });

  it('says why the list is empty when run.read is denied on the entity', async () => {
    render(mockBuildApi(), '/', denyOnEntity('openchoreo.build.run.read'));
    expect(await screen.findByTestId('runs-hidden')).toHaveTextContent(
      'You are not allowed to see the builds of this component (permission openchoreo.build.run.read on component:default/greeter-service)',
    );
    expect(screen.getByText('No builds yet')).toBeInTheDocument();
  });

  it("starts a build with defaults from the Component's spec.workflow and shows it at once", async () => {
    const started = runSummary({
      name: 'greeter-service-workflow-started1',
      status: 'Pending',
      createdAt: '2026-03-01T00:00:00Z',
    });
    const api = mockBuildApi({
      listRuns: jest.fn(async () => ({ items: [runSummary()] })),
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
      createRun: jest.fn(async () => started),
    });
    render(api);
    await screen.findByTestId('run-row-greeter-service-workflow-0000aaaa');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Start build' })).toBeEnabled(),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Start build' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Start a build of greeter-service',
    });
    // The parameters form's field (rjsf id of `docker.filePath`), filled from spec.workflow.
    await waitFor(() =>
      expect(dialog.querySelector('#parameters_docker_filePath')).toHaveValue(
        '/service-go-greeter/Dockerfile',
      ),
    );
    expect(api.getComponent).toHaveBeenCalledWith(
      'default',
      'default',
      'greeter-service',
    );
    expect(api.listComponentWorkflows).toHaveBeenCalledWith(
      'default',
      'default',
      'greeter-service',
    );
    // Not from the latest run, whose values may differ from the component's (e.g. a failed experiment).
    expect(api.getRun).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start build' }),
    );
    expect(await screen.findByText(/started \(Pending\)/)).toBeInTheDocument();
    expect(api.createRun).toHaveBeenCalledWith({
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
      workflow: 'docker',
    });
    const row = await screen.findByTestId(
      'run-row-greeter-service-workflow-started1',
    );
    expect(within(row).getByText('Pending')).toBeInTheDocument();
    // The event of the same run updates it rather than adding it twice.
    act(() =>
      api.emit({
        type: 'modified',
        namespace: 'default',
        run: { ...started, status: 'Running' },
      }),
    );
    expect(await within(row).findByText('Running')).toBeInTheDocument();
    expect(
      screen.getAllByTestId('run-row-greeter-service-workflow-started1'),
    ).toHaveLength(1);
  });

  it('opens the run page below the tab', async () => {
    const api = mockBuildApi({ getRun: jest.fn(async () => runDetail()) });
    render(api, '/runs/default/greeter-service-workflow-0000aaaa');
    expect(
      await screen.findByRole('heading', {
        name: 'Build greeter-service-workflow-0000aaaa',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /All builds of greeter-service/ }),
    ).toHaveAttribute('href', TAB);
  });
});
