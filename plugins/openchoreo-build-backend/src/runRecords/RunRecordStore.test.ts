import type { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  sortNewestFirst,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Knex } from 'knex';
import { decodeCursor, encodeCursor } from '../runs/runPaging';
import {
  createTestDatabases,
  databaseService,
  testRun,
  testStep,
} from './__testUtils__/runRecordTestKit';
import {
  RUN_RECORDS_TABLE,
  toNumber,
  type RunRecordRow,
} from './runRecordRows';
import { RunRecordStore } from './RunRecordStore';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('RunRecordStore on %s', id => {
  let knex: Knex;
  let clock: number;
  let store: RunRecordStore;

  const open = () =>
    RunRecordStore.create({
      database: databaseService(knex),
      now: () => clock,
    });

  beforeEach(async () => {
    knex = await databases.init(id as TestDatabaseId);
    clock = Date.parse('2025-02-01T00:00:00Z');
    store = await open();
  });

  const rowOf = (name: string) =>
    knex<RunRecordRow>(RUN_RECORDS_TABLE).where({ name }).first();

  it('applies its migrations once: opening again changes nothing and keeps the records', async () => {
    await store.record(testRun('run-a', 1));
    const version = await knex.migrate.currentVersion();
    expect(version).not.toBe('none');

    const reopened = await open();
    expect(await knex.migrate.currentVersion()).toBe(version);
    expect(
      (await reopened.get({ namespace: 'nova', name: 'run-a' }))?.run,
    ).toEqual(testRun('run-a', 1));
  });

  it('does not migrate when the database service says to skip migrations', async () => {
    const fresh = await databases.init(id as TestDatabaseId);
    await RunRecordStore.create({
      database: databaseService(fresh, { skip: true }),
    });
    expect(await fresh.schema.hasTable(RUN_RECORDS_TABLE)).toBe(false);
  });

  it('records a run with its steps and creator, and reads it back without step outputs', async () => {
    const run = testRun('run-a', 1, {
      status: 'Succeeded',
      completedAt: '2025-01-01T00:05:00Z',
      image: 'registry.example/app:abc123',
      createdBy: 'user:default/jane',
      trigger: { kind: 'user', userEntityRef: 'user:default/jane' },
    });
    await store.record(run, [
      testStep('build', { 'workload-cr': 'kind: Workload' }),
    ]);

    const record = await store.get({ namespace: 'nova', name: 'run-a' });
    expect(record?.run).toEqual(run);
    expect(record?.steps).toEqual([testStep('build')]);
    expect((await rowOf('run-a'))?.steps_json).not.toContain('Workload');
  });

  it('updates a record in place and keeps steps and creator when a later write lacks them', async () => {
    await store.record(
      testRun('run-a', 1, { createdBy: 'user:default/jane' }),
      [testStep('build')],
    );
    await store.record(
      testRun('run-a', 1, { status: 'Failed', resourceVersion: '7' }),
    );

    const record = await store.get({ namespace: 'nova', name: 'run-a' });
    expect(record?.run.status).toBe('Failed');
    expect(record?.run.createdBy).toBe('user:default/jane');
    expect(record?.steps).toEqual([testStep('build')]);
    expect(await store.count()).toBe(1);
  });

  it('leaves a row alone when a write says what it already holds (a re-list of the same runs), and writes new steps or a new summary', async () => {
    const run = testRun('run-a', 1, { resourceVersion: '5' });
    await store.record(run, [testStep('build')]);
    const first = await rowOf('run-a');

    // The same summary, later, without steps (as every informer's first list writes it): untouched.
    clock += 60_000;
    await store.recordMany([{ run }, { run: testRun('run-b', 2) }]);
    expect(await rowOf('run-a')).toEqual(first);
    expect(await store.count()).toBe(2);

    // The same summary with steps it did not have: written.
    clock += 60_000;
    await store.record(run, [testStep('build'), testStep('push')]);
    const withSteps = await rowOf('run-a');
    expect(toNumber(withSteps!.recorded_at_ms)).toBe(
      toNumber(first!.recorded_at_ms) + 120_000,
    );
    expect(
      (await store.get({ namespace: 'nova', name: 'run-a' }))?.steps,
    ).toEqual([testStep('build'), testStep('push')]);

    // The same resourceVersion with another summary (the creator became known): written.
    clock += 60_000;
    await store.record({ ...run, createdBy: 'user:default/jane' });
    expect((await rowOf('run-a'))?.created_by).toBe('user:default/jane');
    expect(
      (await store.get({ namespace: 'nova', name: 'run-a' }))?.steps,
    ).toEqual([testStep('build'), testStep('push')]);
  });

  it('never moves a record backwards: an older resourceVersion or an unfinished status after a finished one is ignored', async () => {
    await store.record(testRun('run-a', 1, { resourceVersion: '20' }));
    await store.record(
      testRun('run-a', 1, { resourceVersion: '10', status: 'Pending' }),
    );
    expect(
      (await store.get({ namespace: 'nova', name: 'run-a' }))?.run,
    ).toEqual(testRun('run-a', 1, { resourceVersion: '20' }));

    await store.record(
      testRun('run-a', 1, { resourceVersion: '30', status: 'Succeeded' }),
    );
    // A newer resourceVersion, but a finished run does not run again.
    await store.record(
      testRun('run-a', 1, { resourceVersion: '40', status: 'Running' }),
    );
    const record = await store.get({ namespace: 'nova', name: 'run-a' });
    expect(record?.run.status).toBe('Succeeded');
    expect(record?.run.resourceVersion).toBe('30');
  });

  it('keeps a run whose name a later run reuses apart by uid; get returns the newest, or the one asked by uid', async () => {
    await store.record(testRun('run-a', 1, { uid: 'first', status: 'Failed' }));
    await store.markDeleted(
      { namespace: 'nova', name: 'run-a', uid: 'first' },
      { at: new Date(clock), reason: 'deleted' },
    );
    await store.record(testRun('run-a', 50, { uid: 'second' }));

    expect(await store.count()).toBe(2);
    const newest = await store.get({ namespace: 'nova', name: 'run-a' });
    expect(newest?.run).toMatchObject({ uid: 'second', status: 'Running' });
    expect(newest?.run.deleted).toBeUndefined();
    const first = await store.get({
      namespace: 'nova',
      name: 'run-a',
      uid: 'first',
    });
    expect(first?.run).toMatchObject({ uid: 'first', status: 'Failed' });
    expect(first?.run.deleted?.reason).toBe('deleted');
  });

  it('marks a run deleted once: the first time and reason stay, later writes of the run keep the mark', async () => {
    const run = testRun('run-a', 1, { status: 'Succeeded' });
    await store.record(run);
    const first = new Date('2025-02-01T10:00:00Z');
    expect(
      await store.markDeleted(run, { at: first, reason: 'retention' }),
    ).toBe(true);
    expect(
      await store.markDeleted(run, {
        at: new Date('2025-02-02T00:00:00Z'),
        reason: 'deleted',
      }),
    ).toBe(false);
    await store.record({ ...run, resourceVersion: '2' });

    expect((await store.get(run))?.run.deleted).toEqual({
      at: first.toISOString(),
      reason: 'retention',
    });
    expect(
      await store.markDeleted(
        { namespace: 'nova', name: 'never-recorded', uid: 'x' },
        { at: first, reason: 'deleted' },
      ),
    ).toBe(false);
  });

  describe('listDeleted', () => {
    /** Names that sort differently byte-wise than in a locale collation ('-' and '.' count). */
    const names = ['ab', 'a-b', 'a.b', 'a-c', 'b', 'a1', 'a-10', 'a-9'];

    async function recordDeleted(runs: RunSummary[]) {
      await store.recordMany(runs.map(run => ({ run })));
      for (const run of runs) {
        await store.markDeleted(run, {
          at: new Date(clock),
          reason: 'retention',
        });
      }
    }

    it('lists only runs whose object is gone, in the list order of GET /runs', async () => {
      const runs = [
        ...names.map(name => testRun(name, 5)), // same second: ordered by name
        ...names.map(name =>
          testRun(name, 5, { namespace: 'acme', uid: `acme-${name}` }),
        ),
        testRun('older', 1),
        testRun('newer', 9),
        testRun('no-time', 0, { createdAt: undefined }),
      ];
      await recordDeleted(runs);
      await store.record(testRun('still-there', 7));

      const listed = await store.listDeleted({
        namespaces: ['nova', 'acme'],
        limit: 100,
      });
      expect(listed.map(run => `${run.namespace}/${run.name}`)).toEqual(
        sortNewestFirst(runs).map(run => `${run.namespace}/${run.name}`),
      );
      expect(listed.every(run => run.deleted?.reason === 'retention')).toBe(
        true,
      );
    });

    it('pages by keyset with the cursors of GET /runs: every record once, in order', async () => {
      const runs = names.flatMap((name, i) => [
        testRun(name, i % 3),
        testRun(`${name}-x`, 10 + i),
      ]);
      await recordDeleted(runs);

      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listDeleted({
          namespaces: ['nova'],
          limit: 3,
          after: cursor ? decodeCursor(cursor) : undefined,
        });
        paged.push(...page.map(run => run.name));
        cursor =
          page.length === 3 ? encodeCursor(page[page.length - 1]) : undefined;
      } while (cursor);
      expect(paged).toEqual(sortNewestFirst(runs).map(run => run.name));
    });

    it('filters by organization, project, component, workflow and status', async () => {
      await recordDeleted([
        testRun('c-1', 1),
        testRun('c-2', 2, { status: 'Failed' }),
        testRun('d-1', 3, { component: 'd' }),
        testRun('q-1', 4, { project: 'q' }),
        testRun('w-1', 5, { workflow: 'buildpacks' }),
        testRun('acme-1', 6, { namespace: 'acme' }),
      ]);
      const list = (query: Parameters<RunRecordStore['listDeleted']>[0]) =>
        store.listDeleted(query).then(runs => runs.map(run => run.name));

      expect(
        await list({
          namespaces: ['nova'],
          filter: { component: 'c', project: 'p', workflow: 'docker' },
          limit: 10,
        }),
      ).toEqual(['c-2', 'c-1']);
      expect(
        await list({
          namespaces: ['nova'],
          filter: { statuses: ['Failed'] },
          limit: 10,
        }),
      ).toEqual(['c-2']);
      expect(await list({ namespaces: ['acme'], limit: 10 })).toEqual([
        'acme-1',
      ]);
      // An organization the caller may not see stays out, even when the filter names it.
      expect(
        await list({
          namespaces: ['nova'],
          filter: { namespace: 'acme' },
          limit: 10,
        }),
      ).toEqual([]);
      expect(await list({ namespaces: [], limit: 10 })).toEqual([]);
      expect(await list({ namespaces: ['nova'], limit: 2 })).toEqual([
        'w-1',
        'q-1',
      ]);
    });

    it('refuses a limit it cannot serve, saying what is allowed', async () => {
      await expect(
        store.listDeleted({ namespaces: ['nova'], limit: 0 }),
      ).rejects.toThrow('limit must be an integer from 1 to 1000, got 0');
    });
  });

  it('after a full list, marks the records the list lacks as deleted: finished by retention, others deleted', async () => {
    await store.recordMany(
      [
        testRun('listed', 1),
        testRun('gone-finished', 2, { status: 'Succeeded' }),
        testRun('gone-running', 3),
        testRun('v0-run', 4, { generation: 'v0' }),
      ].map(run => ({ run })),
    );
    const listedAt = new Date(clock);
    clock += 1000;
    // Recorded after the list was taken (e.g. by another replica): not judged by that list.
    await store.record(testRun('created-after-list', 5));

    const marked = await store.markMissingDeleted(
      { namespace: 'nova', generation: 'v1' },
      new Set(['uid-listed']),
      listedAt,
    );

    expect(marked).toBe(2);
    const deletion = async (name: string) =>
      (await store.get({ namespace: 'nova', name }))?.run.deleted?.reason;
    expect(await deletion('gone-finished')).toBe('retention');
    expect(await deletion('gone-running')).toBe('deleted');
    expect(await deletion('listed')).toBeUndefined();
    expect(await deletion('v0-run')).toBeUndefined();
    expect(await deletion('created-after-list')).toBeUndefined();
  });

  it('prunes the records of runs deleted before a time, and nothing else', async () => {
    await store.recordMany(
      [testRun('old', 1), testRun('recent', 2), testRun('live', 3)].map(
        run => ({ run }),
      ),
    );
    await store.markDeleted(testRun('old', 1), {
      at: new Date('2024-10-01T00:00:00Z'),
      reason: 'retention',
    });
    await store.markDeleted(testRun('recent', 2), {
      at: new Date('2025-01-20T00:00:00Z'),
      reason: 'retention',
    });

    expect(await store.prune(new Date('2025-01-01T00:00:00Z'))).toBe(1);
    expect(await store.get({ namespace: 'nova', name: 'old' })).toBeUndefined();
    expect(
      await store.get({ namespace: 'nova', name: 'recent' }),
    ).toBeDefined();
    expect(await store.get({ namespace: 'nova', name: 'live' })).toBeDefined();
  });

  it('writes many runs in batches, the last entry of a run winning', async () => {
    const runs = Array.from({ length: 450 }, (_, i) => testRun(`run-${i}`, i));
    await store.recordMany([
      ...runs.map(run => ({ run })),
      { run: { ...runs[0], status: 'Failed' as const, resourceVersion: '2' } },
    ]);
    expect(await store.count()).toBe(450);
    expect(
      (await store.get({ namespace: 'nova', name: 'run-0' }))?.run.status,
    ).toBe('Failed');
  });
});
