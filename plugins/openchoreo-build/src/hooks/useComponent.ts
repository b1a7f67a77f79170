import { useApi } from '@backstage/core-plugin-api';
import type {
  ComponentDetail,
  OpenChoreoComponentRef,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { openChoreoBuildApiRef } from '../api';
import { useRefreshable, type AsyncState } from './useRefreshable';

/**
 * An OpenChoreo Component with its `spec.workflow` (the defaults of a new run), from
 * `GET /components/:ns/:project/:component`. Loads again whenever `enabled` turns true (e.g. each
 * time a dialog opens, so the defaults are current); while disabled nothing is requested.
 */
export function useComponent(
  target: OpenChoreoComponentRef,
  enabled = true,
): AsyncState<ComponentDetail> {
  const api = useApi(openChoreoBuildApiRef);
  const { namespace, project, component } = target;
  const { value, loading, error, retry } = useRefreshable<
    ComponentDetail | undefined
  >(
    () =>
      enabled
        ? api.getComponent(namespace, project, component)
        : Promise.resolve(undefined),
    [api, namespace, project, component, enabled],
  );
  if (!enabled) return { loading: false, retry };
  return { value, loading, error, retry };
}
