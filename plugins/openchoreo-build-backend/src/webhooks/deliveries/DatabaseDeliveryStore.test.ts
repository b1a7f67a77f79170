import type { TestDatabaseId } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  createTestDatabases,
  databaseService,
} from '../../runRecords/__testUtils__/runRecordTestKit';
import {
  DatabaseDeliveryStore,
  DeliveryInProgressError,
  type DatabaseDeliveryStoreOptions,
} from './DatabaseDeliveryStore';
import { LOCKS_TABLE, OUTCOMES_TABLE } from './deliveryTables';
import { WebhookDeliveries } from './WebhookDeliveries';

const databases = createTestDatabases();

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Lets the other store's queries run: a turn of the event loop, no timer. */
const yieldTurn = () => new Promise<void>(resolve => setImmediate(resolve));

describe.each(databases.eachSupportedId())(
  'DatabaseDeliveryStore on %s',
  id => {
    let knex: Knex;
    let clock: number;

    beforeEach(async () => {
      knex = await databases.init(id as TestDatabaseId);
      clock = Date.parse('2025-03-01T00:00:00Z');
      // The tables come from the plugin's migrations, as in production.
      await WebhookDeliveries.create({ database: databaseService(knex) });
    });

    /** Resolves once some replica holds a lock (its insert is done). */
    const lockTaken = async () => {
      while (!(await knex(LOCKS_TABLE).first())) await yieldTurn();
    };

    /** A store as one backend replica has it: its own holder id, sharing the database. */
    const replica = (options: DatabaseDeliveryStoreOptions = {}) =>
      new DatabaseDeliveryStore<string>(knex, {
        now: () => clock,
        sleep: yieldTurn,
        ...options,
      });

    it('keeps a remembered outcome as JSON and overwrites it on a second remember', async () => {
      const a = replica();
      const b = replica();
      expect(await a.recall('delivery-1')).toBeUndefined();
      await a.remember('delivery-1', 'first');
      expect(await b.recall('delivery-1')).toBe('first');
      await b.remember('delivery-1', 'second');
      expect(await a.recall('delivery-1')).toBe('second');
      const [{ n }] = await knex(OUTCOMES_TABLE).count({ n: '*' });
      expect(Number(n)).toBe(1);
    });

    it('two replicas racing once on one key: one runs the work, the other waits and shares its remembered outcome', async () => {
      const waiting = deferred<void>();
      const release = deferred<void>();
      const holder = replica();
      const waiter = replica({
        sleep: async () => {
          // The waiter found the lock held: now the holder may finish.
          waiting.resolve();
          await yieldTurn();
        },
      });
      let runs = 0;
      const work = (store: DatabaseDeliveryStore<string>) => async () => {
        runs += 1;
        await release.promise;
        await store.remember('delivery-1', 'built 2 runs');
        return 'built 2 runs';
      };

      const first = holder.once('delivery-1', work(holder));
      await lockTaken();
      const second = waiter.once('delivery-1', work(waiter));
      await waiting.promise;
      release.resolve();

      expect(await first).toEqual({ value: 'built 2 runs', shared: false });
      expect(await second).toEqual({ value: 'built 2 runs', shared: true });
      expect(runs).toBe(1);
      // The lock is gone once the work is done.
      expect(await knex(LOCKS_TABLE).select()).toEqual([]);
    });

    it('started at the same moment on two replicas, the work runs exactly once', async () => {
      const a = replica();
      const b = replica();
      let runs = 0;
      const work = (store: DatabaseDeliveryStore<string>) => async () => {
        runs += 1;
        await yieldTurn();
        await store.remember('delivery-2', `done by ${store.holder}`);
        return `done by ${store.holder}`;
      };
      const results = await Promise.all([
        a.once('delivery-2', work(a)),
        b.once('delivery-2', work(b)),
      ]);
      expect(runs).toBe(1);
      expect(results.map(r => r.shared).sort()).toEqual([false, true]);
      expect(results[0].value).toBe(results[1].value);
    });

    it('callers in one process share one attempt without polling', async () => {
      const store = replica({
        sleep: () => Promise.reject(new Error('must not poll')),
      });
      const release = deferred<string>();
      let runs = 0;
      const work = () => {
        runs += 1;
        return release.promise;
      };
      const first = store.once('k', work);
      const second = store.once('k', work);
      release.resolve('done');
      expect(await first).toEqual({ value: 'done', shared: false });
      expect(await second).toEqual({ value: 'done', shared: true });
      expect(runs).toBe(1);
    });

    it('a waiter whose holder remembered nothing (a failed delivery) runs the work itself, after the holder', async () => {
      const waiting = deferred<void>();
      const release = deferred<void>();
      const events: string[] = [];
      const holder = replica();
      const waiter = replica({
        sleep: async () => {
          waiting.resolve();
          await yieldTurn();
        },
      });
      const first = holder.once('delivery-3', async () => {
        events.push('holder starts');
        await release.promise;
        events.push('holder ends');
        return 'failed: 502';
      });
      await lockTaken();
      const second = waiter.once('delivery-3', async () => {
        events.push('waiter starts');
        return 'retried';
      });
      await waiting.promise;
      release.resolve();
      expect(await first).toEqual({ value: 'failed: 502', shared: false });
      expect(await second).toEqual({ value: 'retried', shared: false });
      expect(events).toEqual(['holder starts', 'holder ends', 'waiter starts']);
    });

    it('a waiter gives up after waitMs with a retryable 503', async () => {
      const holder = replica();
      // The holder never finishes while the waiter waits (its clock advances on every poll).
      void holder.once('delivery-4', () => new Promise<string>(() => {}));
      await lockTaken();
      const polls: number[] = [];
      const waiter = replica({
        waitMs: 1000,
        pollMs: { first: 100, max: 400 },
        sleep: async ms => {
          polls.push(ms);
          clock += ms;
          await yieldTurn();
        },
      });
      const refusal = waiter.once('delivery-4', async () => 'never');
      await expect(refusal).rejects.toBeInstanceOf(DeliveryInProgressError);
      await expect(refusal).rejects.toMatchObject({
        statusCode: 503,
        retryAfterSeconds: 10,
        message: expect.stringContaining('being processed'),
      });
      // Doubling backoff up to the bound, never past the deadline.
      expect(polls).toEqual([100, 200, 400, 300]);
    });

    it('the lock of a crashed replica expires: after lockTtlMs another replica processes the delivery', async () => {
      const crashed = replica({ lockTtlMs: 60_000 });
      void crashed.once('delivery-5', () => new Promise<string>(() => {}));
      await lockTaken();
      const survivor = replica({ waitMs: 0 });
      await expect(
        survivor.once('delivery-5', async () => 'x'),
      ).rejects.toBeInstanceOf(DeliveryInProgressError);
      clock += 60_000;
      expect(await survivor.once('delivery-5', async () => 'rebuilt')).toEqual({
        value: 'rebuilt',
        shared: false,
      });
    });

    it('two replicas racing claim on one build: exactly one wins, until the claim expires or its holder releases it', async () => {
      const a = replica();
      const b = replica();
      const won = await Promise.all([
        a.claim('default/greeter@push', 1000),
        b.claim('default/greeter@push', 1000),
      ]);
      expect(won.filter(Boolean)).toHaveLength(1);
      const [winner, loser] = won[0] ? [a, b] : [b, a];
      expect(await winner.claim('default/greeter@push', 1000)).toBe(false);

      // Only the holder can give a claim back.
      await loser.release('default/greeter@push');
      expect(await loser.claim('default/greeter@push', 1000)).toBe(false);
      await winner.release('default/greeter@push');
      expect(await loser.claim('default/greeter@push', 1000)).toBe(true);

      // Expired claims can be taken again.
      clock += 1000;
      expect(await winner.claim('default/greeter@push', 1000)).toBe(true);
      expect(await loser.claim('default/greeter@push', 1000)).toBe(false);
    });

    it('two replicas claiming the same 25 builds at once split them: every build has exactly one winner', async () => {
      const a = replica();
      const b = replica();
      const keys = Array.from({ length: 25 }, (_, i) => `acme/c${i}@push`);
      const [byA, byB] = await Promise.all([
        Promise.all(keys.map(key => a.claim(key, 60_000))),
        Promise.all(keys.map(key => b.claim(key, 60_000))),
      ]);
      expect(keys.map((_, i) => Number(byA[i]) + Number(byB[i]))).toEqual(
        keys.map(() => 1),
      );
    });

    it('claims and delivery locks of the same key are separate', async () => {
      const a = replica();
      expect(await a.claim('same', 1000)).toBe(true);
      expect(await a.once('same', async () => 'ran')).toEqual({
        value: 'ran',
        shared: false,
      });
    });

    it('prune drops expired locks and outcomes older than the cutoff, and keeps the rest', async () => {
      const a = replica();
      await a.remember('old', 'o');
      expect(await a.claim('short', 10)).toBe(true);
      expect(await a.claim('long', 10_000)).toBe(true);
      clock += 1000;
      await a.remember('new', 'n');
      expect(await a.prune(new Date(clock))).toEqual({ locks: 1, outcomes: 1 });
      expect(await a.recall('old')).toBeUndefined();
      expect(await a.recall('new')).toBe('n');
      expect(await replica().claim('long', 10)).toBe(false);
    });
  },
);
