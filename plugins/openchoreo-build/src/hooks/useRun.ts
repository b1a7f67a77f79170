import { useApi } from '@backstage/core-plugin-api';
import {
  isTerminalRunStatus,
  type RunDetail,
  type RunEvent,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { useCallback, useEffect } from 'react';
import { openChoreoBuildApiRef, type RunEventStreamState } from '../api';
import { useRefreshable, type AsyncState } from './useRefreshable';
import { useRunEvents } from './useRunEvents';

/** While a run is active its steps change in the build plane without a run event: poll them. */
export const ACTIVE_RUN_POLL_MS = 4000;

/**
 * One run with its conditions and steps, refreshed when `/events` reports a change to it and,
 * while it is still going, every few seconds (steps live in the build plane).
 */
export function useRun(
  namespace: string,
  name: string,
): AsyncState<RunDetail> & {
  refresh: () => void;
  live: { state: RunEventStreamState; error?: Error };
} {
  const api = useApi(openChoreoBuildApiRef);
  const state = useRefreshable(
    () => api.getRun(namespace, name),
    [api, namespace, name],
  );
  const { refresh } = state;

  const onRun = useCallback(
    (event: RunEvent) => {
      if (event.run.name === name && event.run.namespace === namespace)
        refresh();
    },
    [name, namespace, refresh],
  );
  const live = useRunEvents(
    namespace,
    { onRun, onReset: refresh },
    !state.error,
  );

  const active = state.value ? !isTerminalRunStatus(state.value.status) : false;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(refresh, ACTIVE_RUN_POLL_MS);
    return () => clearInterval(timer);
  }, [active, refresh]);

  return { ...state, live };
}
