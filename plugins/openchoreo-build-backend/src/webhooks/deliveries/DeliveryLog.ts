import { randomUUID } from 'node:crypto';
import {
  WEBHOOK_DELIVERY_OUTCOMES,
  WEBHOOK_PROVIDERS,
  type WebhookComponentOutcome,
  type WebhookDelivery,
  type WebhookDeliveryOutcome,
  type WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Knex } from 'knex';
import {
  bounded,
  boundedOrNull,
  DELIVERY_COMPONENTS_TABLE,
  DELIVERY_LOG_TABLE,
  toNumber,
  type DbInteger,
  type DeliveryComponentRow,
  type DeliveryLogRow,
} from './deliveryTables';

/** What one delivery did for one component it matched. */
export interface DeliveryComponentEntry {
  namespace: string;
  project: string;
  component: string;
  outcome: WebhookComponentOutcome;
  /** The branch and commit the component was built (or not) from. */
  branch?: string;
  commit?: string;
  /** The run it started (in `namespace`). */
  run?: string;
  error?: string;
}

/** One verified delivery, as the log keeps it: no payload, header or secret. */
export interface DeliveryLogEntry {
  receivedAt: number;
  provider: WebhookProvider;
  deliveryId: string;
  event: string;
  repository?: string;
  branch?: string;
  commit?: string;
  outcome: WebhookDeliveryOutcome;
  message: string;
  components: DeliveryComponentEntry[];
}

export interface ComponentRef {
  namespace: string;
  project: string;
  component: string;
}

/** Component rows per INSERT: 11 values each, far below either database's parameter limit. */
const WRITE_BATCH_SIZE = 200;

/** A component's log rows joined with their delivery. */
interface ListedRow {
  id: string;
  received_at_ms: DbInteger;
  provider: string;
  delivery_id: string;
  event: string;
  repository: string | null;
  delivery_branch: string | null;
  delivery_commit: string | null;
  outcome: string;
  message: string;
  namespace: string;
  component_outcome: string;
  branch: string | null;
  commit_sha: string | null;
  run_name: string | null;
  error: string | null;
}

const oneOf = <V extends string>(
  values: readonly V[],
  value: string,
  fallback: V,
): V =>
  (values as readonly string[]).includes(value) ? (value as V) : fallback;

/**
 * The delivery log in the plugin's database: one entry per verified delivery received (a
 * redelivery is another entry), with one row per component it matched so a component's recent
 * deliveries are one indexed query. Text is cut to the column sizes; deliveries refused before
 * their signature was verified are never recorded (anyone could send them).
 */
export class DeliveryLog {
  constructor(private readonly db: Knex) {}

  /** Records a delivery; answers its entry id. */
  async record(entry: DeliveryLogEntry): Promise<string> {
    const id = randomUUID();
    const log: DeliveryLogRow = {
      id,
      received_at_ms: entry.receivedAt,
      provider: entry.provider,
      delivery_id: bounded(entry.deliveryId, 255),
      event: bounded(entry.event, 255),
      repository: boundedOrNull(entry.repository, 2048),
      branch: boundedOrNull(entry.branch, 255),
      commit_sha: boundedOrNull(entry.commit, 64),
      outcome: entry.outcome,
      message: bounded(entry.message, 1024),
      runs_json: JSON.stringify(
        entry.components.flatMap(c =>
          c.run ? [`${c.namespace}/${c.run}`] : [],
        ),
      ),
      components_json: JSON.stringify(
        entry.components.map(c => `${c.namespace}/${c.project}/${c.component}`),
      ),
    };
    const components = entry.components.map(
      (c): DeliveryComponentRow => ({
        delivery_log_id: id,
        namespace: c.namespace,
        project: c.project,
        component: c.component,
        received_at_ms: entry.receivedAt,
        outcome: c.outcome,
        branch: boundedOrNull(c.branch, 255),
        commit_sha: boundedOrNull(c.commit, 64),
        run_name: c.run ?? null,
        error: boundedOrNull(c.error, 512),
      }),
    );
    // One transaction: a reader never sees a component row without its delivery.
    await this.db.transaction(async trx => {
      await trx<DeliveryLogRow>(DELIVERY_LOG_TABLE).insert(log);
      for (
        let start = 0;
        start < components.length;
        start += WRITE_BATCH_SIZE
      ) {
        await trx<DeliveryComponentRow>(DELIVERY_COMPONENTS_TABLE).insert(
          components.slice(start, start + WRITE_BATCH_SIZE),
        );
      }
    });
    return id;
  }

  /** The deliveries that matched a component, newest first, with only that component's runs. */
  async listForComponent(
    ref: ComponentRef,
    limit: number,
  ): Promise<WebhookDelivery[]> {
    const rows = await this.db(`${DELIVERY_COMPONENTS_TABLE} as c`)
      .join(`${DELIVERY_LOG_TABLE} as l`, 'l.id', 'c.delivery_log_id')
      .where({
        'c.namespace': ref.namespace,
        'c.project': ref.project,
        'c.component': ref.component,
      })
      .orderBy([
        { column: 'c.received_at_ms', order: 'desc' },
        { column: 'c.delivery_log_id', order: 'desc' },
      ])
      .limit(limit)
      .select<ListedRow[]>(
        'l.id',
        'l.received_at_ms',
        'l.provider',
        'l.delivery_id',
        'l.event',
        'l.repository',
        'l.branch as delivery_branch',
        'l.commit_sha as delivery_commit',
        'l.outcome',
        'l.message',
        'c.namespace',
        'c.outcome as component_outcome',
        'c.branch',
        'c.commit_sha',
        'c.run_name',
        'c.error',
      );
    return rows.map(deliveryOf);
  }

  /** Deletes the entries received before `before`; answers how many deliveries. */
  async prune(before: Date): Promise<number> {
    const cutoff = before.getTime();
    await this.db<DeliveryComponentRow>(DELIVERY_COMPONENTS_TABLE)
      .where('received_at_ms', '<', cutoff)
      .delete();
    return this.db<DeliveryLogRow>(DELIVERY_LOG_TABLE)
      .where('received_at_ms', '<', cutoff)
      .delete();
  }
}

function deliveryOf(row: ListedRow): WebhookDelivery {
  const branch = row.branch ?? row.delivery_branch;
  const commit = row.commit_sha ?? row.delivery_commit;
  return {
    id: row.id,
    receivedAt: new Date(toNumber(row.received_at_ms)).toISOString(),
    provider: oneOf(WEBHOOK_PROVIDERS, row.provider, 'github'),
    deliveryId: row.delivery_id,
    event: row.event,
    ...(row.repository ? { repository: row.repository } : {}),
    ...(branch ? { branch } : {}),
    ...(commit ? { commit } : {}),
    outcome: oneOf(WEBHOOK_DELIVERY_OUTCOMES, row.outcome, 'failed'),
    message: row.message,
    componentOutcome: oneOf(
      ['created', 'duplicate', 'failed'] as const,
      row.component_outcome,
      'failed',
    ),
    ...(row.error ? { error: row.error } : {}),
    runs: row.run_name
      ? [{ namespace: row.namespace, name: row.run_name }]
      : [],
  };
}
