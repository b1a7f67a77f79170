import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  HOLOS_BUILDPLANS_ANNOTATION,
  isOpenChoreoComponent,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { OpenChoreoBuildClient, openChoreoBuildApiRef } from './api';
import {
  buildPlanesRouteRef,
  holosRouteRef,
  rootRouteRef,
  workflowsRouteRef,
} from './routes';

/**
 * The OpenChoreo Build plugin for apps on Backstage's legacy frontend system.
 *
 * @public
 */
export const openchoreoBuildPlugin = createPlugin({
  id: 'openchoreo-build',
  apis: [
    createApiFactory({
      api: openChoreoBuildApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OpenChoreoBuildClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
    buildPlanes: buildPlanesRouteRef,
    workflows: workflowsRouteRef,
    holos: holosRouteRef,
  },
});

/**
 * The Builds page (mount it at e.g. `/openchoreo-builds/*`: run pages live below it).
 *
 * @public
 */
export const OpenChoreoBuildsPage = openchoreoBuildPlugin.provide(
  createRoutableExtension({
    name: 'OpenChoreoBuildsPage',
    component: () => import('./components/BuildsPage').then(m => m.BuildsPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Build planes page (mount it at e.g. `/openchoreo-build-planes`).
 *
 * @public
 */
export const OpenChoreoBuildPlanesPage = openchoreoBuildPlugin.provide(
  createRoutableExtension({
    name: 'OpenChoreoBuildPlanesPage',
    component: () =>
      import('./components/BuildPlanesPage').then(m => m.BuildPlanesPage),
    mountPoint: buildPlanesRouteRef,
  }),
);

/**
 * The Workflows page (mount it at e.g. `/openchoreo-workflows`).
 *
 * @public
 */
export const OpenChoreoWorkflowsPage = openchoreoBuildPlugin.provide(
  createRoutableExtension({
    name: 'OpenChoreoWorkflowsPage',
    component: () =>
      import('./components/WorkflowsPage').then(m => m.WorkflowsPage),
    mountPoint: workflowsRouteRef,
  }),
);

/**
 * The Builds tab content for catalog Components; show it when
 * {@link isOpenChoreoBuildAvailable} is true.
 *
 * @public
 */
export const EntityOpenChoreoBuildsContent = openchoreoBuildPlugin.provide(
  createComponentExtension({
    name: 'EntityOpenChoreoBuildsContent',
    component: {
      lazy: () =>
        import('./components/EntityBuildsContent').then(
          m => m.EntityBuildsContent,
        ),
    },
  }),
);

/**
 * True for catalog Components that carry the OpenChoreo annotations.
 *
 * @public
 */
export const isOpenChoreoBuildAvailable = (entity: Entity): boolean =>
  entity.kind.toLocaleLowerCase('en-US') === 'component' &&
  isOpenChoreoComponent(entity);

/**
 * The Render plans page (mount it at e.g. `/openchoreo-holos`): validate pasted or uploaded Holos
 * BuildPlans and inspect their pipelines and dry run.
 *
 * @public
 */
export const OpenChoreoHolosPlansPage = openchoreoBuildPlugin.provide(
  createRoutableExtension({
    name: 'OpenChoreoHolosPlansPage',
    component: () =>
      import('./components/HolosPlans').then(m => m.HolosPlansPage),
    mountPoint: holosRouteRef,
  }),
);

/**
 * The Render plan tab content for catalog entities with the `holos.run/buildplans` annotation;
 * show it when {@link isHolosPlanAvailable} is true.
 *
 * @public
 */
export const EntityHolosPlanContent = openchoreoBuildPlugin.provide(
  createComponentExtension({
    name: 'EntityHolosPlanContent',
    component: {
      lazy: () =>
        import('./components/HolosPlans').then(m => m.EntityHolosPlanContent),
    },
  }),
);

/**
 * True for catalog entities (of any kind) whose `holos.run/buildplans` annotation names their
 * render plans.
 *
 * @public
 */
export const isHolosPlanAvailable = (entity: Entity): boolean =>
  Boolean(entity.metadata.annotations?.[HOLOS_BUILDPLANS_ANNOTATION]?.trim());
