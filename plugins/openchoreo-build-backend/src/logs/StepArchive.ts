import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type {
  RunStep,
  WorkflowRunTask,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { LineFilter } from './dedup';
import { timestampKey, type LineColumns } from './logLines';
import { ArchiveReader, type ArchivedLogEntry } from './observerArchive';
import { archiveStartTime, MAIN_CONTAINER } from './runArchive';
import type { StepLocator } from './stepLocator';
import { fetchWorkflowLogsPage, MAX_V1_PAGE_SIZE } from './workflowLogsQuery';

/**
 * Whether the step belongs to a v1 run (read by task). Locators built before the run model knew
 * generations (test doubles) are v0.
 */
const isV1 = (locator: StepLocator): boolean =>
  (locator.buildRun as StepLocator['buildRun'] | undefined)?.generation ===
  'v1';

/** Archived lines asked for per observer request. */
const DEFAULT_ARCHIVE_PAGE_SIZE = 5000;

export { PARTIAL_RECORD_BYTES } from './observerArchive';

/** What a {@link StepArchive} read hands back to its session. */
export interface StepArchiveSink {
  /**
   * Which lines are new: lines up to the session's cursor (timestamp and count at it) came from
   * the pod, or from an earlier connection of the client, and are skipped.
   */
  filter(): LineFilter;
  /** The key of the last line the session consumed (for lines without a timestamp). */
  lastKey(): string;
  lines(lines: LineColumns): Promise<void>;
}

/**
 * Finds a step among the steps rebuilt from an expired run's archive (see `runs/archiveSteps.ts`):
 * by id (the pod UID) or name; `known` lists the steps for a "not found" message.
 */
export type ArchivedStepLookup = (
  step: string,
) => Promise<{ step?: RunStep; known: string[] }>;

/**
 * The observer's archive of one step: the entries of the step's pod's `main` container, read page
 * by page. The observer files every line under the pod's UID (`podId`,
 * `internal/observer/opensearch/types.go@v0.9.0`), so lines are matched by the UID the step
 * locator saw on the pod, or, once the run's Workflow is gone, by the UID of the archived pod the
 * step was rebuilt from. It remembers where it stopped, so reading again (a followed step whose pod
 * is gone but whose run has not finished) takes only what is new.
 */
export class StepArchive {
  private reader?: ArchiveReader;
  /** Partial records of a line not yet complete (see {@link PARTIAL_RECORD_BYTES}). */
  private fragments: ArchivedLogEntry[] = [];
  private podUid?: string;
  private startedAt?: string;

  constructor(
    private readonly options: {
      locator: StepLocator;
      timeoutMs: number;
      pageSize?: number;
      maxResponseBytes?: number;
      /** For steps whose pod UID the cluster never showed (the run's Workflow expired). */
      archivedStep?: ArchivedStepLookup;
    },
  ) {}

  /** The UID of the step's pod, once known (from the cluster or from the archive). */
  get pod(): string | undefined {
    return this.podUid;
  }

  /**
   * Decides which archived pod is the step's: `podUid` when the cluster showed the pod, else the
   * archived step the locator's step names. Throws NotFoundError when the archive has no such step.
   */
  async identify(podUid: string | undefined): Promise<string> {
    if (this.podUid) return this.podUid;
    const { locator, archivedStep } = this.options;
    if (isV1(locator)) return this.identifyTask(podUid);
    if (podUid) {
      this.podUid = podUid;
      return podUid;
    }
    const wanted = locator.lastStep?.name ?? locator.step;
    const found = archivedStep
      ? await archivedStep(wanted)
      : { step: undefined, known: [] };
    if (!found.step?.podUid) {
      const known = found.known.length
        ? ` (steps in the archive: ${found.known.join(', ')})`
        : '';
      throw new NotFoundError(
        `Step ${locator.step} not found in the archived logs of run ${locator.namespace}/${locator.runName}${known}`,
      );
    }
    this.podUid = found.step.podUid;
    this.startedAt = found.step.startedAt;
    return this.podUid;
  }

  /**
   * A v1 step is asked of the observer by task (its Argo displayName), not by pod: a step that
   * ran is the locator's step, else one of the run's `status.tasks` (its Workflow is gone).
   */
  private identifyTask(podUid: string | undefined): string {
    const { locator } = this.options;
    const name = locator.lastStep?.name ?? this.taskOf()?.name;
    if (!name) {
      const known = locator.buildRun.tasks.map(t => t.name);
      throw new NotFoundError(
        `Step ${locator.step} not found in run ${locator.namespace}/${
          locator.runName
        }${known.length ? ` (its tasks: ${known.join(', ')})` : ''}`,
      );
    }
    this.taskName = name;
    this.podUid = podUid ?? `task:${name}`;
    return this.podUid;
  }

  private taskName?: string;

  private taskOf(): WorkflowRunTask | undefined {
    const { locator } = this.options;
    return locator.buildRun.tasks.find(
      t => t.name === (locator.lastStep?.name ?? locator.step),
    );
  }

  /**
   * The v1 reader: the run's lines asked for by task and, since v1.2.3's observer ignores the task
   * (see `workflowLogsQuery.ts`), within the step's own time window: from its start to a second
   * after it finished (the API rounds times down to the second), or on while it runs. Steps of a
   * v1 build run one after the other, so the window holds the step's lines; lines the observer
   * cannot tell apart from a parallel step's would show in both.
   */
  private v1Reader(): ArchiveReader {
    const { locator } = this.options;
    const observer = locator.observer!;
    const task = this.taskOf();
    // The step's own start, with no clock-skew margin: a margin would take in the previous
    // step's lines. Unknown (never seen running): from the run's creation, with the margin.
    const stepStart = locator.stepStartedAt ?? task?.startedAt;
    const finishedAt = locator.lastStep?.finishedAt ?? task?.completedAt;
    const scope = {
      namespace: locator.namespace,
      workflowRunName: locator.runName,
      taskName: this.taskName,
    };
    return new ArchiveReader(observer, {
      runName: locator.workflowName,
      startTime: stepStart ?? archiveStartTime(locator.runCreatedAt),
      pageSize: Math.min(
        this.options.pageSize ?? DEFAULT_ARCHIVE_PAGE_SIZE,
        MAX_V1_PAGE_SIZE,
      ),
      timeoutMs: this.options.timeoutMs,
      maxResponseBytes: this.options.maxResponseBytes,
      query: {
        fetch: (window, options) =>
          fetchWorkflowLogsPage(observer, scope, window, options),
        maxPageSize: MAX_V1_PAGE_SIZE,
        endTime: () => {
          const end = Date.parse(finishedAt ?? '');
          return new Date(
            Number.isNaN(end) ? Date.now() + 60_000 : end + 1000,
          ).toISOString();
        },
      },
    });
  }

  /**
   * Reads the identified pod's `main` lines on from where the last read stopped. `final`: the step
   * has finished, so a partial record left at the end is a line of its own.
   */
  async read(
    sink: StepArchiveSink,
    signal: AbortSignal,
    final = true,
  ): Promise<void> {
    const { locator } = this.options;
    const podUid = this.podUid;
    if (!podUid) throw new Error('StepArchive.read before identify');
    if (!locator.observer) {
      throw new ServiceUnavailableError(
        `The pod of ${locator.stepLabel} is gone and ${locator.connector.label} has no observer (set spec.observabilityPlaneRef to an ObservabilityPlane with observerURL, or openchoreo.build.observer.url), so its archived log cannot be read`,
      );
    }
    const v1 = isV1(locator);
    if (v1) this.reader ??= this.v1Reader();
    this.reader ??= new ArchiveReader(locator.observer, {
      runName: locator.workflowName,
      startTime: archiveStartTime(
        locator.stepStartedAt ?? this.startedAt ?? locator.runCreatedAt,
      ),
      pageSize: this.options.pageSize ?? DEFAULT_ARCHIVE_PAGE_SIZE,
      timeoutMs: this.options.timeoutMs,
      maxResponseBytes: this.options.maxResponseBytes,
    });
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
        // v1 answers `{timestamp, log}` only: the query itself is the step's (see v1Reader).
        if (
          !v1 &&
          (entry.containerName !== MAIN_CONTAINER || entry.podId !== podUid)
        )
          continue;
        this.fragments.push(entry);
        // A partial record waits for the rest of its line; the joined line keeps the first
        // record's timestamp, as the kubelet's `pods/log` shows it.
        if (entry.partial) continue;
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
}
