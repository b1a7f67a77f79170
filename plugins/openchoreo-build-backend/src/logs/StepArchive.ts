import { ServiceUnavailableError } from '@backstage/errors';
import type { LineFilter } from './dedup';
import { timestampKey, type LineColumns } from './logLines';
import { ArchiveReader, type ArchivedLogEntry } from './observerArchive';
import { podMatchesStep, type StepLocator } from './stepLocator';

/** Archived lines asked for per observer request. */
const DEFAULT_ARCHIVE_PAGE_SIZE = 5000;

/**
 * How far before the step's start the archive is searched: the observer's clock and the
 * cluster's may disagree, and a line stamped slightly early must not be missed.
 */
const ARCHIVE_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Size of the records a container runtime splits a long line into (containerd's and Docker's
 * default `max-container-log-line-size`, 16 KiB). The kubelet joins them again for `pods/log`,
 * but log shippers often store each record as its own entry: an entry of exactly this many bytes
 * is taken as a partial record that the next entry continues.
 */
export const PARTIAL_RECORD_BYTES = 16 * 1024;

/** What a {@link StepArchive} read hands back to its session. */
export interface StepArchiveSink {
  /**
   * Which lines are new: lines up to the session's cursor (timestamp and count at it) came from
   * the pod, or from an earlier connection of the client, and are skipped.
   */
  filter(): LineFilter;
  /** The key of the last line the session consumed (for lines without a timestamp). */
  lastKey(): string;
  /** The step's pod was found in the archive (an expired run, whose pod name was unknown). */
  podFound(podId: string): void;
  lines(lines: LineColumns): Promise<void>;
}

/**
 * The observer's archive of one step: the entries of the step's pod's `main` container, read page
 * by page. It remembers where it stopped, so reading again (a followed step whose pod is gone
 * but whose run has not finished) takes only what is new.
 */
export class StepArchive {
  private reader?: ArchiveReader;
  /** Partial records of a line not yet complete (see {@link PARTIAL_RECORD_BYTES}). */
  private fragments: ArchivedLogEntry[] = [];
  private podName?: string;
  private readonly podMatches = new Map<string, boolean>();
  private readonly stepNames = new Set<string>();

  constructor(
    private readonly options: {
      locator: StepLocator;
      timeoutMs: number;
      pageSize?: number;
      maxResponseBytes?: number;
    },
  ) {}

  /** The step's pod, once known (from the cluster or from the archive). */
  get pod(): string | undefined {
    return this.podName;
  }

  /** The steps whose pods the archive holds, for a "step not found" message. */
  get stepsSeen(): string[] {
    return [...this.stepNames].sort();
  }

  /**
   * Reads on from where the last read stopped; `podName` when the cluster named the pod. `final`:
   * the step has finished, so a partial record left at the end is a line of its own.
   */
  async read(
    podName: string | undefined,
    sink: StepArchiveSink,
    signal: AbortSignal,
    final = true,
  ): Promise<void> {
    const { locator } = this.options;
    if (!locator.observer) {
      throw new ServiceUnavailableError(
        `The pod of ${locator.stepLabel} is gone and ${locator.connector.label} has no observer (set spec.observer or openchoreo.build.observer), so its archived log cannot be read`,
      );
    }
    if (!this.reader) {
      const from = Date.parse(
        locator.stepStartedAt ?? locator.runCreatedAt ?? '',
      );
      this.reader = new ArchiveReader(locator.observer, {
        runName: locator.workflowName,
        startTime: Number.isNaN(from)
          ? '1970-01-01T00:00:00Z'
          : new Date(from - ARCHIVE_CLOCK_SKEW_MS).toISOString(),
        pageSize: this.options.pageSize ?? DEFAULT_ARCHIVE_PAGE_SIZE,
        timeoutMs: this.options.timeoutMs,
        maxResponseBytes: this.options.maxResponseBytes,
      });
    }
    if (podName) this.podName = podName;
    const isNew = sink.filter();
    const take = (lines: LineColumns, parts: ArchivedLogEntry[]) => {
      const first = parts[0];
      const key = timestampKey(first.timestamp);
      // A line without a timestamp belongs to its predecessor's time.
      const effective =
        key || lines.key[lines.key.length - 1] || sink.lastKey();
      if (!isNew(effective)) return;
      // Only well-formed timestamps are passed on (they need no escaping).
      lines.ts.push(key ? first.timestamp : undefined);
      lines.key.push(effective);
      lines.text.push(
        parts.length === 1 ? first.log : parts.map(part => part.log).join(''),
      );
    };
    await this.reader.read(async (entries: ArchivedLogEntry[]) => {
      const lines: LineColumns = { ts: [], key: [], text: [] };
      for (const entry of entries) {
        if (entry.containerName !== 'main' || !this.matchesPod(entry.podId))
          continue;
        if (!this.podName) {
          this.podName = entry.podId;
          sink.podFound(entry.podId);
        }
        this.fragments.push(entry);
        // A partial record waits for the rest of its line; the joined line keeps the first
        // record's timestamp, as the kubelet's `pods/log` shows it.
        if (Buffer.byteLength(entry.log) === PARTIAL_RECORD_BYTES) continue;
        take(lines, this.fragments);
        this.fragments = [];
      }
      if (lines.text.length > 0) await sink.lines(lines);
    }, signal);
    if (final && this.fragments.length > 0) {
      const lines: LineColumns = { ts: [], key: [], text: [] };
      take(lines, this.fragments);
      this.fragments = [];
      if (lines.text.length > 0) await sink.lines(lines);
    }
  }

  private stepOf(podId: string): string {
    const workflow = this.options.locator.workflowName;
    return podId.startsWith(`${workflow}-`)
      ? podId.slice(workflow.length + 1).replace(/-\d+$/, '')
      : podId;
  }

  private matchesPod(podId: string | undefined): podId is string {
    if (!podId) return false;
    const { workflowName, step } = this.options.locator;
    if (this.podName)
      return (
        podId === this.podName ||
        podMatchesStep(podId, workflowName, this.podName)
      );
    let match = this.podMatches.get(podId);
    if (match === undefined) {
      match = podMatchesStep(podId, workflowName, step);
      this.podMatches.set(podId, match);
      this.stepNames.add(this.stepOf(podId));
    }
    return match;
  }
}
