import { discoveryApiRef, fetchApiRef, useApi } from '@backstage/core-plugin-api';
import type { StepLogSource } from '@openchoreo-build/plugin-openchoreo-build-common';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LogStore } from './logStore';
import { startLogStream, type LogStreamState } from './logStream';

const enc = encodeURIComponent;

/** `…/runs/:ns/:name/steps/:step/logs` under the plugin's backend base URL. */
export function stepLogsUrl(baseUrl: string, namespace: string, runName: string, step: string): string {
  return `${baseUrl}/runs/${enc(namespace)}/${enc(runName)}/steps/${enc(step)}/logs`;
}

const frame: (callback: () => void) => void =
  typeof requestAnimationFrame === 'function' ? cb => requestAnimationFrame(() => cb()) : cb => setTimeout(cb, 16);

export interface StepLogStreamState {
  store: LogStore;
  /** Changes when lines arrive (at most once per animation frame). */
  version: number;
  state: LogStreamState;
  source?: StepLogSource;
  waiting?: string;
  error?: { message: string; fatal: boolean };
  /** Downloads the whole log (`?download=1` through fetchApi) as a file. */
  download(): Promise<void>;
}

/**
 * Streams one step's log into a {@link LogStore}, reconnecting by itself (Last-Event-ID), with
 * React updates batched per animation frame.
 */
export function useStepLogStream(namespace: string, runName: string, step: string): StepLogStreamState {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const store = useMemo(() => new LogStore(), [namespace, runName, step]); // eslint-disable-line react-hooks/exhaustive-deps
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<LogStreamState>('connecting');
  const [source, setSource] = useState<StepLogSource>();
  const [waiting, setWaiting] = useState<string>();
  const [error, setError] = useState<{ message: string; fatal: boolean }>();
  const scheduled = useRef(false);

  useEffect(() => {
    let active = true;
    setSource(undefined);
    setWaiting(undefined);
    setError(undefined);
    const bump = () => {
      if (scheduled.current) return;
      scheduled.current = true;
      frame(() => {
        scheduled.current = false;
        if (active) setVersion(store.version);
      });
    };
    const handle = startLogStream({
      url: async () => stepLogsUrl(await discoveryApi.getBaseUrl('openchoreo-build'), namespace, runName, step),
      fetch: (input, init) => fetchApi.fetch(input, init),
      onLines: lines => {
        if (store.append(lines)) bump();
        setWaiting(undefined);
      },
      onSource: value => {
        setSource(value);
        setWaiting(undefined);
      },
      onWaiting: message => setWaiting(message),
      onError: value => setError({ message: value.message, fatal: value.fatal }),
      onStateChange: value => {
        if (!active) return;
        setState(value);
        if (value === 'open') setError(prev => (prev && !prev.fatal ? undefined : prev));
      },
    });
    return () => {
      active = false;
      handle.close();
    };
  }, [discoveryApi, fetchApi, namespace, runName, step, store]);

  const download = useCallback(async () => {
    const url = `${stepLogsUrl(await discoveryApi.getBaseUrl('openchoreo-build'), namespace, runName, step)}?download=1`;
    const response = await fetchApi.fetch(url);
    if (!response.ok) {
      setError({ message: `Download failed: HTTP ${response.status}`, fatal: false });
      return;
    }
    const blob = await response.blob();
    const href = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = href;
    link.download = `${runName}-${step}.log`;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }, [discoveryApi, fetchApi, namespace, runName, step]);

  return { store, version, state, source, waiting, error, download };
}
