import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  OpenChoreoBuildPlanesPage,
  OpenChoreoBuildsPage,
  OpenChoreoHolosPlansPage,
  OpenChoreoWorkflowsPage,
  isHolosPlanAvailable,
  isOpenChoreoBuildAvailable,
  openchoreoBuildPlugin,
} from './plugin';
import { openChoreoBuildApiRef } from './api';
import {
  buildPlanesRouteRef,
  holosRouteRef,
  rootRouteRef,
  workflowsRouteRef,
} from './routes';
import { mockBuildApi, runSummary } from './testUtils/mockApi';

const api = mockBuildApi({
  listRuns: jest.fn(async () => ({ items: [runSummary()] })),
});

describe('openchoreo-build plugin (legacy frontend system)', () => {
  it('is the openchoreo-build plugin', () => {
    expect(openchoreoBuildPlugin.getId()).toBe('openchoreo-build');
  });

  it('renders the routable Builds page', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [openChoreoBuildApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <Routes>
          <Route path="/builds/*" element={<OpenChoreoBuildsPage />} />
        </Routes>
      </TestApiProvider>,
      { mountedRoutes: { '/builds': rootRouteRef }, routeEntries: ['/builds'] },
    );
    expect(
      await screen.findByRole('heading', { name: 'Builds', level: 1 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', {
        name: 'greeter-service-workflow-0000aaaa',
      }),
    ).toHaveAttribute(
      'href',
      '/builds/runs/default/greeter-service-workflow-0000aaaa',
    );
  });

  it('renders the routable Build planes page', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [openChoreoBuildApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <Routes>
          <Route path="/build-planes" element={<OpenChoreoBuildPlanesPage />} />
        </Routes>
      </TestApiProvider>,
      {
        mountedRoutes: { '/build-planes': buildPlanesRouteRef },
        routeEntries: ['/build-planes'],
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'Build planes', level: 1 }),
    ).toBeInTheDocument();
  });

  it('renders the routable Workflows page', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [openChoreoBuildApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <Routes>
          <Route path="/workflows" element={<OpenChoreoWorkflowsPage />} />
        </Routes>
      </TestApiProvider>,
      {
        mountedRoutes: { '/workflows': workflowsRouteRef },
        routeEntries: ['/workflows'],
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'Workflows', level: 1 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('No workflows')).toBeInTheDocument();
  });

  it('renders the routable Render plans page', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [openChoreoBuildApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <Routes>
          <Route path="/holos" element={<OpenChoreoHolosPlansPage />} />
        </Routes>
      </TestApiProvider>,
      {
        mountedRoutes: { '/holos': holosRouteRef },
        routeEntries: ['/holos'],
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'Render plans', level: 1 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Upload file' }),
    ).toBeInTheDocument();
  });

  it('offers the Render plan tab only to entities with the holos.run/buildplans annotation', () => {
    const entity = (annotations?: Record<string, string>) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'platform', annotations },
    });
    expect(
      isHolosPlanAvailable(entity({ 'holos.run/buildplans': 'plans.yaml' })),
    ).toBe(true);
    expect(isHolosPlanAvailable(entity({ 'holos.run/buildplans': ' ' }))).toBe(
      false,
    );
    expect(isHolosPlanAvailable(entity({}))).toBe(false);
    expect(isHolosPlanAvailable(entity())).toBe(false);
  });

  it('offers the Builds tab only on annotated Components', () => {
    const annotations = {
      'openchoreo.io/namespace': 'default',
      'openchoreo.io/project': 'default',
      'openchoreo.io/component': 'greeter-service',
    };
    const entity = (kind: string, a: Record<string, string>) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name: 'x', annotations: a },
    });
    expect(isOpenChoreoBuildAvailable(entity('Component', annotations))).toBe(
      true,
    );
    expect(isOpenChoreoBuildAvailable(entity('API', annotations))).toBe(false);
    const { ['openchoreo.io/project']: _, ...withoutProject } = annotations;
    expect(
      isOpenChoreoBuildAvailable(entity('Component', withoutProject)),
    ).toBe(false);
  });
});
