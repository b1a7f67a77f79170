import type { ObserverTarget } from '../buildplane/observerTarget';
import { timestampKey } from './logLines';
import {
  ArchiveReader,
  MAX_OBSERVER_PAGE_SIZE,
  type ArchivedLogEntry,
} from './observerArchive';

/** The container whose log is a step's log (Argo's `init` and `wait` are its executor's). */
export const MAIN_CONTAINER = 'main';

/**
 * How far before the run's start the archive is searched: the observer's clock and the cluster's
 * may disagree, and a line stamped slightly early must not be missed.
 */
export const ARCHIVE_CLOCK_SKEW_MS = 5 * 60_000;

/** Where a run's archive is and how much of it may be read. */
export interface RunArchiveSource {
  observer: ObserverTarget;
  /** The observer's build id: the Argo Workflow's name (it matches pods named `{name}*`). */
  workflowName: string;
  /** When the run was created or started (the archive is searched from a little before). */
  since?: string;
  timeoutMs: number;
  maxResponseBytes?: number;
  pageSize?: number;
  /** At most this many entries are read; a longer archive is cut (`truncated`). */
  maxEntries: number;
}

/** One pod of a run as its archived lines show it, keyed by the pod's UID (the observer's `podId`). */
export interface ArchivedPod {
  podUid: string;
  /** Timestamps of its first and last line (any container). */
  firstAt: string;
  lastAt: string;
  /** Lines of its `main` container. */
  mainLines: number;
}

export interface RunArchiveScan {
  /** In order of their first line. */
  pods: ArchivedPod[];
  /** The archive held more than `maxEntries` entries: later pods may be missing. */
  truncated: boolean;
}

/** The `startTime` of a run's archive reads. */
export function archiveStartTime(since: string | undefined): string {
  const from = Date.parse(since ?? '');
  return Number.isNaN(from)
    ? '1970-01-01T00:00:00Z'
    : new Date(from - ARCHIVE_CLOCK_SKEW_MS).toISOString();
}

function readerFor(source: RunArchiveSource): ArchiveReader {
  return new ArchiveReader(source.observer, {
    runName: source.workflowName,
    startTime: archiveStartTime(source.since),
    pageSize: Math.min(
      source.pageSize ?? MAX_OBSERVER_PAGE_SIZE,
      MAX_OBSERVER_PAGE_SIZE,
    ),
    timeoutMs: source.timeoutMs,
    maxResponseBytes: source.maxResponseBytes,
  });
}

/** Thrown inside a read to stop it once the entry cap is reached. */
class EnoughEntries extends Error {}

/**
 * Reads the run's archived entries in time order, page by page, and stops after `maxEntries`.
 * Entries without a pod UID cannot be attributed to a step and are skipped.
 */
export async function readRunArchive(
  source: RunArchiveSource,
  onEntries: (entries: ArchivedLogEntry[]) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<{ truncated: boolean }> {
  let left = source.maxEntries;
  const stop = new EnoughEntries();
  try {
    await readerFor(source).read(async entries => {
      const attributed = entries.filter(entry => Boolean(entry.podId));
      const taken =
        attributed.length > left ? attributed.slice(0, left) : attributed;
      left -= taken.length;
      if (taken.length > 0) await onEntries(taken);
      if (left <= 0) throw stop;
    }, signal);
  } catch (error) {
    if (error !== stop) throw error;
    return { truncated: true };
  }
  return { truncated: false };
}

/**
 * Groups a run's archive by pod UID (the observer's `podId`): one group per pod that ran, in the
 * order of its first line. Argo runs each step attempt in its own pod, so a group is one attempt.
 */
export async function scanRunArchive(
  source: RunArchiveSource,
  signal?: AbortSignal,
): Promise<RunArchiveScan> {
  const pods = new Map<string, ArchivedPod & { firstKey: string }>();
  const { truncated } = await readRunArchive(
    source,
    entries => {
      for (const entry of entries) {
        const uid = entry.podId!;
        const key = timestampKey(entry.timestamp);
        let pod = pods.get(uid);
        if (!pod) {
          pod = {
            podUid: uid,
            firstAt: entry.timestamp,
            lastAt: entry.timestamp,
            firstKey: key,
            mainLines: 0,
          };
          pods.set(uid, pod);
        }
        if (key && (!pod.firstKey || key < pod.firstKey)) {
          pod.firstKey = key;
          pod.firstAt = entry.timestamp;
        }
        if (key >= timestampKey(pod.lastAt)) pod.lastAt = entry.timestamp;
        if (entry.containerName === MAIN_CONTAINER) pod.mainLines += 1;
      }
    },
    signal,
  );
  const ordered = [...pods.values()].sort((a, b) => {
    if (a.firstKey === b.firstKey) return 0;
    return a.firstKey < b.firstKey ? -1 : 1;
  });
  return {
    pods: ordered.map(({ firstKey: _firstKey, ...pod }) => pod),
    truncated,
  };
}
