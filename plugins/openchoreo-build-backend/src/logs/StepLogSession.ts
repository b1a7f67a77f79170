import { isError, ServiceUnavailableError } from '@backstage/errors';
import type { StepLogSource } from '@openchoreo-build/plugin-openchoreo-build-common';
import { TimestampCursor, type LineFilter } from './dedup';
import { kubeGet, podPath } from './kubeRequest';
import { parseLines, secondOf, type LineColumns } from './logLines';
import { PodLogReader, READ_CHUNK_BYTES } from './PodLogReader';
import { RawLineBatch, type LineBatch } from './lineBatch';
import { rawStamp, type RawLines } from './rawLines';
import { StepArchive } from './StepArchive';
import {
  abortError,
  isFatalLogError,
  sleepUnlessAborted,
  type StepLogSessionOptions,
  type StepLogSessionResult,
  type StepLogSessionStats,
  type StepLogSink,
} from './sessionTypes';
import type { StepLocation } from './stepLocator';

/** Largest `limitBytes` of one poll through the cluster gateway (it buffers; 10 MB body limit). */
const DEFAULT_POLL_LIMIT_BYTES = 4 * 1024 * 1024;

/** Longest pause between retries after transient failures (the pause doubles from the poll interval). */
const MAX_RETRY_DELAY_MS = 30_000;
/** Doublings of the retry pause before it stops growing. */
const MAX_RETRY_DOUBLINGS = 4;

export { isFatalLogError };
export type {
  StepLogSink,
  StepLogSessionOptions,
  StepLogSessionResult,
  StepLogSessionStats,
};

/**
 * Produces one step's log from whichever source has it, in order, each line exactly once:
 *
 * - pod present, plane can stream (`capabilities.followLogs`): `pods/log?follow=true&timestamps=true`;
 *   a follow that breaks is resumed with `sinceTime` and de-duplicated;
 * - pod present, agent-mode plane: polls through the gateway with `sinceTime` + `timestamps=true`
 *   every `pollIntervalMs` (never `follow=true`), de-duplicated with a {@link TimestampCursor};
 * - pod gone: the observer archive, filtered to the pod's `main` container; lines already
 *   delivered from the pod are skipped by timestamp and count at that timestamp (the same cursor
 *   that de-duplicates re-reads), so a switch has no gap and no duplicate even when the pod's log
 *   was rotated or the archive numbers lines differently.
 *
 * Every line gets its ordinal `n` in the step's log; lines before `startAt` are read but not
 * delivered (resume). The session awaits the sink, so a slow reader pauses the upstream.
 */
export class StepLogSession {
  private readonly cursor = new TimestampCursor();
  private position = 0;
  private currentSource?: StepLogSource;
  private readonly archive: StepArchive;
  private pollStuck = false;
  /** The last live follow ended without an error (the container may have ended; see `run`). */
  private followEndedCleanly = false;
  readonly stats: StepLogSessionStats = {
    position: 0,
    upstreamBytes: 0,
    waitingForSink: false,
  };

  constructor(private readonly options: StepLogSessionOptions) {
    this.archive = new StepArchive({
      locator: options.locator,
      timeoutMs: options.timeoutMs,
      pageSize: options.archivePageSize,
      maxResponseBytes: options.observerResponseBytes,
      archivedStep: options.archivedStep,
    });
    if (options.resume) {
      // Resuming by timestamp: the lines up to the client's last one are not read again at all,
      // so numbering continues at `startAt` whatever the source has dropped since (rotation).
      this.cursor.restore(options.resume.key, options.resume.count);
      this.position = options.startAt;
      this.stats.position = this.position;
    }
  }

  private get signal(): AbortSignal {
    return this.options.signal;
  }

  private throwIfAborted(): void {
    if (this.signal.aborted) throw abortError();
  }

  private sleep(ms: number): Promise<void> {
    return sleepUnlessAborted(ms, this.signal);
  }

