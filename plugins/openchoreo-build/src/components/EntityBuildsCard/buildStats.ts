import {
  isSucceededRunStatus,
  isTerminalRunStatus,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { durationOf } from '../common/format';

/** How many of the newest runs the card reads and shows in its strip and success rate. */
export const HISTORY_SIZE = 20;

/** The newest {@link HISTORY_SIZE} of `runs` (given newest first, as every list has them), oldest first. */
export function historyOldestFirst(runs: readonly RunSummary[]): RunSummary[] {
  return runs.slice(0, HISTORY_SIZE).reverse();
}

/** Of some runs: how many have finished, and how many of those succeeded. */
export interface SuccessRate {
  /** Runs with a finished status (`isTerminalRunStatus`): running and pending ones are left out. */
  finished: number;
  succeeded: number;
  /** `succeeded / finished` in whole percent; undefined when none has finished. */
  percent?: number;
}

/** The success rate of the finished ones among `runs`. */
export function successRate(runs: readonly RunSummary[]): SuccessRate {
  const finished = runs.filter(run => isTerminalRunStatus(run.status));
  const succeeded = finished.filter(run =>
    isSucceededRunStatus(run.status),
  ).length;
  return {
    finished: finished.length,
    succeeded,
    percent: finished.length
      ? Math.round((100 * succeeded) / finished.length)
      : undefined,
  };
}

/** One finished run's duration, a point of the sparkline. */
export interface DurationPoint {
  run: RunSummary;
  seconds: number;
}

/**
 * The durations of the finished runs among `runs`, in the same order. Unfinished runs are left out:
 * their duration is still growing and would read as a trend.
 */
export function finishedDurations(
  runs: readonly RunSummary[],
): DurationPoint[] {
  return runs.flatMap(run => {
    const seconds = isTerminalRunStatus(run.status)
      ? durationOf(run)
      : undefined;
    return seconds === undefined ? [] : [{ run, seconds }];
  });
}

/** Where a sparkline draws its points: `x` left to right, `y` from the top (longest at the top). */
export interface SparklineGeometry {
  points: Array<{ x: number; y: number }>;
  /** The SVG `points` attribute of the line through them. */
  polyline: string;
}

/**
 * Lays durations out in a `width` × `height` box with `inset` room at the edges for the dots. The
 * scale starts at 0 so builds of about the same length draw a nearly flat line instead of magnified
 * noise; a single point sits in the middle.
 */
export function sparklineGeometry(
  seconds: readonly number[],
  width: number,
  height: number,
  inset: number,
): SparklineGeometry {
  const longest = Math.max(...seconds, 0);
  const innerWidth = width - 2 * inset;
  const innerHeight = height - 2 * inset;
  const points = seconds.map((value, index) => ({
    x:
      seconds.length === 1
        ? width / 2
        : inset + (innerWidth * index) / (seconds.length - 1),
    y:
      longest === 0
        ? height - inset
        : inset + innerHeight * (1 - value / longest),
  }));
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    points,
    polyline: points.map(p => `${round(p.x)},${round(p.y)}`).join(' '),
  };
}
