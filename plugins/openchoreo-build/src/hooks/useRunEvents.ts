import { useApi } from '@backstage/core-plugin-api';
import type { RunEvent } from '@openchoreo-build/plugin-openchoreo-build-common';
import { useEffect, useRef, useState } from 'react';
import { openChoreoBuildApiRef, type RunEventStreamState } from '../api';

/** Callbacks of {@link useRunEvents}. */
export interface RunEventCallbacks {
  onRun(event: RunEvent): void;
  /** Events may have been missed (the stream could not resume): reload. */
  onReset?(): void;
}

/**
 * Subscribes to the backend's live run events (`GET /events`) for one namespace, or for every
 * configured one when `namespace` is undefined; `enabled: false` keeps it closed. Returns the
 * connection state for a "live" indicator.
 */
export function useRunEvents(
  namespace: string | undefined,
  callbacks: RunEventCallbacks,
  enabled = true,
): { state: RunEventStreamState; error?: Error } {
  const api = useApi(openChoreoBuildApiRef);
  const callbacksRef = useRef(callbacks);
  callbacksRef.current = callbacks;
  const [status, setStatus] = useState<{
    state: RunEventStreamState;
    error?: Error;
  }>({
    state: 'connecting',
  });

  useEffect(() => {
    if (!enabled) {
      setStatus({ state: 'closed' });
      return undefined;
    }
    let readyOnce = false;
    const subscription = api.subscribeToRunEvents(
      { namespace },
      {
        onRun: event => callbacksRef.current.onRun(event),
        onReady: () => {
          // A reconnect resumes from Last-Event-ID; the first ready needs nothing.
          setStatus({ state: 'open' });
          if (readyOnce) callbacksRef.current.onReset?.();
          readyOnce = true;
        },
        onReset: () => callbacksRef.current.onReset?.(),
        onStateChange: (state, error) =>
          setStatus(previous =>
            // "open" is reported once the server's ready event arrives.
            state === 'open' ? previous : { state, error },
          ),
      },
    );
    return () => subscription.close();
  }, [api, namespace, enabled]);

  return status;
}
