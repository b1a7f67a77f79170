import { ServiceUnavailableError } from '@backstage/errors';
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

/** What a {@link StepArchive} read hands back to its session. */
export interface StepArchiveSink {
  /** Ordinal of the next line the session has not seen: earlier ones came from the pod. */
  position(): number;
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
  /** Ordinal of the next entry of the step's pod. */
  private index = 0;
  private podName?: string;
  private readonly podMatches = new Map<string, boolean>();
  private readonly stepNames = new Set<string>();

  constructor(
    private readonly options: {
      locator: StepLocator;
      timeoutMs: number;
      pageSize?: number;
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

  /** Reads on from where the last read stopped; `podName` when the cluster named the pod. */
  async read(
    podName: string | undefined,
    sink: StepArchiveSink,
    signal: AbortSignal,
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
      });
    }
    if (podName) this.podName = podName;
    await this.reader.read(async (entries: ArchivedLogEntry[]) => {
      const lines: LineColumns = { ts: [], key: [], text: [] };
      const position = sink.position();
      for (const entry of entries) {
        if (entry.containerName !== 'main' || !this.matchesPod(entry.podId))
          continue;
        if (!this.podName) {
          this.podName = entry.podId;
          sink.podFound(entry.podId);
        }
        // Lines the pod already gave (live / polling) are skipped by ordinal.
        const index = this.index;
        this.index += 1;
        if (index < position) continue;
        const key = timestampKey(entry.timestamp);
        // Only well-formed timestamps are passed on (they need no escaping).
        lines.ts.push(key ? entry.timestamp : undefined);
        lines.key.push(
          key || lines.key[lines.key.length - 1] || sink.lastKey(),
        );
        lines.text.push(entry.log);
      }
      if (lines.text.length > 0) await sink.lines(lines);
    }, signal);
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
