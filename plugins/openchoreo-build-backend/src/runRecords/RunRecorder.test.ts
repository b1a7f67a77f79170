import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  databaseService,
  ManualTimers,
  testRun,
  testStep,
} from './__testUtils__/runRecordTestKit';
import { RunRecorder, type RunRecordWriter } from './RunRecorder';
import { RunRecordStore, type RunRecordInput } from './RunRecordStore';

// The recorder's queueing does not depend on the database engine: SQLite only.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** The store, with its writes counted and, on demand, failed or held back. */
class WrappedStore implements RunRecordWriter {
  recordCalls: RunRecordInput[][] = [];
  failNext = 0;
  /** When set, writes wait for it. */
  gate?: Promise<void>;

  constructor(readonly store: RunRecordStore) {}

  async recordMany(entries: readonly RunRecordInput[]) {
    this.recordCalls.push([...entries]);
    await this.gate;
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    }
    await this.store.recordMany(entries);
  }

  markDeleted: RunRecordWriter['markDeleted'] = (ref, deletion) =>
    this.store.markDeleted(ref, deletion);

  markMissingDeleted: RunRecordWriter['markMissingDeleted'] = (
    scope,
    present,
    listedAt,
  ) => this.store.markMissingDeleted(scope, present, listedAt);
}

const FLUSH_DELAY = 500;

describe('RunRecorder', () => {
  let store: RunRecordStore;
  let wrapped: WrappedStore;
  let timers: ManualTimers;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let clock: number;
  let recorder: RunRecorder;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));

  beforeEach(async () => {
    const knex = await databases.init('SQLITE_3');
    clock = Date.parse('2025-01-01T01:00:00Z');
    store = await RunRecordStore.create({
      database: databaseService(knex),
      now: () => clock,
    });
    wrapped = new WrappedStore(store);
    timers = new ManualTimers();
    logger = mockServices.logger.mock();
    recorder = new RunRecorder({
      store: wrapped,
      logger,
      timers,
      flushDelayMs: FLUSH_DELAY,
      now: () => new Date(clock),
    });
    unhandled.length = 0;
  });

  /** Unhandled rejections are reported once the current tick's promise jobs ran. */
  const unhandledRejections = async () => {
    await new Promise(setImmediate);
    return unhandled;
  };

  const recorded = (name: string) => store.get({ namespace: 'nova', name });
  const update = (i: number): RunSummary =>
    testRun('run-a', 1, { resourceVersion: String(i), image: `app:${i}` });

  it('coalesces a burst of changes of one run into one write of its last state, after one timer', async () => {
    for (let i = 1; i <= 50; i += 1) recorder.onRunChanged(update(i));
    expect(timers.delays()).toEqual([FLUSH_DELAY]);
    expect(wrapped.recordCalls).toHaveLength(0);

    timers.fireAll();
    await recorder.settled();

    expect(wrapped.recordCalls).toHaveLength(1);
    expect(wrapped.recordCalls[0].map(entry => entry.run)).toEqual([
      update(50),
    ]);
    expect((await recorded('run-a'))?.run).toEqual(update(50));
  });

  it('gathers the changes that arrive during a write into the next write', async () => {
    let open = () => {};
    wrapped.gate = new Promise(resolve => {
      open = resolve;
    });
    recorder.onRunChanged(update(1));
    timers.fireAll();
    for (let i = 2; i <= 50; i += 1) recorder.onRunChanged(update(i));
    // No second timer while the first write is in flight.
    expect(timers.delays()).toEqual([]);

    open();
    await recorder.flush();

    expect(wrapped.recordCalls.map(call => call.map(e => e.run))).toEqual([
      [update(1)],
      [update(50)],
    ]);
    expect((await recorded('run-a'))?.run).toEqual(update(50));
  });

  it('keeps the steps of an earlier change when a later one has none', async () => {
    recorder.onRunChanged(update(1), { steps: [testStep('build')] });
    recorder.onRunChanged(update(2));
    await recorder.flush();
    expect((await recorded('run-a'))?.steps).toEqual([testStep('build')]);
  });

  it('logs a failed write and retries it with backoff, keeping what changed meanwhile; nothing is thrown', async () => {
    wrapped.failNext = 2;
    recorder.onRunChanged(update(1));
    timers.fireAll();
    await recorder.settled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'could not write 1 runs and 0 list comparisons (attempt 1); retrying in 1 s: connect ECONNREFUSED',
      ),
    );
    expect(timers.delays()).toEqual([1000]);

    // Joins the retry (no timer of its own), newer than the failed state.
    recorder.onRunChanged(update(2));
    expect(timers.delays()).toEqual([1000]);
    timers.fireAll();
    await recorder.settled();
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(timers.delays()).toEqual([2000]);

    timers.fireAll();
    await recorder.settled();
    expect((await recorded('run-a'))?.run).toEqual(update(2));
    expect(logger.info).toHaveBeenCalledWith(
      'Run record: writes resumed after 2 failed attempts',
    );
    expect(timers.delays()).toEqual([]);
    expect(wrapped.recordCalls).toHaveLength(3);
    expect(await unhandledRejections()).toEqual([]);
  });

  it('records a run that disappeared after it finished as deleted by retention', async () => {
    const finished = testRun('run-a', 1, {
      status: 'Succeeded',
      completedAt: '2025-01-01T00:00:00Z',
    });
    recorder.onRunChanged({ ...finished, status: 'Running' });
    recorder.onRunRemoved(finished, { ttlAfterCompletion: '1h' });
    await recorder.flush();

    const record = await recorded('run-a');
    expect(record?.run.status).toBe('Succeeded');
    expect(record?.run.deleted).toEqual({
      at: new Date(clock).toISOString(),
      reason: 'retention',
    });
  });

  it('records a run that disappeared while it ran as deleted', async () => {
    recorder.onRunRemoved(testRun('run-a', 1));
    await recorder.flush();
    expect((await recorded('run-a'))?.run.deleted?.reason).toBe('deleted');
  });

  it('records every listed run and marks recorded runs the list lacks as deleted, but not runs added after the list', async () => {
    await store.recordMany(
      [testRun('gone', 1, { status: 'Failed' }), testRun('added-later', 3)].map(
        run => ({ run }),
      ),
    );
    recorder.onRunsListed({ namespace: 'nova', generation: 'v1' }, [
      testRun('listed', 2),
    ]);
    recorder.onRunChanged(testRun('added-later', 3, { resourceVersion: '2' }));
    await recorder.flush();

    expect((await recorded('listed'))?.run.deleted).toBeUndefined();
    expect((await recorded('added-later'))?.run.deleted).toBeUndefined();
    expect((await recorded('gone'))?.run.deleted?.reason).toBe('retention');
  });

  it('writes what is queued when stopped, and takes no changes afterwards', async () => {
    recorder.onRunChanged(update(1));
    await recorder.stop();
    expect((await recorded('run-a'))?.run).toEqual(update(1));

    recorder.onRunChanged(update(2));
    expect(recorder.pendingCount).toBe(0);
    expect(timers.delays()).toEqual([]);
  });

  it('says at stop how many changes it could not write', async () => {
    wrapped.failNext = 1;
    recorder.onRunChanged(update(1));
    await recorder.stop();
    expect(logger.warn).toHaveBeenLastCalledWith(
      expect.stringContaining('1 changes were not written before shutdown'),
    );
    expect(timers.delays()).toEqual([]);
    expect(await unhandledRejections()).toEqual([]);
  });
});
