import { useApi } from '@backstage/core-plugin-api';
import { isError } from '@backstage/errors';
import type {
  AutoBuildResponse,
  OpenChoreoComponentRef,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { useCallback, useState } from 'react';
import { openChoreoBuildApiRef } from '../../api';
import { useRefreshable, type AsyncState } from '../../hooks/useRefreshable';

export interface AutoBuildState extends AsyncState<AutoBuildResponse> {
  /** A switch is in flight. */
  updating: boolean;
  /** The last switch failed (e.g. 403); `value` is unchanged. */
  updateError?: Error;
  setEnabled(enabled: boolean): Promise<void>;
}

/** Loads a component's auto-build state and switches it (the backend's autobuild route). */
export function useAutoBuild(target: OpenChoreoComponentRef): AutoBuildState {
  const api = useApi(openChoreoBuildApiRef);
  const { namespace, project, component } = target;
  const { value, loading, error, retry, replace } = useRefreshable(
    () => api.getAutoBuild({ namespace, project, component }),
    [api, namespace, project, component],
  );
  const [update, setUpdate] = useState<{ updating: boolean; error?: Error }>({
    updating: false,
  });

  const setEnabled = useCallback(
    async (enabled: boolean) => {
      setUpdate({ updating: true });
      try {
        replace(
          await api.setAutoBuild({ namespace, project, component }, enabled),
        );
        setUpdate({ updating: false });
      } catch (e) {
        setUpdate({
          updating: false,
          error: isError(e) ? e : new Error(String(e)),
        });
      }
    },
    [api, namespace, project, component, replace],
  );

  return {
    value,
    loading,
    error,
    retry,
    updating: update.updating,
    updateError: update.error,
    setEnabled,
  };
}
