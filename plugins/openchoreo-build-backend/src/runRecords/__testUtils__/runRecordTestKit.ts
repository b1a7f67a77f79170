import type { DatabaseService } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import type {
  RunStep,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Knex } from 'knex';
import type { InformerTimers } from '../../informer/informerSupport';

/**
 * The databases the run-record tests run on: SQLite always; PostgreSQL when the environment names
 * one (`BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING`, …_POSTGRES16_…, …_POSTGRES15_…).
 * Docker is never started: the tests run where no daemon is. Call at the top of a test file (it
 * registers the cleanup).
 */
export function createTestDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: ['POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });
}

/** The plugin's database service over a test database. */
export function databaseService(
  knex: Knex,
  migrations?: { skip?: boolean },
): DatabaseService {
  return { getClient: async () => knex, migrations };
}

const BASE = Date.parse('2025-01-01T00:00:00Z');
/** Second-resolution timestamps, like Kubernetes' creationTimestamp. */
export const at = (second: number) =>
  new Date(BASE + second * 1000).toISOString().replace('.000Z', 'Z');

/** A v1 run of component `c` created at `second`, with a uid derived from its name. */
export function testRun(
  name: string,
  second: number,
  extra: Partial<RunSummary> = {},
): RunSummary {
  return {
    namespace: 'nova',
    name,
    uid: `uid-${name}`,
    generation: 'v1',
    project: 'p',
    component: 'c',
    workflow: 'docker',
    status: 'Running',
    repository: { url: 'https://git.example/app.git', commit: 'abc123' },
    createdAt: at(second),
    resourceVersion: '1',
    ...extra,
  };
}

export function testStep(name: string, outputs: Record<string, string> = {}) {
  const step: RunStep = {
    id: name,
    name,
    phase: 'Succeeded',
    outputs,
    attempts: [],
  };
  return step;
}

/** Timers the test fires by hand: no waiting, no clock. */
export class ManualTimers implements InformerTimers {
  private next = 0;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  setTimeout(callback: () => void, ms: number) {
    this.next += 1;
    this.pending.set(this.next, { callback, ms });
    return this.next;
  }
  clearTimeout(handle: unknown) {
    this.pending.delete(handle as number);
  }
  /** The delays of the timers waiting, in the order they were set. */
  delays(): number[] {
    return [...this.pending.values()].map(timer => timer.ms);
  }
  /** Fires every pending timer; returns how many fired. */
  fireAll(): number {
    const due = [...this.pending];
    this.pending.clear();
    for (const [, timer] of due) timer.callback();
    return due.length;
  }
}
