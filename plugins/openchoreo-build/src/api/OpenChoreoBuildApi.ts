import { createApiRef } from '@backstage/core-plugin-api';

/** What the backend's health route answers. */
export interface BackendHealth {
  status: 'ok';
}

/**
 * The frontend's view of the OpenChoreo Build backend.
 *
 * @public
 */
export interface OpenChoreoBuildApi {
  getHealth(): Promise<BackendHealth>;
}

/**
 * @public
 */
export const openChoreoBuildApiRef = createApiRef<OpenChoreoBuildApi>({
  id: 'plugin.openchoreo-build.service',
});