  private setSource(source: StepLogSource, detail: string): void {
    if (this.currentSource === source) return;
    this.currentSource = source;
    this.stats.source = source;
    this.options.sink.source(source, detail);
  }

  private result(
    complete: boolean,
    extra: Partial<StepLogSessionResult> = {},
  ): StepLogSessionResult {
    return {
      complete,
      totalLines: this.position,
      source: this.currentSource,
      ...extra,
    };
  }

  /**
   * Hands a batch to the sink and, when the sink returns a promise, waits for it: a slow reader
   * pauses the upstream.
   */
  private async deliver(batch: LineBatch): Promise<void> {
    // The batch's last line is the last one consumed: the cursor now is the resume point after it.
    batch.cursor = { key: this.cursor.key, count: this.cursor.count };
    const pending = this.options.sink.lines(batch);
    if (pending) {
      this.stats.waitingForSink = true;
      try {
        await pending;
      } finally {
        this.stats.waitingForSink = false;
      }
    }
  }

  /**
   * Numbers and delivers the lines that pass `isNew`; without a filter every line is new (the
   * archive filters by the cursor itself, after joining split entries).
   */
  private async consume(
    lines: LineColumns,
    isNew?: LineFilter,
    ascii = false,
  ): Promise<number> {
    const { startAt } = this.options;
    const count = lines.text.length;
    let outTs: Array<string | undefined> = [];
    let outText: string[] = [];
    let first = -1;
    let accepted = 0;
    let i = 0;
    // Until past the de-duplication boundary, check line by line.
    for (; isNew && i < count && !isNew.passed; i += 1) {
      const key = lines.key[i] || this.cursor.key;
      if (!isNew(key)) continue;
      this.cursor.observe(key);
      accepted += 1;
      const n = this.position;
      this.position += 1;
      if (n >= startAt) {
        if (first < 0) first = n;
        outTs.push(lines.ts[i]);
        outText.push(lines.text[i]);
      }
    }
    // The rest is new: number it in bulk and move the cursor to its tail.
    if (i < count) {
      const rest = count - i;
      const skip = Math.max(0, Math.min(rest, startAt - this.position));
      const from = i + skip;
      if (from < count) {
        if (first < 0) first = this.position + skip;
        if (outText.length === 0 && from === 0) {
          outTs = lines.ts;
          outText = lines.text;
        } else {
          for (let k = from; k < count; k += 1) {
            outTs.push(lines.ts[k]);
            outText.push(lines.text[k]);
          }
        }
      }
      this.position += rest;
      accepted += rest;
      this.cursor.observeAll(lines.key, i);
    }
    this.stats.position = this.position;
    if (outText.length > 0)
      await this.deliver({ n: first, ts: outTs, text: outText, ascii });
    this.throwIfAborted();
    return accepted;
  }

  /**
   * {@link consume} for lines in the kubelet's format, kept as bytes: keys are only materialized
   * while de-duplicating at the resume boundary and for the cursor's tail.
   */
  private async consumeRaw(raw: RawLines, isNew: LineFilter): Promise<number> {
    const { startAt } = this.options;
    let i = 0;
    let accepted = 0;
    // Until past the de-duplication boundary, check line by line (dropped lines are only ever a
    // prefix: once a line passes, everything after it does).
    for (; i < raw.count && !isNew.passed; i += 1) {
      const key = rawStamp(raw, i);
      if (isNew(key)) break;
    }
    const fresh: RawLines = {
      ...raw,
      from: raw.from + i,
      count: raw.count - i,
    };
    if (fresh.count === 0) {
      this.throwIfAborted();
      return 0;
    }
    accepted = fresh.count;
    // Cursor: the last key and how many of the trailing lines carry it.
    const last = rawStamp(fresh, fresh.count - 1);
    // Counted only if a re-read needs it (it compares the timestamps of the run's tail).
    this.cursor.observeRun(rawStamp(fresh, 0), last, fresh.count, () => {
      let same = 1;
      while (
        same < fresh.count &&
        rawStamp(fresh, fresh.count - 1 - same) === last
      )
        same += 1;
      return same;
    });
    const skip = Math.max(0, Math.min(fresh.count, startAt - this.position));
    const first = this.position + skip;
    this.position += fresh.count;
    this.stats.position = this.position;
    if (skip < fresh.count) {
      const out: RawLines = {
        ...fresh,
        from: fresh.from + skip,
        count: fresh.count - skip,
      };
      await this.deliver(new RawLineBatch(first, out));
    }
    this.throwIfAborted();
    return accepted;
  }

