import { discoveryApiRef, fetchApiRef, useApi } from '@backstage/core-plugin-api';
import type { AutoBuildResponse, OpenChoreoComponentRef } from '@openchoreo-build/plugin-openchoreo-build-common';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { AutoBuildClient } from './autoBuildClient';

export interface AutoBuildState {
  value?: AutoBuildResponse;
  loading: boolean;
  /** Loading failed. */
  error?: Error;
  /** A switch is in flight. */
  updating: boolean;
  /** The last switch failed (e.g. 403); `value` is unchanged. */
  updateError?: Error;
  setEnabled(enabled: boolean): Promise<void>;
  retry(): void;
}

/** Loads a component's auto-build state and switches it (through the backend's autobuild route). */
export function useAutoBuild(target: OpenChoreoComponentRef, client?: AutoBuildClient): AutoBuildState {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const api = useMemo(() => client ?? new AutoBuildClient({ discoveryApi, fetchApi }), [client, discoveryApi, fetchApi]);
  const { namespace, project, component } = target;
  const [value, setValue] = useState<AutoBuildResponse>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const [updating, setUpdating] = useState(false);
  const [updateError, setUpdateError] = useState<Error>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(undefined);
    api
      .get({ namespace, project, component })
      .then(result => {
        if (!cancelled) setValue(result);
      })
      .catch(e => {
        if (!cancelled) setError(e as Error);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [api, namespace, project, component, attempt]);

  const setEnabled = useCallback(
    async (enabled: boolean) => {
      setUpdating(true);
      setUpdateError(undefined);
      try {
        setValue(await api.set({ namespace, project, component }, enabled));
      } catch (e) {
        setUpdateError(e as Error);
      } finally {
        setUpdating(false);
      }
    },
    [api, namespace, project, component],
  );

  return { value, loading, error, updating, updateError, setEnabled, retry: () => setAttempt(a => a + 1) };
}
