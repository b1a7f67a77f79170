import { isError, ServiceUnavailableError } from '@backstage/errors';
import type {
  ApiGeneration,
  RunStep,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { GatewayTimeoutError } from '../errors';

/** Timers for the idle stop, the first-list deadline and the retry backoff (tests drive them by hand). */
export interface InformerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: InformerTimers = {
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    // No informer timer should keep the process alive on its own.
    timer.unref?.();
    return timer;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export interface RunInformerOptions {
  /** How long the watch stays up with no subscriber and no list request. Default 5 minutes. */
  idleMs?: number;
  /** How long a list request waits for the first list of ComponentWorkflowRuns. Default 30 s. */
  syncTimeoutMs?: number;
  /**
   * Liveness deadline of the watch: with no response head, event or bookmark for this long, it is
   * taken as hung (a half-open connection, a stuck proxy) and restarted from the last
   * resourceVersion. Default 150 s: 2.5× the kube-apiserver's bookmark interval (about a minute).
   */
  livenessMs?: number;
  timers?: InformerTimers;
  /** Told of every run the informer sees, changes and disappears (the run record's recorder). */
  observer?: RunInformerObserver;
}

/**
 * What an informer reports beyond its event log: `RunRecorder` (runRecords/) implements it. Called
 * synchronously; it must not throw.
 */
export interface RunInformerObserver {
  onRunChanged(run: RunSummary, extra: { steps?: readonly RunStep[] }): void;
  onRunRemoved(run: RunSummary, options: { ttlAfterCompletion?: string }): void;
  /** After each full list: the runs of that organization and generation that exist now. */
  onRunsListed(
    scope: { namespace: string; generation: ApiGeneration },
    runs: readonly RunSummary[],
  ): void;
}

export const DEFAULT_IDLE_MS = 5 * 60_000;
export const DEFAULT_SYNC_TIMEOUT_MS = 30_000;
export const DEFAULT_LIVENESS_MS = 150_000;

/** Runs per list request (continue tokens page through the rest). */
export const LIST_PAGE_SIZE = 500;
/** First retry delay after a failed list or watch; doubled per failure up to MAX_BACKOFF_MS. */
export const INITIAL_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 30_000;
/**
 * A watch the server closes cleanly after at least this long was a normal expiry (resumed at
 * once); closed sooner, something is wrong and the resume backs off instead of spinning.
 */
export const MIN_HEALTHY_WATCH_MS = 5000;

export interface SyncWaiter {
  resolve(): void;
  reject(error: Error): void;
  deadline?: unknown;
}

/** A failed first list, as a list request sees it: 503/504 naming the control plane. */
export function listFailure(namespace: string, error: unknown): Error {
  if (
    error instanceof GatewayTimeoutError ||
    error instanceof ServiceUnavailableError
  )
    return error;
  return new ServiceUnavailableError(
    `Cannot list the runs of ${namespace} from the control plane: ${
      isError(error) ? error.message : String(error)
    }`,
  );
}
