import { useApi } from '@backstage/core-plugin-api';
import type { ComponentWorkflowListResponse } from '@openchoreo-build/plugin-openchoreo-build-common';
import { openChoreoBuildApiRef } from '../api';
import { useRefreshable, type AsyncState } from './useRefreshable';

/** The ComponentWorkflows of one namespace (or all configured), with schemas and secret readiness. */
export function useWorkflows(namespace?: string): AsyncState<ComponentWorkflowListResponse> {
  const api = useApi(openChoreoBuildApiRef);
  const { value, loading, error, retry } = useRefreshable(
    () => api.listWorkflows({ namespace }),
    [api, namespace],
  );
  return { value, loading, error, retry };
}
