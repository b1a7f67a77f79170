import { createRouteRef } from '@backstage/core-plugin-api';

/** The Builds page: every run of the configured organizations. */
export const rootRouteRef = createRouteRef({ id: 'openchoreo-build' });

/** The Build planes page for platform engineers. */
export const buildPlanesRouteRef = createRouteRef({
  id: 'openchoreo-build:build-planes',
});

/** The Workflows page: ComponentWorkflows with their parameters and required secrets. */
export const workflowsRouteRef = createRouteRef({
  id: 'openchoreo-build:workflows',
});

/** The Render plans page: paste or upload Holos BuildPlans, validate them and see their pipelines. */
export const holosRouteRef = createRouteRef({
  id: 'openchoreo-build:holos',
});
