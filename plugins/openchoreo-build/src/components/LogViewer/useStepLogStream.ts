import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { StepLogSource } from '@openchoreo-build/plugin-openchoreo-build-common';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  openChoreoBuildApiRef,
  type LogStreamState,
  type StepLogStreamError,
} from '../../api';
import { errorStatus } from '../../api/fieldErrors';
import { openchoreoBuildTranslationRef } from '../../translation';
import { LogStore } from './logStore';

const frame: (callback: () => void) => void =
  typeof requestAnimationFrame === 'function'
    ? cb => requestAnimationFrame(() => cb())
    : cb => setTimeout(cb, 16);

/** How long a downloaded file's object URL stays valid: the browser has started saving it by then. */
const DOWNLOAD_URL_LIFETIME_MS = 10_000;

/** Saves `blob` as a file named `filename` through a temporary link (the browser's download). */
export function saveAs(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  document.body.removeChild(link);
  setTimeout(() => URL.revokeObjectURL(href), DOWNLOAD_URL_LIFETIME_MS);
}

export interface StepLogStreamState {
  store: LogStore;
  /** Changes when lines arrive (at most once per animation frame). */
  version: number;
  state: LogStreamState;
  source?: StepLogSource;
  waiting?: string;
  error?: { message: string; fatal: boolean };
  /** Downloads the whole log (`?download=1`) as a file. */
  download(): Promise<void>;
}

/**
 * Streams one step's log into a {@link LogStore} through `OpenChoreoBuildApi.streamStepLog`
 * (which reconnects by itself with Last-Event-ID), with React updates batched per animation frame.
 */
export function useStepLogStream(
  namespace: string,
  runName: string,
  step: string,
): StepLogStreamState {
  const api = useApi(openChoreoBuildApiRef);
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const store = useMemo(() => new LogStore(), [namespace, runName, step]); // eslint-disable-line react-hooks/exhaustive-deps
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<LogStreamState>('connecting');
  const [source, setSource] = useState<StepLogSource>();
  const [waiting, setWaiting] = useState<string>();
  // The stream's own problem as reported (an HTTP answer may have no message: told at render).
  const [error, setError] = useState<StepLogStreamError>();
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
    const subscription = api.streamStepLog(
      { namespace, runName, step },
      {
        onLines: lines => {
          if (store.append(lines)) bump();
          setWaiting(undefined);
        },
        onSource: value => {
          setSource(value);
          setWaiting(undefined);
        },
        onWaiting: message => setWaiting(message),
        onError: value => setError(value),
        onStateChange: value => {
          if (!active) return;
          setState(value);
          if (value === 'open')
            setError(prev => (prev && !prev.fatal ? undefined : prev));
        },
      },
    );
    return () => {
      active = false;
      subscription.close();
    };
  }, [api, namespace, runName, step, store]);

  const download = useCallback(async () => {
    try {
      saveAs(
        await api.downloadStepLog({ namespace, runName, step }),
        `${runName}-${step}.log`,
      );
    } catch (e) {
      const status = errorStatus(e);
      setError({
        message: t('logViewer.downloadFailed', {
          // Without an HTTP answer the error is the browser's (e.g. "Failed to fetch"): not shown.
          reason: status ? `HTTP ${status}` : t('logViewer.downloadNoAnswer'),
        }),
        fatal: false,
      });
    }
  }, [api, namespace, runName, step, t]);

  const shownError = useMemo(
    () =>
      error && {
        message:
          error.message ??
          t('logViewer.streamRefused', { status: String(error.status ?? '') }),
        fatal: error.fatal,
      },
    [error, t],
  );

  return {
    store,
    version,
    state,
    source,
    waiting,
    error: shownError,
    download,
  };
}
