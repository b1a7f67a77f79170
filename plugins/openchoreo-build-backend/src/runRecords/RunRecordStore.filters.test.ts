import type { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  sortNewestFirst,
  type RunFilter,
  type RunSummary,
  type RunTrigger,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Knex } from 'knex';
import { decodeCursor, encodeCursor } from '../runs/runPaging';
import {
  createTestDatabases,
  databaseService,
  testRun,
} from './__testUtils__/runRecordTestKit';
import { RUN_RECORDS_TABLE, toRunRecordRow } from './runRecordRows';
import { MIGRATIONS_DIRECTORY, RunRecordStore } from './RunRecordStore';

/** The migration that added the `branch` column (and fills it in for existing records). */
const BRANCH_MIGRATION = '20250710000000_run_records_branch.js';

const databases = createTestDatabases();

const ada = 'user:default/ada';
const byAda: Partial<RunSummary> = {
  createdBy: ada,
  trigger: { kind: 'user', userEntityRef: ada },
};
const webhookTrigger = (deliveryId: string): RunTrigger => ({
  kind: 'webhook',
  provider: 'github',
  deliveryId,
});

describe.each(databases.eachSupportedId())(
  'RunRecordStore filters (branch, trigger, creator) on %s',
  id => {
    let knex: Knex;
    let store: RunRecordStore;
    const clock = Date.parse('2025-02-01T00:00:00Z');

    beforeEach(async () => {
      knex = await databases.init(id as TestDatabaseId);
      store = await RunRecordStore.create({
        database: databaseService(knex),
        now: () => clock,
      });
    });

    async function recordDeleted(runs: RunSummary[]) {
      await store.recordMany(runs.map(run => ({ run })));
      for (const run of runs) {
        await store.markDeleted(run, {
          at: new Date(clock),
          reason: 'retention',
        });
      }
    }

    /** Every page of `filter` as GET /runs pages it (a full page gets a cursor), by name. */
    async function pagesOf(filter: RunFilter, limit: number) {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listDeleted({
          namespaces: ['nova'],
          filter,
          limit,
          after: cursor ? decodeCursor(cursor) : undefined,
        });
        pages.push(page.map(run => run.name));
        cursor =
          page.length === limit
            ? encodeCursor(page[page.length - 1])
            : undefined;
      } while (cursor && pages.length < 10);
      return pages.filter(page => page.length > 0);
    }

    it('keeps the trigger of a deleted run, delivery id included', async () => {
      const run = testRun('hooked', 1, {
        createdBy: 'webhook:github',
        trigger: webhookTrigger('delivery-1'),
      });
      await recordDeleted([run]);
      const [listed] = await store.listDeleted({
        namespaces: ['nova'],
        limit: 10,
      });
      expect(listed.trigger).toEqual(webhookTrigger('delivery-1'));
      expect(listed.deleted?.reason).toBe('retention');
    });

    it('filters by branch, creator and trigger, and pages the matches in 3 pages with none lost or repeated', async () => {
      const runs = Array.from({ length: 36 }, (_, i) =>
        testRun(`run-${String(i).padStart(2, '0')}`, Math.floor(i / 4), {
          repository: { branch: i % 3 === 0 ? 'dev' : 'main' },
          ...(i % 2 === 0
            ? byAda
            : {
                createdBy: 'webhook:github',
                trigger: webhookTrigger(`d-${i}`),
              }),
        }),
      );
      await recordDeleted(runs);
      const names = (keep: (run: RunSummary) => boolean) =>
        sortNewestFirst(runs.filter(keep)).map(run => run.name);

      const mainByAda = names(
        run => run.repository.branch === 'main' && run.createdBy === ada,
      );
      expect(mainByAda).toHaveLength(12);
      const mainPages = await pagesOf(
        { branch: 'main', createdBy: ada, trigger: 'user' },
        4,
      );
      expect(mainPages.map(page => page.length)).toEqual([4, 4, 4]);
      expect(mainPages.flat()).toEqual(mainByAda);

      const webhookPages = await pagesOf({ trigger: 'webhook' }, 7);
      expect(webhookPages.map(page => page.length)).toEqual([7, 7, 4]);
      expect(webhookPages.flat()).toEqual(
        names(run => run.trigger?.kind === 'webhook'),
      );

      expect(await pagesOf({ branch: 'release' }, 5)).toEqual([]);
      expect(await pagesOf({ createdBy: 'user:default/bob' }, 5)).toEqual([]);
    });

    it('reads past records whose creator only looks like a user, so a page still fills', async () => {
      // Newest first: a batch of creators that start with "user:" but are no user entity ref.
      const garbage = [
        'user:',
        'user:default/',
        'user:default/<script>',
        'user:Default/Ada',
        'user:default/a b',
      ].map((createdBy, i) => testRun(`garbage-${i}`, 100 - i, { createdBy }));
      const real = [1, 2, 3].map(i =>
        testRun(`real-${i}`, 10 - i, { ...byAda }),
      );
      await recordDeleted([...garbage, ...real]);

      expect(await pagesOf({ trigger: 'user' }, 2)).toEqual([
        ['real-1', 'real-2'],
        ['real-3'],
      ]);
      // A garbage creator is still a creator: only the trigger is unknown.
      expect(
        (await pagesOf({ createdBy: 'user:default/<script>' }, 5)).flat(),
      ).toEqual(['garbage-2']);
    });

    it('gives a record written before runs had a trigger the one its creator names', async () => {
      const { trigger: _trigger, ...withoutTrigger } = testRun('old', 1, {
        ...byAda,
      });
      await recordDeleted([withoutTrigger]);
      const [listed] = await store.listDeleted({
        namespaces: ['nova'],
        filter: { trigger: 'user' },
        limit: 5,
      });
      expect(listed.trigger).toEqual({ kind: 'user', userEntityRef: ada });
    });

    it('fills in the branch of the records already there when the migration runs', async () => {
      const fresh = await databases.init(id as TestDatabaseId);
      const directory = MIGRATIONS_DIRECTORY;
      // Migrate to just before the branch migration.
      for (;;) {
        const [, pending] = (await fresh.migrate.list({ directory })) as [
          unknown[],
          Array<{ file: string }>,
        ];
        if (pending[0]?.file === BRANCH_MIGRATION) break;
        if (pending.length === 0) throw new Error('branch migration not found');
        await fresh.migrate.up({ directory });
      }
      // More records than one round of the migration reads (500).
      const old = Array.from({ length: 1203 }, (_, i) =>
        testRun(`old-${String(i).padStart(4, '0')}`, i, {
          repository: { branch: i % 2 === 0 ? 'release/1.0' : 'main' },
          deleted: { at: new Date(clock).toISOString(), reason: 'retention' },
        }),
      );
      const rows = old.map(run => {
        const { branch: _branch, ...row } = toRunRecordRow(
          run,
          undefined,
          clock,
        );
        return { ...row, deleted_at_ms: clock, deleted_reason: 'retention' };
      });
      await fresh.batchInsert(RUN_RECORDS_TABLE, rows, 100);
      await fresh(RUN_RECORDS_TABLE).insert({
        ...rows[0],
        name: 'unreadable',
        summary_json: '{not json',
      });

      const migrated = await RunRecordStore.create({
        database: databaseService(fresh),
        now: () => clock,
      });

      const release = await migrated.listDeleted({
        namespaces: ['nova'],
        filter: { branch: 'release/1.0' },
        limit: 1000,
      });
      expect(release).toHaveLength(602);
      expect(
        release.every(run => run.repository.branch === 'release/1.0'),
      ).toBe(true);
      const unreadable = await fresh(RUN_RECORDS_TABLE)
        .where({ name: 'unreadable' })
        .first();
      expect(unreadable.branch).toBeNull();
    });
  },
);
