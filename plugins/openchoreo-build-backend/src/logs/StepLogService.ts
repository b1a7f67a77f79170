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
import { StepLocator, type StepLocation } from './stepLocator';
import type { RunStep } from '@openchoreo-build/plugin-openchoreo-build-common';
import { findArchivedStep } from '../runs/archiveSteps';
import { RunReader } from '../runs/RunReader';
import type { RunArchiveService } from '../runs/RunArchiveService';
import { StepLogHubs } from './StepLogHubs';

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
  /** `openchoreo.build.limits` (stream caps, byte caps, the shared follow window); defaults apply. */
  limits?: Partial<LimitsConfig>;
  /** Steps of runs whose Workflow expired, rebuilt from the archive (see runs/RunArchiveService.ts). */
  archive?: RunArchiveService;
}

/**
 * Statistics of one open log session (a response's own, or the one reader of a shared follow),
 * for tests and the benchmark.
 */
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

/**
 * Creates log sessions and keeps track of the open ones (shutdown, statistics); holds the shared
 * follows of running steps ({@link StepLogService.hubs}).
 */
export class StepLogService {
  private readonly open = new Set<Tracked>();
  /**
   * `opened` / `closed` (a log session started / ended, with its stats) and `backpressure` (a
   * session stopped reading upstream until its client takes more): for tests and diagnostics.
   */
  readonly events = new EventEmitter();
  /** Caps open log responses per caller and in all (429 beyond). */
  readonly streams: StreamLimiter;
  readonly limits: LimitsConfig;
  /** One upstream reader per followed live step, shared by its followers (StepLogHubs.ts). */
  readonly hubs: StepLogHubs<StepLocator>;
  /** Aborts of the open follow responses, for {@link StepLogService.close}. */
  private readonly followers = new Set<AbortController>();
  /** Lookups in flight, by step (see {@link StepLogService.lookUp}). */
  private readonly lookups = new Map<
    string,
    Promise<{ locator: StepLocator; initial: StepLocation }>
  >();
  private shuttingDown = false;

  private readonly runs: RunReader;

  constructor(readonly options: StepLogServiceOptions) {
    this.runs = options.runs ?? new RunReader(options.controlPlane);
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.streams = new StreamLimiter(this.limits.logStreams, {
      what: 'log streams',
      configKey: 'openchoreo.build.limits.logStreams',
    });
    this.hubs = new StepLogHubs({
      windowBytes: this.limits.logFollowWindowBytes,
      startReader: (step, sink, start, signal, initial) => {
        const controller = new AbortController();
        signal.addEventListener('abort', () => controller.abort(), {
          once: true,
        });
        const { session, release } = this.startSession(
          {
            locator: step,
            follow: true,
            startAt: start.next,
            resume: start.cursor,
            sink,
          },
          controller,
          () => 0,
        );
        return session.run(initial).finally(release);
      },
    });
  }

  /**
   * Counts a follow response as open until the returned function is called: {@link
   * StepLogService.close} aborts it (a follower attached to a shared follow has no session of its own).
   */
  trackFollower(controller: AbortController): () => void {
    this.followers.add(controller);
    return () => this.followers.delete(controller);
  }

  /** {@link StepLogService.close} was called: open responses end with a final event. */
  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  get heartbeatMs(): number {
    return this.options.heartbeatMs;
  }

  /**
   * The step's locator and a first look at the step ({@link StepLogService.locator}, then
   * `locate`). Requests for the same step at the same time share one lookup: a thousand viewers
   * opening a running step's log at once cost the control plane and the build plane one.
   */
  lookUp(
    namespace: string,
    runName: string,
    step: string,
  ): Promise<{ locator: StepLocator; initial: StepLocation }> {
    const key = JSON.stringify([namespace, runName, step]);
    const pending = this.lookups.get(key);
    if (pending) return pending;
    const lookup = this.locator(namespace, runName, step).then(
      async locator => ({ locator, initial: await locator.locate() }),
    );
    this.lookups.set(key, lookup);
    const forget = () => {
      if (this.lookups.get(key) === lookup) this.lookups.delete(key);
    };
    lookup.then(forget, forget);
    return lookup;
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

  /** Open sessions: one per response reading alone, one per shared follow (see `hubs.stats()`). */
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

  /** Aborts every open session and follow response (backend shutdown). */
  close(): void {
    this.shuttingDown = true;
    for (const follower of this.followers) follower.abort();
    this.followers.clear();
    this.hubs.close();
    for (const tracked of this.open) tracked.controller.abort();
    this.open.clear();
  }
}
