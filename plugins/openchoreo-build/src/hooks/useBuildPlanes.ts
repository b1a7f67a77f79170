import { useApi } from '@backstage/core-plugin-api';
import type { BuildPlaneListResponse } from '@openchoreo-build/plugin-openchoreo-build-common';
import { openChoreoBuildApiRef } from '../api';
import { useRefreshable, type AsyncState } from './useRefreshable';

/** The BuildPlanes of one namespace, or of every configured one. */
export function useBuildPlanes(
  namespace?: string,
): AsyncState<BuildPlaneListResponse> {
  const api = useApi(openChoreoBuildApiRef);
  const { value, loading, error, retry } = useRefreshable(
    () => api.listBuildPlanes({ namespace }),
    [api, namespace],
  );
  return { value, loading, error, retry };
}
