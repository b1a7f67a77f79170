import { useApi } from '@backstage/core-plugin-api';
import type { BuildPermissionsResponse } from '@openchoreo-build/plugin-openchoreo-build-common';
import { openChoreoBuildApiRef } from '../api';
import { useRefreshable, type AsyncState } from './useRefreshable';

/** What the signed-in user may do (start/re-run, cancel), from the backend's permissions route. */
export function useBuildPermissions(): AsyncState<BuildPermissionsResponse> {
  const api = useApi(openChoreoBuildApiRef);
  const { value, loading, error, retry } = useRefreshable(() => api.getPermissions(), [api]);
  return { value, loading, error, retry };
}

/** Why an action is not possible, for a disabled button's tooltip; undefined when allowed. */
export function deniedReason(
  permissions: AsyncState<BuildPermissionsResponse>,
  key: keyof BuildPermissionsResponse,
  action: string,
  permissionName: string,
): string | undefined {
  if (permissions.loading) return 'Checking your permissions…';
  if (permissions.error) {
    return `Could not check whether you may ${action}: ${permissions.error.message}`;
  }
  if (!permissions.value?.[key]) {
    return `You are not allowed to ${action} (permission ${permissionName})`;
  }
  return undefined;
}
