import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import {
  EntityHolosPlanContent,
  EntityOpenChoreoBuildsContent,
  OpenChoreoBuildsPage,
  isHolosPlanAvailable,
  isOpenChoreoBuildAvailable,
  openchoreoBuildPlugin,
} from './plugin';
import { openChoreoBuildApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';
import { mockBuildApi, runSummary } from './testUtils/mockApi';

const RUN = 'greeter-service-workflow-0000aaaa';

const api = mockBuildApi({
  listRuns: jest.fn(async () => ({ items: [runSummary()] })),
});

const Apis = ({ children }: { children: ReactNode }) => (
  <TestApiProvider
    apis={[
      [openChoreoBuildApiRef, api],
      [permissionApiRef, mockApis.permission()],
    ]}
  >
    {children}
  </TestApiProvider>
);

/*
 * The legacy route collector reads the `path` of the Route around a routable extension; a test's
 * `/*` would end up in the resolved links (an app's FlatRoutes adds it for matching only). These
 * wrappers hide the extensions from the collector: `mountedRoutes` says where they are mounted.
 */
const BuildsPage = () => <OpenChoreoBuildsPage />;

/** The Builds page as a legacy app mounts it (`<Route path="/builds">` in FlatRoutes). */
const renderPage = (route: string) =>
  renderInTestApp(
    <Apis>
      <Routes>
        <Route path="/builds/*" element={<BuildsPage />} />
      </Routes>
    </Apis>,
    { mountedRoutes: { '/builds': rootRouteRef }, routeEntries: [route] },
  );

const greeterComponent = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'greeter-service', annotations },
});

/** The entity tab as a legacy entity page mounts it (EntityLayout.Route at /openchoreo-builds). */
const TAB = '/catalog/default/component/greeter-service/openchoreo-builds';
const renderEntityTab = (
  annotations: Record<string, string>,
  Content: () => JSX.Element = () => <EntityOpenChoreoBuildsContent />,
) =>
  renderInTestApp(
    <Apis>
      <EntityProvider entity={greeterComponent(annotations)}>
        <Routes>
          <Route path={`${TAB}/*`} element={<Content />} />
        </Routes>
      </EntityProvider>
    </Apis>,
    {
      mountedRoutes: { [TAB]: entityContentRouteRef },
      routeEntries: [TAB],
    },
  );

describe('openchoreo-build plugin (legacy frontend system)', () => {
  it('is the openchoreo-build plugin', () => {
    expect(openchoreoBuildPlugin.getId()).toBe('openchoreo-build');
  });

  it('renders the Builds page with four tabs, landing on Runs, with run links through the run route ref', async () => {
    await renderPage('/builds');
    expect(
      await screen.findByRole('heading', { name: 'Builds', level: 1 }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: RUN })).toHaveAttribute(
      'href',
      `/builds/runs/default/${RUN}`,
    );
    expect(screen.getByRole('tab', { name: 'Runs' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      screen.getAllByRole('tab').map(tab => tab.getAttribute('href')),
    ).toEqual([
      '/builds/runs',
      '/builds/build-planes',
      '/builds/workflows',
      '/builds/render-plans',
    ]);
  });

  it('serves run pages below the Runs tab, with a back link to the page', async () => {
    await renderPage(`/builds/runs/default/${RUN}`);
    expect(
      await screen.findByRole('heading', { name: `Build ${RUN}` }),
    ).toBeInTheDocument();
    // The run page's breadcrumbs: Builds › the run's organization › the run.
    const crumbs = screen.getByTestId('run-breadcrumbs');
    expect(
      within(crumbs).getByRole('link', { name: 'Builds' }),
    ).toHaveAttribute('href', '/builds');
    expect(
      within(crumbs).getByRole('link', { name: 'Organization default' }),
    ).toHaveAttribute('href', '/builds?namespace=default');
  });

  it.each([
    ['build-planes', 'Build planes', 'No build planes'],
    ['workflows', 'Workflows', 'No workflows'],
    ['render-plans', 'Render plans', 'Upload file'],
  ])('renders the %s tab', async (path, tab, content) => {
    await renderPage(`/builds/${path}`);
    expect(await screen.findByText(content)).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: tab })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('mounts the entity Builds tab on its route ref: run links go below the tab', async () => {
    await renderEntityTab({
      'openchoreo.io/namespace': 'default',
      'openchoreo.io/project': 'default',
      'openchoreo.io/component': 'greeter-service',
    });
    const row = await screen.findByTestId(`run-row-${RUN}`);
    expect(within(row).getByRole('link', { name: RUN })).toHaveAttribute(
      'href',
      `${TAB}/runs/default/${RUN}`,
    );
  });

  it('shows the missing-annotation state when an app mounts the tabs without their filters', async () => {
    await renderEntityTab({});
    expect(
      (await screen.findAllByText(/openchoreo\.io\/component/)).length,
    ).toBeGreaterThan(0);
    await renderEntityTab({}, () => <EntityHolosPlanContent />);
    expect(
      (await screen.findAllByText(/holos\.run\/buildplans/)).length,
    ).toBeGreaterThan(0);
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
