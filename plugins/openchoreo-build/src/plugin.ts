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
import { entityContentRouteRef, rootRouteRef, runRouteRef } from './routes';

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
  // Only what a legacy app mounts (the page and the entity tab), and the run page below the page
  // for other plugins to link to; the tabs are inside the page.
  routes: {
    root: rootRouteRef,
    run: runRouteRef,
    entityContent: entityContentRouteRef,
  },
});

/**
 * The Builds page: mount it at e.g. `<Route path="/openchoreo-builds" …>` in the app's FlatRoutes
 * (its tabs and run pages live below it) and add one sidebar item for it. Its tabs are Runs (`runs`, the landing tab; run pages at
 * `runs/:namespace/:name`), Build planes (`build-planes`), Workflows (`workflows`) and Render plans
 * (`render-plans`).
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
 * The Builds tab content for catalog Components: mount it in an `EntityLayout.Route` (e.g. at
 * `/openchoreo-builds`; run pages live below it) shown when {@link isOpenChoreoBuildAvailable} is
 * true. Without the OpenChoreo annotations it says which ones to add.
 *
 * @public
 */
export const EntityOpenChoreoBuildsContent = openchoreoBuildPlugin.provide(
  createRoutableExtension({
    name: 'EntityOpenChoreoBuildsContent',
    component: () =>
      import('./components/EntityBuildsContent').then(
        m => m.EntityBuildsContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * The builds card for a catalog Component's Overview: the latest build, the last 20 as a status
 * strip with durations and success rate, Start build and a link to the Builds tab. Show it when
 * {@link isOpenChoreoBuildAvailable} is true (e.g. in an `EntitySwitch`); its links go to the
 * Builds tab ({@link EntityOpenChoreoBuildsContent}), else to the Builds page.
 *
 * @public
 */
export const EntityOpenChoreoBuildsCard = openchoreoBuildPlugin.provide(
  createComponentExtension({
    name: 'EntityOpenChoreoBuildsCard',
    component: {
      lazy: () =>
        import('./components/EntityBuildsCard').then(m => m.EntityBuildsCard),
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
