import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import { testRun } from '../runRecords/__testUtils__/runRecordTestKit';
import { RunEndDetector } from './RunEndDetector';

describe('RunEndDetector', () => {
  let ended: RunSummary[];
  let detector: RunEndDetector;

  beforeEach(() => {
    ended = [];
    detector = new RunEndDetector(run => ended.push(run));
  });

  it('reports a run it saw unfinished once it is finished, and only once', () => {
    detector.onRunChanged(testRun('r1', 1, { status: 'Pending' }));
    detector.onRunChanged(testRun('r1', 1, { status: 'Running' }));
    expect(ended).toEqual([]);

    const failed = testRun('r1', 1, { status: 'Failed' });
    detector.onRunChanged(failed);
    // A later change of the finished run (labels, the run record's deletion mark) is no new end.
    detector.onRunChanged({ ...failed, resourceVersion: '9' });

    expect(ended).toEqual([failed]);
  });

  it('does not report a run first seen finished (the first list after a start)', () => {
    detector.onRunChanged(testRun('done', 1, { status: 'Succeeded' }));
    detector.onRunChanged(testRun('done', 1, { status: 'Succeeded' }));

    expect(ended).toEqual([]);
  });

  it('reports every kind of finished status', () => {
    for (const status of ['Succeeded', 'Failed', 'Completed'] as const) {
      detector.onRunChanged(testRun(status, 1, { status: 'Running' }));
      detector.onRunChanged(testRun(status, 1, { status }));
    }

    expect(ended.map(run => run.status)).toEqual([
      'Succeeded',
      'Failed',
      'Completed',
    ]);
  });

  it('forgets a removed run, and tells a later run reusing its name apart by uid', () => {
    detector.onRunChanged(testRun('r1', 1, { status: 'Running' }));
    detector.onRunRemoved(testRun('r1', 1, { status: 'Running' }));
    detector.onRunChanged(testRun('r1', 1, { status: 'Failed' }));
    expect(ended).toEqual([]);

    detector.onRunChanged(testRun('r2', 1, { status: 'Running' }));
    detector.onRunChanged(
      testRun('r2', 5, { uid: 'uid-r2-again', status: 'Succeeded' }),
    );
    expect(ended).toEqual([]);
  });
});