  /**
   * One `pods/log` request (`follow` only on planes that stream), from the cursor's second on.
   * Resolves when the response ended; `truncated` when `limitBytes` cut it.
   */
  private async readPodLog(
    podName: string,
    follow: boolean,
    limitBytes?: number,
    final = false,
  ): Promise<{
    accepted: number;
    truncated: boolean;
    heldTail: boolean;
    error?: Error;
  }> {
    const { locator } = this.options;
    const kc = locator.connector.kubernetes.kubeConfig;
    const isNew = this.cursor.filter();
    const res = await kubeGet(
      kc,
      podPath(locator.workflowNamespace, podName, '/log'),
      {
        query: {
          container: 'main',
          // Omitted entirely when false: the cluster gateway answers 501 to follow=true.
          follow: follow ? 'true' : undefined,
          timestamps: 'true',
          sinceTime: this.cursor.key ? secondOf(this.cursor.key) : undefined,
          limitBytes,
        },
        signal: this.signal,
        timeoutMs: this.options.timeoutMs,
        // Take the log in chunks of up to 1 MiB instead of 16 KiB (the session still awaits the sink
        // before reading on, so a slow client pauses the upstream after at most this much).
        highWaterMark: READ_CHUNK_BYTES,
        target: locator.connector.label,
        what: `the log of pod ${locator.workflowNamespace}/${podName} (container main)`,
      },
    );
    const reader = new PodLogReader(res, {
      signal: this.signal,
      limitBytes,
      final,
      onBytes: bytes => {
        this.stats.upstreamBytes += bytes;
      },
    });
    let accepted = 0;
    try {
      for await (const batch of reader.batches()) {
        accepted +=
          batch.kind === 'raw'
            ? await this.consumeRaw(batch.lines, isNew)
            : await this.consume(
                parseLines(batch.lines, this.cursor.key),
                isNew,
              );
      }
      return {
        accepted,
        truncated: reader.truncated,
        heldTail: reader.heldTail,
      };
    } catch (error) {
      this.throwIfAborted();
      return {
        accepted,
        truncated: false,
        heldTail: false,
        error: isError(error) ? error : new Error(String(error)),
      };
    } finally {
      res.destroy();
    }
  }

  private async pollPod(podName: string, final: boolean): Promise<void> {
    const limit = this.options.pollLimitBytes ?? DEFAULT_POLL_LIMIT_BYTES;
    if (this.pollStuck) return;
    for (;;) {
      const { accepted, truncated, error } = await this.readPodLog(
        podName,
        false,
        limit,
        final,
      );
      if (error) throw error;
      if (!truncated) return;
      if (accepted === 0) {
        // More than `limit` bytes within one second: sinceTime (1 s precision) cannot get past them.
        this.pollStuck = true;
        this.options.sink.notice(
          new ServiceUnavailableError(
            `More than ${limit} bytes of log were written within one second; the cluster gateway cannot page past them. The rest of the log comes from the observer archive once the pod is gone.`,
          ),
        );
        return;
      }
    }
  }

  /** Runs `read` with `stats.followingLive` set to `live`. */
  private async whileLive<T>(
    live: boolean,
    read: () => Promise<T>,
  ): Promise<T> {
    this.stats.followingLive = live;
    try {
      return await read();
    } finally {
      this.stats.followingLive = false;
    }
  }

