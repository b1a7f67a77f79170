import type { RunLogLine } from '@openchoreo-build/plugin-openchoreo-build-common';
import { timestampKey } from './logLines';
import type { ArchivedLogEntry } from './observerArchive';
import {
  MAIN_CONTAINER,
  readRunArchive,
  type RunArchiveSource,
} from './runArchive';
import { PARTIAL_RECORD_BYTES } from './StepArchive';

/** Thrown inside a read when the consumer has enough lines. */
class Enough extends Error {}

/** How a whole-run read ended. */
export interface RunLogReadResult {
  /** Every archived line was read (the consumer did not stop early, the entry cap was not hit). */
  complete: boolean;
  /** The archive holds more than `maxEntries` entries; later lines are missing. */
  archiveTruncated: boolean;
}

/**
 * The whole-run log: every `main` line of every pod of the run, in time order, numbered from 0,
 * tagged with the pod's UID (the id of its step in an archived run). Records a container runtime
 * split (see {@link PARTIAL_RECORD_BYTES}) are joined per pod. `onLines` gets the lines of each
 * observer page (awaited: a slow consumer pauses the reading) and answers false to stop.
 */
export async function readRunLog(
  source: RunArchiveSource,
  onLines: (lines: RunLogLine[]) => Promise<boolean> | boolean,
  signal?: AbortSignal,
): Promise<RunLogReadResult> {
  const fragments = new Map<string, ArchivedLogEntry[]>();
  let n = 0;
  const stop = new Enough();
  let batch: RunLogLine[] = [];
  const emit = (parts: ArchivedLogEntry[]) => {
    const first = parts[0];
    const text =
      parts.length === 1 ? first.log : parts.map(part => part.log).join('');
    batch.push(
      timestampKey(first.timestamp)
        ? { n, ts: first.timestamp, text, step: first.podId! }
        : { n, text, step: first.podId! },
    );
    n += 1;
  };
  const flush = async () => {
    const lines = batch;
    batch = [];
    if (lines.length > 0 && !(await onLines(lines))) throw stop;
  };
  try {
    const { truncated } = await readRunArchive(
      source,
      async entries => {
        for (const entry of entries) {
          if (entry.containerName !== MAIN_CONTAINER) continue;
          const pod = entry.podId!;
          const pending = fragments.get(pod) ?? [];
          pending.push(entry);
          if (entry.partial) {
            fragments.set(pod, pending);
            continue;
          }
          fragments.delete(pod);
          emit(pending);
        }
        await flush();
      },
      signal,
    );
    // Partial records left at the end are lines of their own.
    for (const pending of fragments.values()) emit(pending);
    await flush();
    return { complete: !truncated, archiveTruncated: truncated };
  } catch (error) {
    if (error !== stop) throw error;
    return { complete: false, archiveTruncated: false };
  }
}
