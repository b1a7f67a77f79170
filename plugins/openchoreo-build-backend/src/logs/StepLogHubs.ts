import type { LogPoint } from './logPoint';
import type { StepLocation } from './stepLocator';
import {
  StepLogHub,
  type HubFollower,
  type HubOutcome,
  type JoinVerdict,
} from './StepLogHub';
import type { StepLogSessionResult, StepLogSink } from './sessionTypes';

/** What identifies one step's log: the run (and its uid), the step, the plane it runs on. */
export interface HubStep {
  namespace: string;
  runName: string;
  /** The step as the request named it, until it was resolved to its id. */
  step: string;
  lastStep?: { id: string };
  buildRun: { uid?: string };
  connector: { label: string };
}

/**
 * The key of a step's shared follow. The step counts by its id once known (a name and an id of
 * the same step then share). A different pod of the same step (a retry) needs no key of its own:
 * a follower whose lines are numbered differently never passes a hub's cursor check.
 */
export function hubKeyOf(step: HubStep): string {
  return JSON.stringify([
    step.namespace,
    step.runName,
    step.buildRun.uid ?? '',
    step.lastStep?.id ?? step.step,
    step.connector.label,
  ]);
}

export interface StepLogHubsOptions<Step extends HubStep> {
  /** `openchoreo.build.limits.logFollowWindowBytes`: see StepLogHubOptions. */
  windowBytes: number;
  /**
   * Starts the shared reader of a step: a follow session from `start` (its first look at the
   * step is `initial` when given) that delivers into `sink`, aborted by `signal`.
   */
  startReader: (
    step: Step,
    sink: StepLogSink,
    start: LogPoint,
    signal: AbortSignal,
    initial?: StepLocation,
  ) => Promise<StepLogSessionResult>;
}

/**
 * The shared follows of this backend process, one per live step with followers (see
 * StepLogHub.ts). A hub starts when a follower reaches a running container and nobody shares
 * it yet, at that follower's position; it ends with the step or when its last follower leaves.
 * Each replica has its own: a follower resumes on any replica from its Last-Event-ID.
 */
export class StepLogHubs<Step extends HubStep = HubStep> {
  private readonly hubs = new Map<string, { hub: StepLogHub; step: Step }>();

  constructor(private readonly options: StepLogHubsOptions<Step>) {}

  /**
   * The step of a live shared follow, found by the reference a request names it with (as the
   * hub's first follower named it, or its id): a follower of an already shared step then costs
   * no lookup at all.
   */
  liveStep(namespace: string, runName: string, ref: string): Step | undefined {
    for (const { hub, step } of this.hubs.values()) {
      if (
        !hub.isStopped &&
        step.namespace === namespace &&
        step.runName === runName &&
        (step.step === ref || step.lastStep?.id === ref)
      )
        return step;
    }
    return undefined;
  }

  /** Whether a follower at `point` would join now (true when nobody shares the step yet: it would start the hub). */
  canJoin(step: Step, point: LogPoint): boolean {
    const hub = this.hubs.get(hubKeyOf(step))?.hub;
    return !hub || hub.check(point) === 'join';
  }

  /**
   * Attaches a follower at `point` to the step's hub, starting the hub there if there is none
   * (with `initial`, the running container the follower just saw). Resolves when the follower's
   * time in the hub ends; `behind` / `mismatch` when it cannot join (see {@link JoinVerdict}).
   */
  join(
    step: Step,
    point: LogPoint,
    follower: HubFollower,
    signal: AbortSignal,
    initial?: StepLocation,
  ): Promise<HubOutcome> | Exclude<JoinVerdict, 'join'> {
    const key = hubKeyOf(step);
    let hub = this.hubs.get(key)?.hub;
    if (!hub) {
      const created: StepLogHub = new StepLogHub({
        start: point,
        windowBytes: this.options.windowBytes,
        reader: (sink, start, readerSignal) =>
          this.options.startReader(step, sink, start, readerSignal, initial),
        onStop: () => {
          if (this.hubs.get(key)?.hub === created) this.hubs.delete(key);
        },
      });
      hub = created;
      this.hubs.set(key, { hub, step });
    }
    return hub.attach(follower, point, signal);
  }

  /** Open hubs: followers, reader position, window (tests, the benchmark). */
  stats(): Array<StepLogHub['stats'] & { key: string }> {
    return [...this.hubs].map(([key, { hub }]) => ({ key, ...hub.stats }));
  }

  /** Stops every hub (backend shutdown). */
  close(): void {
    for (const { hub } of [...this.hubs.values()]) hub.close();
    this.hubs.clear();
  }
}
