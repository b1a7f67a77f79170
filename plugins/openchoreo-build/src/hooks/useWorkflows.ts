import { useApi } from '@backstage/core-plugin-api';
import type {
  ComponentWorkflowListResponse,
  OpenChoreoComponentRef,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { openChoreoBuildApiRef } from '../api';
import { useRefreshable, type AsyncState } from './useRefreshable';

/**
 * The ComponentWorkflows of one namespace (or all configured), with schemas and secret readiness:
 * the platform's Workflows page (`GET /workflows`, needs `openchoreo.build.workflow.read`).
 */
export function useWorkflows(
  namespace?: string,
): AsyncState<ComponentWorkflowListResponse> {
  const api = useApi(openChoreoBuildApiRef);
  const { value, loading, error, retry } = useRefreshable(
    () => api.listWorkflows({ namespace }),
    [api, namespace],
  );
  return { value, loading, error, retry };
}

/**
 * The workflows one component may be built with, for the Start build form
 * (`GET /components/:ns/:project/:component/workflows`, answered to whoever may start builds of
 * the component). Loads again whenever `enabled` turns true; while disabled nothing is requested.
 */
export function useComponentWorkflows(
  target: OpenChoreoComponentRef,
  enabled = true,
): AsyncState<ComponentWorkflowListResponse> {
  const api = useApi(openChoreoBuildApiRef);
  const { namespace, project, component } = target;
  const { value, loading, error, retry } = useRefreshable<
    ComponentWorkflowListResponse | undefined
  >(
    () =>
      enabled
        ? api.listComponentWorkflows(namespace, project, component)
        : Promise.resolve(undefined),
    [api, namespace, project, component, enabled],
  );
  if (!enabled) return { loading: false, retry };
  return { value, loading, error, retry };
}
