import type { RunStep } from '@openchoreo-build/plugin-openchoreo-build-common';
import { stepEdges, stepsFormDag } from './stepGraphModel';

const step = (
  id: string,
  dependsOn: string[] | undefined,
  extra: Partial<RunStep> = {},
): RunStep => ({
  id,
  name: id,
  phase: 'Succeeded',
  outputs: {},
  attempts: [],
  ...(dependsOn ? { dependsOn } : {}),
  ...extra,
});

describe('stepsFormDag', () => {
  it('is false for a straight line of steps (OpenChoreo build workflows)', () => {
    expect(
      stepsFormDag([
        step('clone', []),
        step('build', ['clone']),
        step('push', ['build']),
      ]),
    ).toBe(false);
  });

  it('is true when a step waits for two steps (a diamond)', () => {
    expect(
      stepsFormDag([step('A', []), step('B', ['A']), step('D', ['A', 'B'])]),
    ).toBe(true);
  });

  it('is true when two steps start after the same step, or both first', () => {
    expect(
      stepsFormDag([step('A', []), step('B', ['A']), step('C', ['A'])]),
    ).toBe(true);
    expect(stepsFormDag([step('a', []), step('b', [])])).toBe(true);
  });

  it('leaves out the exit handler and steps whose source does not say what they follow', () => {
    expect(
      stepsFormDag([
        step('main', []),
        step('notify', [], { exitHandler: true }),
      ]),
    ).toBe(false);
    expect(stepsFormDag([step('a', undefined), step('b', undefined)])).toBe(
      false,
    );
  });
});

describe('stepEdges', () => {
  it('links each dependency to its step, dropping ids of no step', () => {
    expect(
      stepEdges([
        step('A', []),
        step('B', ['A']),
        step('D', ['A', 'B', 'gone']),
      ]),
    ).toEqual([
      { from: 'A', to: 'B' },
      { from: 'A', to: 'D' },
      { from: 'B', to: 'D' },
    ]);
  });
});
