import type { RunStep } from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  MIN_SEGMENT_PERCENT,
  percentAt,
  segmentOf,
  stepBarOf,
  timelineWindow,
} from './stepTimelineGeometry';

const at = (seconds: number) =>
  new Date(Date.UTC(2026, 0, 10, 10, 0, seconds)).toISOString();
const ms = (seconds: number) => Date.parse(at(seconds));

const step = (overrides: Partial<RunStep>): RunStep => ({
  id: 's',
  name: 's',
  phase: 'Succeeded',
  outputs: {},
  attempts: [],
  ...overrides,
});

const finishedRun = { startedAt: at(0), completedAt: at(100) };

describe('timelineWindow', () => {
  it('spans from the run start to its completion', () => {
    expect(
      timelineWindow(
        finishedRun,
        [step({ startedAt: at(10), finishedAt: at(90) })],
        ms(500),
      ),
    ).toEqual({ start: ms(0), end: ms(100) });
  });

  it('reaches now while the run is still going', () => {
    expect(
      timelineWindow(
        { startedAt: at(0) },
        [step({ phase: 'Running', startedAt: at(5) })],
        ms(40),
      ),
    ).toEqual({ start: ms(0), end: ms(40) });
  });

  it('takes the earliest and latest step times when they lie outside the run times', () => {
    expect(
      timelineWindow(
        { startedAt: at(10), completedAt: at(20) },
        [
          step({ startedAt: at(5), finishedAt: at(12) }),
          step({
            attempts: [
              {
                nodeId: 'a0',
                attempt: 0,
                phase: 'Failed',
                startedAt: at(12),
                finishedAt: at(15),
              },
              {
                nodeId: 'a1',
                attempt: 1,
                phase: 'Succeeded',
                startedAt: at(16),
                finishedAt: at(30),
              },
            ],
          }),
        ],
        ms(500),
      ),
    ).toEqual({ start: ms(5), end: ms(30) });
  });

  it('is undefined when nothing has a start, and ignores times that do not parse', () => {
    expect(timelineWindow({}, [step({})], ms(0))).toBeUndefined();
    expect(
      timelineWindow(
        { startedAt: 'not a time', completedAt: at(1) },
        [step({ startedAt: '' })],
        ms(0),
      ),
    ).toBeUndefined();
  });
});

describe('percentAt', () => {
  const window = { start: ms(0), end: ms(200) };

  it('places a time in proportion and clamps what lies outside', () => {
    expect(percentAt(window, ms(50))).toBe(25);
    expect(percentAt(window, ms(-10))).toBe(0);
    expect(percentAt(window, ms(300))).toBe(100);
  });

  it('puts everything at 0 in a window of no length', () => {
    expect(percentAt({ start: ms(5), end: ms(5) }, ms(5))).toBe(0);
  });
});

describe('segmentOf', () => {
  const window = { start: ms(0), end: ms(100) };

  it('covers the step from its start to its end', () => {
    expect(
      segmentOf(
        window,
        { startedAt: at(10), finishedAt: at(40), phase: 'Succeeded' },
        ms(500),
      ),
    ).toEqual({
      left: 10,
      width: 30,
      phase: 'Succeeded',
      startedAt: at(10),
      finishedAt: at(40),
      ongoing: false,
    });
  });

  it('runs to now while the step runs', () => {
    expect(
      segmentOf(window, { startedAt: at(60), phase: 'Running' }, ms(80)),
    ).toMatchObject({ left: 60, width: 20, ongoing: true });
  });

  it('draws a zero-length step, or one that ended without an end, as a sliver', () => {
    expect(
      segmentOf(
        window,
        { startedAt: at(20), finishedAt: at(20), phase: 'Succeeded' },
        ms(500),
      ),
    ).toMatchObject({ left: 20, width: MIN_SEGMENT_PERCENT, ongoing: false });
    const unended = segmentOf(
      window,
      { startedAt: at(30), phase: 'Failed' },
      ms(500),
    );
    expect(unended).toMatchObject({
      left: 30,
      width: MIN_SEGMENT_PERCENT,
      ongoing: false,
    });
    expect(unended?.finishedAt).toBeUndefined();
  });

  it('keeps a sliver at the very end inside the track', () => {
    const segment = segmentOf(
      window,
      { startedAt: at(100), finishedAt: at(100), phase: 'Succeeded' },
      ms(500),
    )!;
    expect(segment.left + segment.width).toBeCloseTo(100);
  });

  it('draws nothing for a step that never started', () => {
    expect(segmentOf(window, { phase: 'Pending' }, ms(50))).toBeUndefined();
  });
});

describe('stepBarOf', () => {
  const window = { start: ms(0), end: ms(100) };

  it('draws each attempt of a retried step, failed ones with their phase', () => {
    const bar = stepBarOf(
      window,
      step({
        phase: 'Running',
        startedAt: at(0),
        attempts: [
          {
            nodeId: 'a0',
            attempt: 0,
            phase: 'Failed',
            startedAt: at(0),
            finishedAt: at(20),
          },
          { nodeId: 'a1', attempt: 1, phase: 'Running', startedAt: at(30) },
        ],
      }),
      ms(50),
    );
    expect(bar.notRun).toBe(false);
    expect(
      bar.segments.map(s => [s.attempt, s.phase, s.left, s.width, s.ongoing]),
    ).toEqual([
      [0, 'Failed', 0, 20, false],
      [1, 'Running', 30, 20, true],
    ]);
  });

  it('draws a step with a single attempt from the step itself', () => {
    const bar = stepBarOf(
      window,
      step({
        startedAt: at(10),
        finishedAt: at(20),
        attempts: [{ nodeId: 'a0', attempt: 0, phase: 'Succeeded' }],
      }),
      ms(50),
    );
    expect(bar.segments).toHaveLength(1);
    expect(bar.segments[0]).toMatchObject({ left: 10, width: 10 });
    expect(bar.segments[0].attempt).toBeUndefined();
  });

  it('marks skipped and omitted steps as not run, with or without times', () => {
    expect(stepBarOf(window, step({ phase: 'Omitted' }), ms(50))).toEqual({
      segments: [],
      notRun: true,
    });
    expect(
      stepBarOf(
        window,
        step({ phase: 'Skipped', startedAt: at(40), finishedAt: at(40) }),
        ms(50),
      ),
    ).toMatchObject({ notRun: true, segments: [{ left: 40 }] });
  });

  it('has no segments when the run has no window yet', () => {
    expect(
      stepBarOf(undefined, step({ startedAt: at(1) }), ms(50)).segments,
    ).toEqual([]);
  });
});
