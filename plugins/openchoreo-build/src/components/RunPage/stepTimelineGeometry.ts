import type {
  RunStep,
  RunStepPhase,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/*
 * Where each step's bar sits on the run's timeline, in percent of the track, without React. Times
 * are ISO strings as the backend sends them; a missing or unparsable time is unknown, never zero.
 */

/** The time span the bars are drawn against, in milliseconds since the epoch. */
export interface TimelineWindow {
  start: number;
  end: number;
}

/** One bar segment: a step, or one attempt of a retried step. */
export interface TimelineSegment {
  /** Percent of the track before the segment. */
  left: number;
  /** Percent of the track the segment covers (at least {@link MIN_SEGMENT_PERCENT}). */
  width: number;
  phase: RunStepPhase;
  /** The attempt number (Argo's, from 0) when the step was retried. */
  attempt?: number;
  startedAt: string;
  /** Absent while the segment runs (it then ends at `now`) or when the end was never recorded. */
  finishedAt?: string;
  /** Still running: the segment grows with `now`. */
  ongoing: boolean;
}

/** A step's bar: its segments (one per attempt when retried) and whether it did not run. */
export interface StepBar {
  segments: TimelineSegment[];
  /** Skipped or Omitted: drawn greyed and dashed, labelled with the phase. */
  notRun: boolean;
}

/** Phases that have not ended: a segment without an end runs to now. */
const ONGOING_PHASES: ReadonlySet<RunStepPhase> = new Set([
  'Pending',
  'Running',
]);

/** Phases of a step that did not run. */
const NOT_RUN_PHASES: ReadonlySet<RunStepPhase> = new Set([
  'Skipped',
  'Omitted',
]);

/** The thinnest segment drawn, in percent: a step that took no time still shows. */
export const MIN_SEGMENT_PERCENT = 0.75;

/** Milliseconds of an ISO time; undefined when missing or not a time. */
function millisOf(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  return Number.isFinite(at) ? at : undefined;
}

/** The timed things of a step: the step itself, or each attempt when it was retried. */
function timedPartsOf(step: RunStep): Array<{
  startedAt?: string;
  finishedAt?: string;
  phase: RunStepPhase;
  attempt?: number;
}> {
  return step.attempts.length > 1 ? step.attempts : [step];
}

/**
 * The span the timeline covers: from the earliest start (the run's or a step's) to the latest end,
 * or to `now` while a step or the run is still going. Undefined when nothing has started.
 */
export function timelineWindow(
  run: { startedAt?: string; createdAt?: string; completedAt?: string },
  steps: readonly RunStep[],
  now: number,
): TimelineWindow | undefined {
  const parts = steps.flatMap(timedPartsOf);
  const starts = [run.startedAt, ...parts.map(p => p.startedAt)]
    .map(millisOf)
    .filter((at): at is number => at !== undefined);
  if (starts.length === 0) return undefined;
  const ends = [run.completedAt, ...parts.map(p => p.finishedAt)]
    .map(millisOf)
    .filter((at): at is number => at !== undefined);
  const going =
    millisOf(run.completedAt) === undefined ||
    parts.some(
      p =>
        ONGOING_PHASES.has(p.phase) &&
        millisOf(p.startedAt) !== undefined &&
        millisOf(p.finishedAt) === undefined,
    );
  if (going) ends.push(now);
  const start = Math.min(...starts);
  return { start, end: Math.max(start, ...starts, ...ends) };
}

/** Where `at` falls on the track, in percent (0–100); 0 for a window of no length. */
export function percentAt(window: TimelineWindow, at: number): number {
  const span = window.end - window.start;
  if (span <= 0) return 0;
  return Math.min(100, Math.max(0, ((at - window.start) / span) * 100));
}

/**
 * The segment of something timed: from its start to its end, to `now` while it runs, or a
 * sliver at its start when it ended without a recorded end. Undefined when it never started.
 */
export function segmentOf(
  window: TimelineWindow,
  part: {
    startedAt?: string;
    finishedAt?: string;
    phase: RunStepPhase;
    attempt?: number;
  },
  now: number,
): TimelineSegment | undefined {
  const start = millisOf(part.startedAt);
  if (start === undefined || !part.startedAt) return undefined;
  const finished = millisOf(part.finishedAt);
  const ongoing = finished === undefined && ONGOING_PHASES.has(part.phase);
  let end = start;
  if (finished !== undefined) end = finished;
  else if (ongoing) end = now;
  const left = percentAt(window, start);
  const width = Math.max(
    MIN_SEGMENT_PERCENT,
    percentAt(window, Math.max(start, end)) - left,
  );
  return {
    // A sliver at the very end stays inside the track.
    left: Math.min(left, 100 - width),
    width,
    phase: part.phase,
    ...(part.attempt !== undefined ? { attempt: part.attempt } : {}),
    startedAt: part.startedAt,
    ...(finished !== undefined ? { finishedAt: part.finishedAt } : {}),
    ongoing,
  };
}

/** A step's bar on the timeline: one segment per attempt when retried, else one for the step. */
export function stepBarOf(
  window: TimelineWindow | undefined,
  step: RunStep,
  now: number,
): StepBar {
  const notRun = NOT_RUN_PHASES.has(step.phase);
  if (!window) return { segments: [], notRun };
  const segments = timedPartsOf(step)
    .map(part => segmentOf(window, part, now))
    .filter((segment): segment is TimelineSegment => segment !== undefined);
  return { segments, notRun };
}
