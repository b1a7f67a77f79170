import {
  TestApiProvider,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { openChoreoBuildApiRef, type OpenChoreoBuildApi } from '../api';
import { mockPermissionApi } from '../__testUtils__/mockPermissions';
import {
  TestRunRoutes,
  runRoutesMountedRoutes,
} from '../__testUtils__/runRoutes';
import { MockOpenChoreoBuildApi, runDetail, runSummary } from '.';

describe('MockOpenChoreoBuildApi (the ./testUtils export)', () => {
  it('is an OpenChoreoBuildApi with empty answers and per-method overrides', async () => {
    // Type-level: the mock can stand wherever the API is expected.
    const api: OpenChoreoBuildApi = new MockOpenChoreoBuildApi({
      listRuns: async () => ({ items: [runSummary({ name: 'r1' })] }),
    });
    expect((await api.listRuns()).items.map(r => r.name)).toEqual(['r1']);
    expect(await api.listBuildPlanes()).toEqual({ items: [], warnings: [] });
    expect(await api.listWorkflows()).toEqual({ items: [] });
    expect((await api.getRun('acme', 'r2')).name).toBe('r2');
    await expect(api.checkBuildPlane('acme', 'default')).rejects.toThrow(
      /override checkBuildPlane/,
    );
  });

  it('delivers emitted run events to the open subscriptions of their organization', () => {
    const api = new MockOpenChoreoBuildApi();
    const acme = jest.fn();
    const other = jest.fn();
    api.subscribeToRunEvents({ namespace: 'acme' }, { onRun: acme });
    const closed = api.subscribeToRunEvents({}, { onRun: other });
    closed.close();
    const event = {
      type: 'added' as const,
      namespace: 'acme',
      run: runSummary({ namespace: 'acme' }),
    };
    api.emit(event);
    api.emit({ ...event, namespace: 'default' });
    expect(acme).toHaveBeenCalledTimes(1);
    expect(acme).toHaveBeenCalledWith(event);
    expect(other).not.toHaveBeenCalled();
  });

  it('serves the plugin views in a test app', async () => {
    const api = new MockOpenChoreoBuildApi({
      getRun: async (namespace, name) =>
        runDetail({ namespace, name, status: 'Failed' }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[openChoreoBuildApiRef, api]]}>
        <Routes>
          <Route path="/builds/*" element={<TestRunRoutes />} />
        </Routes>
      </TestApiProvider>,
      {
        apis: [mockPermissionApi()],
        mountedRoutes: runRoutesMountedRoutes,
        initialRouteEntries: ['/builds/runs/acme/greeter-run-1'],
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'Build greeter-run-1' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Organization acme')).toBeInTheDocument();
  });
});
