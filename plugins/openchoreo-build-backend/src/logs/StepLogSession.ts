import { InputError, isError, NotAllowedError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { StepLogSource } from '@openchoreo-build/plugin-openchoreo-build-common';
import { TimestampCursor } from './dedup';
import { kubeGet, podPath } from './kubeRequest';
import { parseLines, secondOf, timestampKey, type LineColumns } from './logLines';
import { ArchiveReader, type ArchivedLogEntry } from './observerArchive';
import { rawStamp, rawText, scanKubeletLines, type RawLines } from './rawLines';
import { podMatchesStep, type StepLocation, type StepLocator } from './stepLocator';

/** Consecutive lines `n`, `n + 1`, … in columns. */
export interface LineBatch {
  n: number;
  ts: Array<string | undefined>;
  text: string[];
  /** Every text is ASCII (lets the writer skip UTF-8 encoding). */
  ascii?: boolean;
  /**
   * The same lines as the upstream's bytes (kubelet format), when they came that way: a writer can
   * forward them without decoding ({@link rawLinesEvent}). `ts` and `text` are then computed on
   * first access.
   */
  raw?: RawLines;
}

/** A {@link LineBatch} over upstream bytes; `ts` / `text` are decoded only if someone asks. */
class RawLineBatch implements LineBatch {
  private decodedTs?: string[];
  private decodedText?: string[];
  constructor(readonly n: number, readonly raw: RawLines) {}
  get ts(): string[] {
    if (!this.decodedTs) {
      this.decodedTs = new Array(this.raw.count);
      for (let i = 0; i < this.raw.count; i += 1) this.decodedTs[i] = rawStamp(this.raw, i);
    }
    return this.decodedTs;
  }
  get text(): string[] {
    if (!this.decodedText) {
      this.decodedText = new Array(this.raw.count);
      for (let i = 0; i < this.raw.count; i += 1) this.decodedText[i] = rawText(this.raw, i);
    }
    return this.decodedText;
  }
}

/** Receives what a session produces. `lines` may return a promise: the session waits for it. */
export interface StepLogSink {
  lines(batch: LineBatch): Promise<void> | void;
  source(source: StepLogSource, detail: string): void;
  waiting(message: string): void;
  /** A transient problem; the session keeps trying. */
  notice(error: Error): void;
}

export interface StepLogSessionOptions {
  locator: StepLocator;
  sink: StepLogSink;
  /** Keep going until the step ends (SSE); false: deliver what exists now, then stop. */
  follow: boolean;
  /** First ordinal to deliver (resume: Last-Event-ID + 1; JSON: offset). */
  startAt: number;
  pollIntervalMs: number;
  /** Per request time limit (response head for followed logs). */
  timeoutMs: number;
  signal: AbortSignal;
  /** Largest `limitBytes` of one poll through the gateway (it buffers; 10 MB body limit). */
  pollLimitBytes?: number;
  archivePageSize?: number;
}

export interface StepLogSessionResult {
  /** The step finished and every line was read. */
  complete: boolean;
  /** Lines of the step's log seen (= next ordinal). */
  totalLines: number;
  source?: StepLogSource;
  /** Why nothing could be read (JSON mode: the step has not started). */
  waiting?: string;
  reason?: string;
}

/** Live/polling/archive counters, for tests and the benchmark. */
export interface StepLogSessionStats {
  position: number;
  upstreamBytes: number;
  waitingForSink: boolean;
  source?: StepLogSource;
}

/** Upstream bytes buffered and taken at once (one SSE event). */
const READ_CHUNK_BYTES = 1024 * 1024;

/** Event-loop turns to wait for more upstream bytes before handling a small chunk, and enough bytes. */
const COALESCE_TURNS = 16;
const COALESCE_BYTES = 512 * 1024;

/** Longest line kept whole; longer ones are passed on in pieces. */
const MAX_LINE_BYTES = 1024 * 1024;

/**
 * The lines of `buf[start, end)` as strings (without `\n`; a trailing `\r` is removed). With
 * `terminated`, the region ends with `\n`.
 */
function decodeLines(buf: Buffer, start: number, end: number, terminated = true): string[] {
  const text = buf.toString('utf8', start, terminated ? end - 1 : end);
  const parts = text.split('\n');
  for (let i = 0; i < parts.length; i += 1) if (parts[i].endsWith('\r')) parts[i] = parts[i].slice(0, -1);
  return parts;
}

const FATAL = [NotFoundError, InputError, NotAllowedError];

export function isFatalLogError(error: unknown): boolean {
  return FATAL.some(type => error instanceof type);
}

function abortError(): Error {
  const error = new Error('The log stream was closed');
  error.name = 'AbortError';
  return error;
}

/**
 * Produces one step's log from whichever source has it, in order, each line exactly once:
 *
 * - pod present, plane can stream (`capabilities.followLogs`): `pods/log?follow=true&timestamps=true`;
 *   a follow that breaks is resumed with `sinceTime` and de-duplicated;
 * - pod present, agent-mode plane: polls through the gateway with `sinceTime` + `timestamps=true`
 *   every `pollIntervalMs` (never `follow=true`), de-duplicated with a {@link TimestampCursor};
 * - pod gone: the observer archive, filtered to the pod's `main` container; lines already
 *   delivered from the pod are skipped by ordinal, so a switch has no gap and no duplicate.
 *
 * Every line gets its ordinal `n` in the step's log; lines before `startAt` are read but not
 * delivered (resume). The session awaits the sink, so a slow reader pauses the upstream.
 */
export class StepLogSession {
  private readonly cursor = new TimestampCursor();
  private position = 0;
  private currentSource?: StepLogSource;
  private archive?: ArchiveReader;
  private archiveIndex = 0;
  private archivePod?: string;
  private readonly podMatches = new Map<string, boolean>();
  private readonly archiveSteps = new Set<string>();
  private pollStuck = false;
  readonly stats: StepLogSessionStats = { position: 0, upstreamBytes: 0, waitingForSink: false };

  constructor(private readonly options: StepLogSessionOptions) {}

  private get signal(): AbortSignal {
    return this.options.signal;
  }

  private throwIfAborted(): void {
    if (this.signal.aborted) throw abortError();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.signal.aborted) {
        reject(abortError());
        return;
      }
      const handles: { timer?: NodeJS.Timeout } = {};
      const onAbort = () => {
        clearTimeout(handles.timer);
        reject(abortError());
      };
      handles.timer = setTimeout(() => {
        this.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private setSource(source: StepLogSource, detail: string): void {
    if (this.currentSource === source) return;
    this.currentSource = source;
    this.stats.source = source;
    this.options.sink.source(source, detail);
  }

  private result(complete: boolean, extra: Partial<StepLogSessionResult> = {}): StepLogSessionResult {
    return { complete, totalLines: this.position, source: this.currentSource, ...extra };
  }

  /** Numbers and delivers the lines that pass `isNew`. */
  private async consume(
    lines: LineColumns,
    isNew: ((key: string) => boolean) & { readonly passed?: boolean },
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
    for (; i < count && !isNew.passed; i += 1) {
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
    if (outText.length > 0) {
      const pending = this.options.sink.lines({ n: first, ts: outTs, text: outText, ascii });
      if (pending) {
        this.stats.waitingForSink = true;
        try {
          await pending;
        } finally {
          this.stats.waitingForSink = false;
        }
      }
    }
    this.throwIfAborted();
    return accepted;
  }

  /**
   * {@link consume} for lines in the kubelet's format, kept as bytes: keys are only materialized
   * while de-duplicating at the resume boundary and for the cursor's tail.
   */
  private async consumeRaw(raw: RawLines, isNew: ((key: string) => boolean) & { readonly passed?: boolean }): Promise<number> {
    const { startAt } = this.options;
    let i = 0;
    let accepted = 0;
    // Until past the de-duplication boundary, check line by line (dropped lines are only ever a
    // prefix: once a line passes, everything after it does).
    for (; i < raw.count && !isNew.passed; i += 1) {
      const key = rawStamp(raw, i);
      if (isNew(key)) break;
    }
    const fresh: RawLines = { ...raw, from: raw.from + i, count: raw.count - i };
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
      while (same < fresh.count && rawStamp(fresh, fresh.count - 1 - same) === last) same += 1;
      return same;
    });
    const skip = Math.max(0, Math.min(fresh.count, startAt - this.position));
    const first = this.position + skip;
    this.position += fresh.count;
    this.stats.position = this.position;
    if (skip < fresh.count) {
      const out: RawLines = { ...fresh, from: fresh.from + skip, count: fresh.count - skip };
      const pending = this.options.sink.lines(new RawLineBatch(first, out));
      if (pending) {
        this.stats.waitingForSink = true;
        try {
          await pending;
        } finally {
          this.stats.waitingForSink = false;
        }
      }
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
  ): Promise<{ accepted: number; truncated: boolean; error?: Error }> {
    const { locator } = this.options;
    const kc = locator.connector.kubernetes.kubeConfig;
    const isNew = this.cursor.filter();
    const res = await kubeGet(kc, podPath(locator.workflowNamespace, podName, '/log'), {
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
    });
    // Bytes of an unterminated line, carried to the next chunk.
    let pending: Buffer | undefined;
    let bytes = 0;
    let accepted = 0;
    try {
      for await (const first of res) {
        // Take whatever else is already buffered too: fewer, bigger events.
        const parts: Buffer[] = pending ? [pending, first as Buffer] : [first as Buffer];
        let size = parts.reduce((sum, part) => sum + part.length, 0);
        bytes += (first as Buffer).length;
        this.stats.upstreamBytes += (first as Buffer).length;
        for (let more = res.read() as Buffer | null; more !== null; more = size < READ_CHUNK_BYTES ? (res.read() as Buffer | null) : null) {
          parts.push(more);
          size += more.length;
          bytes += more.length;
          this.stats.upstreamBytes += more.length;
        }
        // While the upstream is delivering (one TLS record per loop turn), let a few loop turns pass
        // and take what arrived: fewer, bigger events and writes. Idle turns take microseconds, so a
        // quiet follow is not delayed noticeably.
        for (let round = 0; round < COALESCE_TURNS && size < COALESCE_BYTES; round += 1) {
          await new Promise(resolve => setImmediate(resolve));
          this.throwIfAborted();
          for (let more = res.read() as Buffer | null; more !== null; more = size < READ_CHUNK_BYTES ? (res.read() as Buffer | null) : null) {
            parts.push(more);
            size += more.length;
            bytes += more.length;
            this.stats.upstreamBytes += more.length;
          }
        }
        const chunk = parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
        // Complete lines end at the last \n; the rest waits for the next chunk.
        const limit = chunk.lastIndexOf(10) + 1;
        pending = limit < chunk.length ? chunk.subarray(limit) : undefined;
        if (pending && pending.length > MAX_LINE_BYTES) {
          // A runaway line is passed on in pieces (cut between UTF-8 sequences) so the buffer stays bounded.
          let cut = limit + MAX_LINE_BYTES;
          while (cut > limit + 1 && (chunk[cut] & 0xc0) === 0x80) cut -= 1;
          if (limit > 0) accepted += await this.consume(parseLines(decodeLines(chunk, 0, limit), this.cursor.key), isNew);
          accepted += await this.consume(parseLines([chunk.toString('utf8', limit, cut)], this.cursor.key), isNew);
          pending = chunk.subarray(cut);
          // Copy: a pending slice must not keep a big chunk alive.
          pending = Buffer.from(pending);
          continue;
        }
        if (pending) pending = Buffer.from(pending);
        if (limit === 0) continue;
        const starts: number[] = [];
        const ends: number[] = [];
        if (scanKubeletLines(chunk, limit, starts, ends)) {
          accepted += await this.consumeRaw({ buf: chunk, starts, ends, from: 0, count: starts.length }, isNew);
        } else {
          accepted += await this.consume(parseLines(decodeLines(chunk, 0, limit), this.cursor.key), isNew);
        }
      }
      const truncated = limitBytes !== undefined && bytes >= limitBytes;
      if (!truncated && pending) {
        accepted += await this.consume(parseLines(decodeLines(pending, 0, pending.length, false), this.cursor.key), isNew);
      }
      pending = undefined;
      return { accepted, truncated };
    } catch (error) {
      this.throwIfAborted();
      return { accepted, truncated: false, error: error as Error };
    } finally {
      res.destroy();
    }
  }

  private async pollPod(podName: string): Promise<void> {
    const limit = this.options.pollLimitBytes ?? 4 * 1024 * 1024;
    if (this.pollStuck) return;
    for (;;) {
      const { accepted, truncated, error } = await this.readPodLog(podName, false, limit);
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

  private stepOf(podId: string): string {
    const workflow = this.options.locator.workflowName;
    return podId.startsWith(`${workflow}-`) ? podId.slice(workflow.length + 1).replace(/-\d+$/, '') : podId;
  }

  private matchesPod(podId: string | undefined, knownPod: string | undefined): boolean {
    if (!podId) return false;
    if (knownPod) return podId === knownPod || podMatchesStep(podId, this.options.locator.workflowName, knownPod);
    let match = this.podMatches.get(podId);
    if (match === undefined) {
      match = podMatchesStep(podId, this.options.locator.workflowName, this.options.locator.step);
      this.podMatches.set(podId, match);
      this.archiveSteps.add(this.stepOf(podId));
    }
    return match;
  }

  private async readArchive(podName: string | undefined): Promise<void> {
    const { locator } = this.options;
    if (!locator.observer) {
      throw new ServiceUnavailableError(
        `The pod of ${locator.stepLabel} is gone and ${locator.connector.label} has no observer (set spec.observer or openchoreo.build.observer), so its archived log cannot be read`,
      );
    }
    if (!this.archive) {
      const from = Date.parse(locator.stepStartedAt ?? locator.runCreatedAt ?? '');
      this.archive = new ArchiveReader(locator.observer, {
        runName: locator.workflowName,
        startTime: Number.isNaN(from) ? '1970-01-01T00:00:00Z' : new Date(from - 5 * 60_000).toISOString(),
        pageSize: this.options.archivePageSize ?? 5000,
        timeoutMs: this.options.timeoutMs,
      });
    }
    if (podName) this.archivePod = podName;
    const always = Object.assign(() => true, { passed: true });
    await this.archive.read(async (entries: ArchivedLogEntry[]) => {
      const lines: LineColumns = { ts: [], key: [], text: [] };
      for (const entry of entries) {
        if (entry.containerName !== 'main' || !this.matchesPod(entry.podId, this.archivePod)) continue;
        if (!this.archivePod) {
          this.archivePod = entry.podId;
          this.setSource('archive', `observer archive, pod ${entry.podId}`);
        }
        // Lines the pod already gave (live / polling) are skipped by ordinal.
        const index = this.archiveIndex;
        this.archiveIndex += 1;
        if (index < this.position) continue;
        const key = timestampKey(entry.timestamp);
        // Only well-formed timestamps are passed on (they need no escaping).
        lines.ts.push(key ? entry.timestamp : undefined);
        lines.key.push(key || lines.key[lines.key.length - 1] || this.cursor.key);
        lines.text.push(entry.log);
      }
      if (lines.text.length > 0) await this.consume(lines, always);
    }, this.signal);
  }

  private async readFromLocation(location: StepLocation): Promise<StepLogSessionResult | 'again' | 'wait'> {
    const { locator, follow } = this.options;
    switch (location.kind) {
      case 'skipped':
        return this.result(true, { reason: location.reason });
      case 'pending':
        if (!follow) return this.result(false, { waiting: location.message });
        this.options.sink.waiting(location.message);
        return 'wait';
      case 'pod': {
        if (!location.mainStarted) return this.result(true, { reason: 'The main container never started' });
        if (locator.connector.capabilities.followLogs) {
          this.setSource('live', `pod ${location.podName}`);
          const followNow = follow && !location.finished;
          const { error, accepted } = await this.readPodLog(location.podName, followNow);
          if (error) throw error;
          if (!followNow) return this.result(location.finished);
          // The follow ended: the container ended (next locate says finished) or the pod went
          // away (archive). A follow that ended without news is retried after a pause.
          this.followEndedCleanly = true;
          return accepted > 0 ? 'again' : 'wait';
        }
        this.setSource('polling', `pod ${location.podName} through the cluster gateway, every ${this.options.pollIntervalMs} ms`);
        await this.pollPod(location.podName);
        if (location.finished && !this.pollStuck) return this.result(true);
        if (!follow) return this.result(false);
        return 'wait';
      }
      case 'gone':
        if (!this.archivePod && !location.podName) {
          // Expired run: the step's pod is only known from the archive; announce the source once found.
          await this.readArchive(undefined);
          if (!this.archivePod) {
            const steps = [...this.archiveSteps].sort();
            throw new NotFoundError(
              `Step ${locator.step} not found in the archived logs of run ${locator.namespace}/${locator.runName}${steps.length ? ` (steps in the archive: ${steps.join(', ')})` : ''}`,
            );
          }
        } else {
          this.setSource('archive', `observer archive, pod ${location.podName ?? this.archivePod}`);
          await this.readArchive(location.podName);
        }
        if (location.finished) return this.result(true);
        if (!follow) return this.result(false);
        return 'wait';
      default:
        return 'wait';
    }
  }

  private followEndedCleanly = false;

  /** Runs until the step's log is complete (or, without `follow`, until what exists was read). */
  async run(initial?: StepLocation): Promise<StepLogSessionResult> {
    let location = initial;
    let failures = 0;
    for (;;) {
      this.throwIfAborted();
      try {
        location ??= await this.options.locator.locate();
        if (this.followEndedCleanly && location.kind === 'pod' && location.finished) {
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
        this.options.sink.notice(isError(error) ? error : new Error(String(error)));
        failures += 1;
        await this.sleep(Math.min(this.options.pollIntervalMs * 2 ** Math.min(failures - 1, 4), 30_000));
      }
    }
  }
}
