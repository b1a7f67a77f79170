import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/*
 * Route refs of both frontend systems: created with core-plugin-api and converted for the new
 * frontend system with `convertLegacyRouteRefs` (which handles sub-route refs too) at the end.
 */

/** The path of the Runs tab below the Builds page, and of run pages below the entity tab. */
export const RUNS_PATH = 'runs';

/**
 * The tabs of the Builds page, relative to it: the same in both frontend systems (the legacy
 * page's `RoutedTabs`, the new system's sub-pages), so links and bookmarks are too.
 */
export const BUILDS_TAB_PATHS = {
  runs: RUNS_PATH,
  buildPlanes: 'build-planes',
  workflows: 'workflows',
  renderPlans: 'render-plans',
} as const;

/** A run page's path below the list of runs it belongs to. */
export const RUN_PATH = ':namespace/:name';

/** The Builds page (one sidebar entry; its tabs are the four refs below). */
export const rootRouteRef = createRouteRef({ id: 'openchoreo-build' });

/** The Runs tab of the Builds page: every run of the configured organizations. */
export const runsRouteRef = createRouteRef({ id: 'openchoreo-build:runs' });

/** The Build planes tab of the Builds page, for platform engineers. */
export const buildPlanesRouteRef = createRouteRef({
  id: 'openchoreo-build:build-planes',
});

/** The Workflows tab: ComponentWorkflows with their parameters and required secrets. */
export const workflowsRouteRef = createRouteRef({
  id: 'openchoreo-build:workflows',
});

/** The Render plans tab: paste or upload Holos BuildPlans, validate them and see their pipelines. */
export const holosRouteRef = createRouteRef({
  id: 'openchoreo-build:holos',
});

/**
 * One run's page below the Builds page (`<builds>/runs/:namespace/:name`, inside the Runs tab).
 * Its parent is the page rather than the Runs tab because a legacy app mounts only the page: the
 * tabs are inside it, where the legacy route collector does not look.
 */
export const runRouteRef = createSubRouteRef({
  id: 'openchoreo-build:run',
  parent: rootRouteRef,
  path: `/${RUNS_PATH}/${RUN_PATH}`,
});

/** The Builds tab of a catalog entity (the entity page decides where it is mounted). */
export const entityContentRouteRef = createRouteRef({
  id: 'openchoreo-build:entity-content',
});

/** One run's page below the entity's Builds tab (`<tab>/runs/:namespace/:name`). */
export const entityRunRouteRef = createSubRouteRef({
  id: 'openchoreo-build:entity-run',
  parent: entityContentRouteRef,
  path: `/${RUNS_PATH}/${RUN_PATH}`,
});

// Converting a legacy ref adds the new system's shape to the same object, so every import of these
// refs (components, tests, both plugins) resolves in either system; alpha.tsx converts them again
// only for the new system's types (a no-op at run time).
convertLegacyRouteRefs({
  rootRouteRef,
  runsRouteRef,
  buildPlanesRouteRef,
  workflowsRouteRef,
  holosRouteRef,
  runRouteRef,
  entityContentRouteRef,
  entityRunRouteRef,
});
