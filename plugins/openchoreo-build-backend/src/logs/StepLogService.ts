import { EventEmitter } from 'node:events';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import {
  DEFAULT_LIMITS,
  type LimitsConfig,
  type ObserverConfig,
} from '../config/pluginConfig';
import { StreamLimiter } from '../http/streamLimits';
import type { ControlPlane } from '../controlplane/ControlPlane';
import {
  StepLogSession,
  type StepLogSessionOptions,
  type StepLogSessionStats,
} from './StepLogSession';
import { StepLocator } from './stepLocator';
import type { RunStep } from '@openchoreo-build/plugin-openchoreo-build-common';
import { findArchivedStep } from '../runs/archiveSteps';
import { RunReader } from '../runs/RunReader';
import type { RunArchiveService } from '../runs/RunArchiveService';

export interface StepLogServiceOptions {
  controlPlane: ControlPlane;
  /** Reads each org's runs in its generation; without it, v0 runs through `controlPlane`. */
  runs?: RunReader;
  registry: BuildPlaneRegistry;
  observer?: ObserverConfig;
  logger?: LoggerService;
  /** `openchoreo.build.logs.pollIntervalMs` (agent planes, waiting steps, archive follow). */
  pollIntervalMs: number;
  /** Seconds between SSE heartbeat comments. */
  heartbeatMs: number;
  /** Per-request time limit towards planes and the observer. */
  requestTimeoutMs: number;
  /** Overrides for tests: largest poll through the gateway, archive page size. */
  pollLimitBytes?: number;
  archivePageSize?: number;
  /** `openchoreo.build.limits` (stream caps, page / download / observer byte caps); defaults apply. */
  limits?: Partial<LimitsConfig>;
  /** Steps of runs whose Workflow expired, rebuilt from the archive (see runs/RunArchiveService.ts). */
  archive?: RunArchiveService;
}

/** Statistics of one open log response, for tests and the benchmark. */
export interface StepLogStreamStats extends StepLogSessionStats {
  namespace: string;
  runName: string;
  step: string;
  /** Bytes written to the response that the client has not taken yet (`res.writableLength`). */
  bufferedBytes: number;
  /** Largest `bufferedBytes` seen. */
  peakBufferedBytes: number;
}

interface Tracked {
  session: StepLogSession;
  controller: AbortController;
  info: { namespace: string; runName: string; step: string };
  buffered: () => number;
  peakBufferedBytes: number;
}

/** Creates log sessions and keeps track of the open ones (shutdown, statistics). */
export class StepLogService {
  private readonly open = new Set<Tracked>();
  /**
   * `opened` / `closed` (a log response started / ended, with its stats) and `backpressure` (a
   * response stopped reading upstream until its client takes more): for tests and diagnostics.
   */
  readonly events = new EventEmitter();
  /** Caps open log responses per caller and in all (429 beyond). */
  readonly streams: StreamLimiter;
  readonly limits: LimitsConfig;
  private shuttingDown = false;

  private readonly runs: RunReader;

  constructor(readonly options: StepLogServiceOptions) {
    this.runs = options.runs ?? new RunReader(options.controlPlane);
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.streams = new StreamLimiter(this.limits.logStreams, {
      what: 'log streams',
      configKey: 'openchoreo.build.limits.logStreams',
    });
  }

  /** {@link StepLogService.close} was called: open responses end with a final event. */
  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  get heartbeatMs(): number {
    return this.options.heartbeatMs;
  }

  /** Resolves run, plane and observer; throws NotFoundError / ServiceUnavailableError. */
  locator(
    namespace: string,
    runName: string,
    step: string,
  ): Promise<StepLocator> {
    return StepLocator.create({
      namespace,
      runName,
      step,
      controlPlane: this.options.controlPlane,
      runs: this.runs,
      registry: this.options.registry,
      observerConfig: this.options.observer,
      timeoutMs: this.options.requestTimeoutMs,
    });
  }

  /**
   * Opens a session; `buffered` reports the response's unsent bytes. The session is aborted by
   * `controller` (client gone) or by {@link StepLogService.close}; call the returned `release`.
   */
  startSession(
    options: Omit<
      StepLogSessionOptions,
      'pollIntervalMs' | 'timeoutMs' | 'signal'
    >,
    controller: AbortController,
    buffered: () => number,
  ): { session: StepLogSession; release: () => void; notePeak: () => void } {
    const sink = options.sink;
    const holder: { tracked?: Tracked } = {};
    const session = new StepLogSession({
      pollLimitBytes: this.options.pollLimitBytes,
      archivePageSize: this.options.archivePageSize,
      observerResponseBytes: this.limits.observerResponseBytes,
      archivedStep: step =>
        this.archivedStep(
          options.locator.namespace,
          options.locator.runName,
          step,
        ),
      ...options,
      sink: {
        ...sink,
        lines: lines => {
          const pending = sink.lines(lines);
          if (pending && holder.tracked)
            this.events.emit('backpressure', this.statsOf(holder.tracked));
          return pending;
        },
      },
      pollIntervalMs: this.options.pollIntervalMs,
      timeoutMs: this.options.requestTimeoutMs,
      signal: controller.signal,
    });
    const entry: Tracked = {
      session,
      controller,
      info: {
        namespace: options.locator.namespace,
        runName: options.locator.runName,
        step: options.locator.step,
      },
      buffered,
      peakBufferedBytes: 0,
    };
    holder.tracked = entry;
    this.open.add(entry);
    this.events.emit('opened', this.statsOf(entry));
    return {
      session,
      release: () => {
        if (!this.open.delete(entry)) return;
        this.events.emit('closed', this.statsOf(entry));
        this.options.logger?.debug?.(
          `log stream of ${options.locator.stepLabel} closed`,
        );
      },
      notePeak: () => {
        entry.peakBufferedBytes = Math.max(entry.peakBufferedBytes, buffered());
      },
    };
  }

  /** A step of an expired run, among the steps rebuilt from its archive. */
  private async archivedStep(
    namespace: string,
    runName: string,
    step: string,
  ): Promise<{ step?: RunStep; known: string[] }> {
    const archive = this.options.archive;
    if (!archive) return { known: [] };
    const run = await this.runs.get(namespace, runName);
    const { steps } = await archive.stepsOf(run);
    return {
      step: findArchivedStep(steps, step),
      known: steps.map(s => (s.name === s.id ? s.id : `${s.name} (${s.id})`)),
    };
  }

  /** Open log responses. */
  stats(): StepLogStreamStats[] {
    return [...this.open].map(t => this.statsOf(t));
  }

  private statsOf(t: Tracked): StepLogStreamStats {
    return {
      ...t.info,
      ...t.session.stats,
      bufferedBytes: t.buffered(),
      peakBufferedBytes: Math.max(t.peakBufferedBytes, t.buffered()),
    };
  }

  /** Aborts every open session (backend shutdown). */
  close(): void {
    this.shuttingDown = true;
    for (const tracked of this.open) tracked.controller.abort();
    this.open.clear();
  }
}
