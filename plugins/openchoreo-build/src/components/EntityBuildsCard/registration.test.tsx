import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp as renderInNewApp,
} from '@backstage/frontend-test-utils';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp as renderInLegacyApp,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import plugin from '../../alpha';
import { openChoreoBuildApiRef } from '../../api';
import { EntityOpenChoreoBuildsCard } from '../../plugin';
import { entityContentRouteRef } from '../../routes';
import { mockBuildApi, runSummary } from '../../testUtils/mockApi';
import { mockPermissionApi } from '../../__testUtils__/mockPermissions';

const RUN = 'greeter-service-workflow-0000aaaa';
const OVERVIEW = '/catalog/default/component/greeter-service';
const TAB = `${OVERVIEW}/openchoreo-builds`;

const component = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'greeter-service', annotations },
  spec: { type: 'service', owner: 'team', lifecycle: 'production' },
});
const annotated = component({
  'openchoreo.io/namespace': 'default',
  'openchoreo.io/project': 'default',
  'openchoreo.io/component': 'greeter-service',
});

const api = () =>
  mockBuildApi({ listRuns: jest.fn(async () => ({ items: [runSummary()] })) });

describe('the builds card, as each frontend system registers it', () => {
  const extension = plugin.getExtension(
    'entity-card:openchoreo-build/builds-overview',
  );

  it('is an entity content card offered only to annotated Components (new frontend system)', () => {
    const tester = createExtensionTester(extension);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated)).toBe(true);
    expect(filter(component({}))).toBe(false);
    expect(filter({ ...annotated, kind: 'API' })).toBe(false);
  });

  it('renders the card from its loader (new frontend system)', async () => {
    const element = createExtensionTester(extension).get(
      coreExtensionData.reactElement,
    );
    await renderInNewApp(
      <EntityProvider entity={annotated}>{element}</EntityProvider>,
      {
        apis: [[openChoreoBuildApiRef, api()], mockPermissionApi()],
        initialRouteEntries: [OVERVIEW],
        mountPath: OVERVIEW,
      },
    );
    const latest = await screen.findByTestId('latest-build');
    expect(within(latest).getByText(RUN)).toBeInTheDocument();
  });

  it('links into the Builds tab from the Overview (legacy frontend system)', async () => {
    await renderInLegacyApp(
      <TestApiProvider
        apis={[
          [openChoreoBuildApiRef, api()],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider entity={annotated}>
          <EntityOpenChoreoBuildsCard />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: { [TAB]: entityContentRouteRef },
        routeEntries: [OVERVIEW],
      },
    );
    const latest = await screen.findByTestId('latest-build');
    expect(within(latest).getByRole('link', { name: RUN })).toHaveAttribute(
      'href',
      `${TAB}/runs/default/${RUN}`,
    );
    expect(
      screen.getByRole('link', { name: 'View all builds' }),
    ).toHaveAttribute('href', TAB);
  });
});
