import { createHash } from 'node:crypto';

/*
 * The webhook delivery tables (migrations/20250610000000_webhook_deliveries.js), as the database
 * returns their rows.
 */

export const LOCKS_TABLE = 'openchoreo_build_webhook_locks';
export const OUTCOMES_TABLE = 'openchoreo_build_webhook_outcomes';
export const DELIVERY_LOG_TABLE = 'openchoreo_build_webhook_delivery_log';
export const DELIVERY_COMPONENTS_TABLE =
  'openchoreo_build_webhook_delivery_components';

/** PostgreSQL returns `bigint` columns as strings, SQLite as numbers. */
export type DbInteger = number | string;

export function toNumber(value: DbInteger): number {
  return typeof value === 'number' ? value : Number(value);
}

/** What a lock row guards: a delivery being processed, or a build claimed. */
export type LockKind = 'delivery' | 'build';

export interface LockRow {
  lock_key: string;
  kind: LockKind;
  holder: string;
  token: string;
  expires_at_ms: DbInteger;
}

export interface OutcomeRow {
  delivery_key: string;
  outcome_json: string;
  recorded_at_ms: DbInteger;
}

export interface DeliveryLogRow {
  id: string;
  received_at_ms: DbInteger;
  provider: string;
  delivery_id: string;
  event: string;
  repository: string | null;
  branch: string | null;
  commit_sha: string | null;
  outcome: string;
  message: string;
  runs_json: string;
  components_json: string;
}

export interface DeliveryComponentRow {
  delivery_log_id: string;
  namespace: string;
  project: string;
  component: string;
  received_at_ms: DbInteger;
  outcome: string;
  branch: string | null;
  commit_sha: string | null;
  run_name: string | null;
  error: string | null;
}

/** A fixed-length row key for a caller's key of any length. */
export function rowKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `text` cut to `max` characters (the column's size), marked with `…` when cut. */
export function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function boundedOrNull(
  text: string | undefined,
  max: number,
): string | null {
  return text ? bounded(text, max) : null;
}
