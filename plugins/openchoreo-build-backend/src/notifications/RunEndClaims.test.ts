import type { TestDatabaseId } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  createTestDatabases,
  databaseService,
  testRun,
} from '../runRecords/__testUtils__/runRecordTestKit';
import { NOTIFIED_RUN_ENDS_TABLE, RunEndClaims } from './RunEndClaims';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('RunEndClaims on %s', id => {
  let knex: Knex;
  let clock: number;

  beforeEach(async () => {
    knex = await databases.init(id as TestDatabaseId);
    clock = Date.parse('2025-07-01T00:00:00Z');
  });

  /** The claims of one backend replica; every replica shares the database. */
  const replica = () =>
    RunEndClaims.create({
      database: databaseService(knex),
      now: () => clock,
    });

  it('gives a run end to the first claim only, also when the same replica asks again', async () => {
    const claims = await replica();
    const ended = testRun('r1', 1, { status: 'Failed' });

    expect(await claims.claim(ended)).toBe(true);
    expect(await claims.claim(ended)).toBe(false);
    expect(await knex(NOTIFIED_RUN_ENDS_TABLE).select()).toEqual([
      expect.objectContaining({
        namespace: 'nova',
        name: 'r1',
        uid: 'uid-r1',
        final_status: 'Failed',
      }),
    ]);
  });

  it('lets exactly one of several replicas racing for the same run end win', async () => {
    // Started one after the other, as replicas apply the migrations.
    const replicas = [await replica(), await replica(), await replica()];
    const ended = testRun('r1', 1, { status: 'Succeeded' });

    const won = await Promise.all(replicas.map(claims => claims.claim(ended)));

    expect(won.filter(Boolean)).toHaveLength(1);
    const [{ n }] = await knex(NOTIFIED_RUN_ENDS_TABLE).count({ n: '*' });
    expect(Number(n)).toBe(1);
  });

  it('claims another status of the same run, and a later run reusing the name, separately', async () => {
    const claims = await replica();

    expect(await claims.claim(testRun('r1', 1, { status: 'Completed' }))).toBe(
      true,
    );
    expect(await claims.claim(testRun('r1', 1, { status: 'Succeeded' }))).toBe(
      true,
    );
    expect(
      await claims.claim(
        testRun('r1', 9, { uid: 'uid-r1-again', status: 'Succeeded' }),
      ),
    ).toBe(true);
  });

  it('prunes the claims made before the given time', async () => {
    const claims = await replica();
    await claims.claim(testRun('old', 1, { status: 'Failed' }));
    clock += 31 * 24 * 3600_000;
    await claims.claim(testRun('new', 2, { status: 'Failed' }));

    expect(await claims.prune(new Date(clock - 24 * 3600_000))).toBe(1);
    expect(
      (await knex(NOTIFIED_RUN_ENDS_TABLE).select('name')).map(r => r.name),
    ).toEqual(['new']);
  });
});
