import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { CustomErrorBase, isError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { DeliveryStore } from './DeliveryStore';
import {
  LOCKS_TABLE,
  OUTCOMES_TABLE,
  rowKey,
  type LockKind,
  type LockRow,
  type OutcomeRow,
} from './deliveryTables';

/**
 * 503 with the seconds to wait: another replica (or request) is still processing this delivery id
 * and did not finish within the wait. A redelivery later gets its outcome.
 */
export class DeliveryInProgressError extends CustomErrorBase {
  name = 'ServiceUnavailableError' as const;
  readonly statusCode = 503;
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

export const DELIVERY_STORE_DEFAULTS = {
  /** A replica that crashed mid-delivery blocks the delivery's redelivery at most this long. */
  lockTtlMs: 2 * 60_000,
  /** GitHub gives up on a delivery after 10 s: a waiter answers before that. */
  waitMs: 8_000,
  /** Polling of another replica's lock: doubling from `first` up to `max`. */
  pollMs: { first: 50, max: 1_000 },
};

export interface DatabaseDeliveryStoreOptions {
  lockTtlMs?: number;
  waitMs?: number;
  pollMs?: { first: number; max: number };
  now?: () => number;
  /** Waits between polls (tests pass one that advances their clock). */
  sleep?: (ms: number) => Promise<void>;
  /** This store instance's name in lock rows (default: a random UUID; one per backend process). */
  holder?: string;
  logger?: LoggerService;
}

/** What a waiter that gave up tells the provider: most deliveries take a few seconds. */
const RETRY_AFTER_SECONDS = 10;

const realSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * A DeliveryStore on the plugin's database (SQLite or PostgreSQL), shared by every replica that
 * uses the database:
 *
 * - `once` takes a lock row (`kind: delivery`) that expires after `lockTtlMs`; a caller that finds
 *   it held polls the remembered outcome with a doubling backoff for at most `waitMs`, then answers
 *   DeliveryInProgressError (503, Retry-After). Callers in this process share one attempt in memory.
 * - `claim` is the same lock row (`kind: build`) for `ttlMs`; `release` drops it when this store
 *   holds it.
 * - `remember` / `recall` keep the outcome as JSON, keyed by the delivery key.
 *
 * A lock is taken by an insert that ignores a duplicate key, then an update that succeeds only
 * for this acquisition's token or an expired row: both statements are atomic on SQLite and
 * PostgreSQL, so two replicas never both hold one. Expiry compares each replica's clock: keep
 * replica clocks in sync (NTP) well within the lock times.
 */
export class DatabaseDeliveryStore<T> implements DeliveryStore<T> {
  private readonly inFlight = new Map<
    string,
    Promise<{ value: T; shared: boolean }>
  >();
  private readonly lockTtlMs: number;
  private readonly waitMs: number;
  private readonly pollMs: { first: number; max: number };
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  readonly holder: string;

  constructor(
    private readonly db: Knex,
    private readonly options: DatabaseDeliveryStoreOptions = {},
  ) {
    this.lockTtlMs = options.lockTtlMs ?? DELIVERY_STORE_DEFAULTS.lockTtlMs;
    this.waitMs = options.waitMs ?? DELIVERY_STORE_DEFAULTS.waitMs;
    this.pollMs = options.pollMs ?? DELIVERY_STORE_DEFAULTS.pollMs;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.holder = options.holder ?? randomUUID();
  }

  async recall(key: string): Promise<T | undefined> {
    const row = await this.db<OutcomeRow>(OUTCOMES_TABLE)
      .where({ delivery_key: rowKey(key) })
      .first();
    // Only this store writes the column: it is the JSON of a T.
    return row ? (JSON.parse(row.outcome_json) as T) : undefined;
  }

  async remember(key: string, value: T): Promise<void> {
    await this.db<OutcomeRow>(OUTCOMES_TABLE)
      .insert({
        delivery_key: rowKey(key),
        outcome_json: JSON.stringify(value),
        recorded_at_ms: this.now(),
      })
      .onConflict('delivery_key')
      .merge(['outcome_json', 'recorded_at_ms']);
  }

  async once(
    key: string,
    work: () => Promise<T>,
  ): Promise<{ value: T; shared: boolean }> {
    const running = this.inFlight.get(key);
    if (running) return { value: (await running).value, shared: true };
    const attempt = this.lockAndRun(key, work);
    this.inFlight.set(key, attempt);
    try {
      return await attempt;
    } finally {
      this.inFlight.delete(key);
    }
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.acquire('build', key, ttlMs)) !== undefined;
  }

  async release(key: string): Promise<void> {
    await this.db<LockRow>(LOCKS_TABLE)
      .where({ lock_key: rowKey(`build:${key}`), holder: this.holder })
      .delete();
  }

  /** Drops expired locks and claims, and outcomes remembered before `outcomesBefore`. */
  async prune(
    outcomesBefore: Date,
  ): Promise<{ locks: number; outcomes: number }> {
    const locks = await this.db<LockRow>(LOCKS_TABLE)
      .where('expires_at_ms', '<', this.now())
      .delete();
    const outcomes = await this.db<OutcomeRow>(OUTCOMES_TABLE)
      .where('recorded_at_ms', '<', outcomesBefore.getTime())
      .delete();
    return { locks, outcomes };
  }

  private async lockAndRun(
    key: string,
    work: () => Promise<T>,
  ): Promise<{ value: T; shared: boolean }> {
    const deadline = this.now() + this.waitMs;
    let delay = this.pollMs.first;
    for (;;) {
      const remembered = await this.recall(key);
      if (remembered !== undefined) return { value: remembered, shared: true };
      const token = await this.acquire('delivery', key, this.lockTtlMs);
      if (token) {
        try {
          // The holder may have remembered its outcome and let go between the look and the lock.
          const late = await this.recall(key);
          if (late !== undefined) return { value: late, shared: true };
          return { value: await work(), shared: false };
        } finally {
          await this.unlock('delivery', key, token);
        }
      }
      const left = deadline - this.now();
      if (left <= 0) {
        throw new DeliveryInProgressError(
          'This delivery is being processed by another request to the portal; redeliver it in a minute to see its outcome',
          RETRY_AFTER_SECONDS,
        );
      }
      await this.sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, this.pollMs.max);
    }
  }

  /** Takes the lock row of `kind:key` for `ttlMs`; the acquisition's token, or undefined when held. */
  private async acquire(
    kind: LockKind,
    key: string,
    ttlMs: number,
  ): Promise<string | undefined> {
    const lockKey = rowKey(`${kind}:${key}`);
    const token = randomUUID();
    const now = this.now();
    const held = {
      holder: this.holder,
      token,
      expires_at_ms: now + ttlMs,
    };
    await this.db<LockRow>(LOCKS_TABLE)
      .insert({ lock_key: lockKey, kind, ...held })
      .onConflict('lock_key')
      .ignore();
    // Ours when the insert above won, or when the row found had expired (a crashed holder).
    const taken = await this.db<LockRow>(LOCKS_TABLE)
      .where({ lock_key: lockKey })
      .andWhere(mine =>
        mine.where({ token }).orWhere('expires_at_ms', '<=', now),
      )
      .update(held);
    return taken > 0 ? token : undefined;
  }

  private async unlock(kind: LockKind, key: string, token: string) {
    try {
      await this.db<LockRow>(LOCKS_TABLE)
        .where({ lock_key: rowKey(`${kind}:${key}`), token })
        .delete();
    } catch (error) {
      // Not worth failing the delivery for: the lock expires by itself after lockTtlMs.
      this.options.logger?.warn(
        `webhook: could not release a delivery lock (it expires in ${Math.round(
          this.lockTtlMs / 1000,
        )} s): ${isError(error) ? error.message : String(error)}`,
      );
    }
  }
}
