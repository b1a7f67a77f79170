import {
  convertLegacyRouteRefs,
  compatWrapper,
} from '@backstage/core-compat-api';
import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  PageBlueprint,
  SubPageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import BuildIcon from '@mui/icons-material/Build';
import type { ReactNode } from 'react';
import { OpenChoreoBuildClient, openChoreoBuildApiRef } from './api';
import { isHolosPlanAvailable, isOpenChoreoBuildAvailable } from './plugin';
import {
  BUILDS_TAB_PATHS,
  buildPlanesRouteRef,
  entityContentRouteRef,
  holosRouteRef,
  rootRouteRef,
  runRouteRef,
  runsRouteRef,
  workflowsRouteRef,
} from './routes';

export { openchoreoBuildTranslationRef } from './translation';

const routes = convertLegacyRouteRefs({
  root: rootRouteRef,
  runs: runsRouteRef,
  run: runRouteRef,
  buildPlanes: buildPlanesRouteRef,
  workflows: workflowsRouteRef,
  holos: holosRouteRef,
  entityContent: entityContentRouteRef,
});

/** A sub-page's content below the page header (the page draws the header and the tabs). */
const subPage = (content: ReactNode) =>
  compatWrapper(<Content>{content}</Content>);

const openChoreoBuildApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: openChoreoBuildApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OpenChoreoBuildClient(deps),
    }),
});

/** The one sidebar entry: a header with the four sub-pages below as tabs; lands on the first. */
const buildsPage = PageBlueprint.make({
  params: {
    path: '/openchoreo-builds',
    title: 'Builds',
    icon: <BuildIcon fontSize="inherit" />,
    routeRef: routes.root,
  },
});

const runsSubPage = SubPageBlueprint.make({
  name: 'runs',
  params: {
    path: BUILDS_TAB_PATHS.runs,
    title: 'Runs',
    routeRef: routes.runs,
    loader: () =>
      import('./components/BuildsPage').then(m => subPage(<m.RunsTab />)),
  },
});

const buildPlanesSubPage = SubPageBlueprint.make({
  name: 'build-planes',
  params: {
    path: BUILDS_TAB_PATHS.buildPlanes,
    title: 'Build planes',
    routeRef: routes.buildPlanes,
    loader: () =>
      import('./components/BuildPlanesPage').then(m =>
        subPage(<m.BuildPlanesTab />),
      ),
  },
});

const workflowsSubPage = SubPageBlueprint.make({
  name: 'workflows',
  params: {
    path: BUILDS_TAB_PATHS.workflows,
    title: 'Workflows',
    routeRef: routes.workflows,
    loader: () =>
      import('./components/WorkflowsPage').then(m =>
        subPage(<m.WorkflowsTab />),
      ),
  },
});

const renderPlansSubPage = SubPageBlueprint.make({
  name: 'render-plans',
  params: {
    path: BUILDS_TAB_PATHS.renderPlans,
    title: 'Render plans',
    routeRef: routes.holos,
    loader: () =>
      import('./components/HolosPlans').then(m =>
        subPage(<m.RenderPlansTab />),
      ),
  },
});

const entityBuildsContent = EntityContentBlueprint.make({
  name: 'builds',
  params: {
    path: '/openchoreo-builds',
    title: 'Builds',
    routeRef: routes.entityContent,
    filter: isOpenChoreoBuildAvailable,
    loader: () =>
      import('./components/EntityBuildsContent').then(m =>
        compatWrapper(<m.EntityBuildsContent />),
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

/** The builds card of the entity Overview (latest build, status strip, Start build). */
const entityBuildsOverviewCard = EntityCardBlueprint.make({
  name: 'builds-overview',
  params: {
    type: 'content',
    filter: isOpenChoreoBuildAvailable,
    loader: () =>
      import('./components/EntityBuildsCard').then(m =>
        compatWrapper(<m.EntityBuildsCard />),
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
    runsSubPage,
    buildPlanesSubPage,
    workflowsSubPage,
    renderPlansSubPage,
    entityBuildsContent,
    entityBuildsOverviewCard,
    entityHolosContent,
  ],
});
