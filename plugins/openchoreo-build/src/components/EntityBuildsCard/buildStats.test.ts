import type { RunStatus } from '@openchoreo-build/plugin-openchoreo-build-common';
import { runSummary } from '../../testUtils/fixtures';
import {
  HISTORY_SIZE,
  finishedDurations,
  historyOldestFirst,
  sparklineGeometry,
  successRate,
} from './buildStats';

const runs = (...statuses: RunStatus[]) =>
  statuses.map((status, i) => runSummary({ name: `run-${i}`, status }));

describe('successRate', () => {
  it('leaves running and pending builds out of the rate', () => {
    expect(
      successRate(
        runs('Running', 'Pending', 'Succeeded', 'Completed', 'Failed'),
      ),
    ).toEqual({ finished: 3, succeeded: 2, percent: 67 });
  });

  it('rounds to whole percent', () => {
    expect(
      successRate(
        runs('Succeeded', 'Failed', 'Failed', 'Failed', 'Failed', 'Failed'),
      ).percent,
    ).toBe(17);
  });

  it('gives 0% and 100% at the ends', () => {
    expect(successRate(runs('Failed', 'Failed')).percent).toBe(0);
    expect(successRate(runs('Succeeded')).percent).toBe(100);
  });

  it('has no percent when no build has finished', () => {
    expect(successRate(runs('Running', 'Pending'))).toEqual({
      finished: 0,
      succeeded: 0,
      percent: undefined,
    });
    expect(successRate([])).toEqual({
      finished: 0,
      succeeded: 0,
      percent: undefined,
    });
  });
});

describe('historyOldestFirst', () => {
  it('keeps the newest runs (a list gives them newest first) and turns them oldest first', () => {
    const newestFirst = Array.from({ length: HISTORY_SIZE + 3 }, (_, i) =>
      runSummary({ name: `run-${i}` }),
    );
    const history = historyOldestFirst(newestFirst);
    expect(history).toHaveLength(HISTORY_SIZE);
    expect(history[0].name).toBe(`run-${HISTORY_SIZE - 1}`);
    expect(history[HISTORY_SIZE - 1].name).toBe('run-0');
    // The caller's list is left as it was.
    expect(newestFirst[0].name).toBe('run-0');
  });
});

describe('finishedDurations', () => {
  it('takes finished runs with a known duration, in order', () => {
    const points = finishedDurations([
      runSummary({ name: 'a', status: 'Succeeded', durationSeconds: 10 }),
      runSummary({
        name: 'running',
        status: 'Running',
        durationSeconds: undefined,
        completedAt: undefined,
      }),
      runSummary({ name: 'b', status: 'Failed', durationSeconds: 20 }),
      runSummary({
        name: 'no-times',
        status: 'Failed',
        durationSeconds: undefined,
        createdAt: undefined,
        startedAt: undefined,
        completedAt: undefined,
      }),
    ]);
    expect(points.map(p => [p.run.name, p.seconds])).toEqual([
      ['a', 10],
      ['b', 20],
    ]);
  });

  it('computes a duration from the times when the server gave none', () => {
    const [point] = finishedDurations([
      runSummary({
        durationSeconds: undefined,
        startedAt: '2026-01-10T10:00:00Z',
        completedAt: '2026-01-10T10:01:30Z',
      }),
    ]);
    expect(point.seconds).toBe(90);
  });
});

describe('sparklineGeometry', () => {
  it('spreads the points over the width, the longest at the top and zero at the bottom', () => {
    const { points, polyline } = sparklineGeometry([0, 50, 100], 100, 20, 0);
    expect(points).toEqual([
      { x: 0, y: 20 },
      { x: 50, y: 10 },
      { x: 100, y: 0 },
    ]);
    expect(polyline).toBe('0,20 50,10 100,0');
  });

  it('keeps the inset free at the edges', () => {
    const { points } = sparklineGeometry([10, 20], 100, 20, 3);
    expect(points).toEqual([
      { x: 3, y: 10 },
      { x: 97, y: 3 },
    ]);
  });

  it('puts a single point in the middle, and all-zero durations on the floor', () => {
    expect(sparklineGeometry([42], 100, 20, 2).points).toEqual([
      { x: 50, y: 2 },
    ]);
    expect(sparklineGeometry([0, 0], 100, 20, 2).points).toEqual([
      { x: 2, y: 18 },
      { x: 98, y: 18 },
    ]);
  });

  it('has one point per duration', () => {
    expect(
      sparklineGeometry([1, 2, 3, 4, 5], 160, 32, 3).polyline.split(' '),
    ).toHaveLength(5);
  });
});
