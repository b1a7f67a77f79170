import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { MIGRATIONS_DIRECTORY } from '../../runRecords';
import type { WebhookOutcome } from '../WebhookService';
import {
  DatabaseDeliveryStore,
  type DatabaseDeliveryStoreOptions,
} from './DatabaseDeliveryStore';
import { DeliveryLog } from './DeliveryLog';

/** How long the delivery log and remembered outcomes are kept. */
export const DEFAULT_DELIVERY_RETENTION_DAYS = 30;

/**
 * The webhook's shared state in the plugin's database: the DeliveryStore (locks, claims,
 * remembered outcomes) and the delivery log. Every replica on the same database shares both.
 */
export class WebhookDeliveries {
  /** Applies the plugin's migrations (unless the database service says to skip them) and opens both. */
  static async create(options: {
    database: DatabaseService;
    logger?: LoggerService;
    store?: Omit<DatabaseDeliveryStoreOptions, 'logger'>;
  }): Promise<WebhookDeliveries> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    }
    return new WebhookDeliveries(
      new DatabaseDeliveryStore<WebhookOutcome>(client, {
        ...options.store,
        logger: options.logger,
      }),
      new DeliveryLog(client),
    );
  }

  private constructor(
    readonly store: DatabaseDeliveryStore<WebhookOutcome>,
    readonly log: DeliveryLog,
  ) {}

  /**
   * Drops log entries and remembered outcomes older than `retentionDays`, and expired locks and
   * claims (a claim lasts the replay window, a lock minutes). A pruned outcome still answers
   * `duplicate`: the runs carry the delivery label.
   */
  async prune(
    now: Date = new Date(),
    retentionDays = DEFAULT_DELIVERY_RETENTION_DAYS,
  ): Promise<{ deliveries: number; outcomes: number; locks: number }> {
    const before = new Date(now.getTime() - retentionDays * 24 * 3600_000);
    const deliveries = await this.log.prune(before);
    const { locks, outcomes } = await this.store.prune(before);
    return { deliveries, outcomes, locks };
  }
}
