import {
  convertLegacyRouteRefs,
  compatWrapper,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import BuildIcon from '@mui/icons-material/Build';
import DnsIcon from '@mui/icons-material/Dns';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import AltRouteIcon from '@mui/icons-material/AltRoute';
import { OpenChoreoBuildClient, openChoreoBuildApiRef } from './api';
import { isHolosPlanAvailable, isOpenChoreoBuildAvailable } from './plugin';
import {
  buildPlanesRouteRef,
  holosRouteRef,
  rootRouteRef,
  workflowsRouteRef,
} from './routes';

const routes = convertLegacyRouteRefs({
  root: rootRouteRef,
  buildPlanes: buildPlanesRouteRef,
  workflows: workflowsRouteRef,
  holos: holosRouteRef,
});

const openChoreoBuildApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: openChoreoBuildApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OpenChoreoBuildClient(deps),
    }),
});

const buildsPage = PageBlueprint.make({
  params: {
    path: '/openchoreo-builds',
    title: 'Builds',
    icon: <BuildIcon fontSize="inherit" />,
    routeRef: routes.root,
    noHeader: true,
    loader: () =>
      import('./components/BuildsPage').then(m =>
        compatWrapper(<m.BuildsPage />),
      ),
  },
});

const buildPlanesPage = PageBlueprint.make({
  name: 'build-planes',
  params: {
    path: '/openchoreo-build-planes',
    title: 'Build planes',
    icon: <DnsIcon fontSize="inherit" />,
    routeRef: routes.buildPlanes,
    noHeader: true,
    loader: () =>
      import('./components/BuildPlanesPage').then(m =>
        compatWrapper(<m.BuildPlanesPage />),
      ),
  },
});

const workflowsPage = PageBlueprint.make({
  name: 'workflows',
  params: {
    path: '/openchoreo-workflows',
    title: 'Workflows',
    icon: <AccountTreeIcon fontSize="inherit" />,
    routeRef: routes.workflows,
    noHeader: true,
    loader: () =>
      import('./components/WorkflowsPage').then(m =>
        compatWrapper(<m.WorkflowsPage />),
      ),
  },
});

const entityBuildsContent = EntityContentBlueprint.make({
  name: 'builds',
  params: {
    path: '/openchoreo-builds',
    title: 'Builds',
    filter: isOpenChoreoBuildAvailable,
    loader: () =>
      import('./components/EntityBuildsContent').then(m =>
        compatWrapper(<m.EntityBuildsContent />),
      ),
  },
});

const holosPage = PageBlueprint.make({
  name: 'holos',
  params: {
    path: '/openchoreo-holos',
    title: 'Render plans',
    icon: <AltRouteIcon fontSize="inherit" />,
    routeRef: routes.holos,
    noHeader: true,
    loader: () =>
      import('./components/HolosPlans').then(m =>
        compatWrapper(<m.HolosPlansPage />),
      ),
  },
});

const entityHolosContent = EntityContentBlueprint.make({
  name: 'holos',
  params: {
    path: '/holos',
    title: 'Render plan',
    filter: isHolosPlanAvailable,
    loader: () =>
      import('./components/HolosPlans').then(m =>
        compatWrapper(<m.EntityHolosPlanContent />),
      ),
  },
});

/**
 * The OpenChoreo Build plugin for Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'openchoreo-build',
  info: { packageJson: () => import('../package.json') },
  routes,
  extensions: [
    openChoreoBuildApi,
    buildsPage,
    buildPlanesPage,
    workflowsPage,
    entityBuildsContent,
    holosPage,
    entityHolosContent,
  ],
});