  /** Reads the step's archived log on, delivering what the pod did not give. */
  private readArchive(final = true): Promise<void> {
    return this.archive.read(
      {
        filter: () => this.cursor.filter(),
        lastKey: () => this.cursor.key,
        // Already filtered by the archive (it must join split entries before comparing).
        lines: async lines => {
          await this.consume(lines);
        },
      },
      this.signal,
      final,
    );
  }

  private async readFromLocation(
    location: StepLocation,
  ): Promise<StepLogSessionResult | 'again' | 'wait'> {
    const { locator, follow } = this.options;
    switch (location.kind) {
      case 'skipped':
        return this.result(true, { reason: location.reason });
      case 'pending':
        if (!follow) return this.result(false, { waiting: location.message });
        this.options.sink.waiting(location.message);
        return 'wait';
      case 'pod': {
        if (!location.mainStarted)
          return this.result(true, {
            reason: 'The main container never started',
          });
        const live = follow && !location.finished;
        if (live && this.options.beforeLiveRead?.())
          return this.result(false, { handedOff: location });
        if (locator.connector.capabilities.followLogs) {
          this.setSource('live', `pod ${location.podName}`);
          const { error, accepted, heldTail } = await this.whileLive(live, () =>
            this.readPodLog(
              location.podName,
              live,
              undefined,
              location.finished,
            ),
          );
          if (error) throw error;
          if (!live) return this.result(location.finished);
          // The follow ended: the container ended (next locate says finished) or the pod went
          // away (archive). A follow that ended without news is retried after a pause. With a
          // line left unterminated the log is not known to be complete: read it once more.
          this.followEndedCleanly = !heldTail;
          return accepted > 0 ? 'again' : 'wait';
        }
        this.setSource(
          'polling',
          `pod ${location.podName} through the cluster gateway, every ${this.options.pollIntervalMs} ms`,
        );
        await this.whileLive(live, () =>
          this.pollPod(location.podName, location.finished),
        );
        if (location.finished && !this.pollStuck) return this.result(true);
        if (!follow) return this.result(false);
        return 'wait';
      }
      case 'gone': {
        // The observer files lines by pod UID: the one the locator saw on the pod, else (expired
        // run) the archived pod the step was rebuilt from.
        const podUid = await this.archive.identify(
          location.podUid ?? locator.podUid,
        );
        this.setSource(
          'archive',
          `observer archive, pod ${location.podName ?? podUid}`,
        );
        await this.readArchive(location.finished);
        if (location.finished) return this.result(true);
        if (!follow) return this.result(false);
        return 'wait';
      }
      default: {
        // Every kind of location is handled above; a new one must be added here.
        const unknown: never = location;
        throw new Error(`Unknown step location ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Runs until the step's log is complete (or, without `follow`, until what exists was read). */
  async run(initial?: StepLocation): Promise<StepLogSessionResult> {
    let location = initial;
    let failures = 0;
    for (;;) {
      this.throwIfAborted();
      try {
        location ??= await this.options.locator.locate();
        if (
          this.followEndedCleanly &&
          location.kind === 'pod' &&
          location.finished
        ) {
          // The kubelet ends a follow when the container ends, after its last line.
          return this.result(true);
        }
        this.followEndedCleanly = false;
        const outcome = await this.readFromLocation(location);
        location = undefined;
        failures = 0;
        if (outcome === 'again') continue;
        if (outcome === 'wait') {
          await this.sleep(this.options.pollIntervalMs);
          continue;
        }
        return outcome;
      } catch (error) {
        location = undefined;
        this.followEndedCleanly = false;
        if (this.signal.aborted) throw abortError();
        if (isFatalLogError(error) || !this.options.follow) throw error;
        this.options.sink.notice(
          isError(error) ? error : new Error(String(error)),
        );
        failures += 1;
        const backoff =
          this.options.pollIntervalMs *
          2 ** Math.min(failures - 1, MAX_RETRY_DOUBLINGS);
        await this.sleep(Math.min(backoff, MAX_RETRY_DELAY_MS));
      }
    }
  }
}
