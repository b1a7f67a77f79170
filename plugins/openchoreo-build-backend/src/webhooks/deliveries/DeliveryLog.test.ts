import type { TestDatabaseId } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  createTestDatabases,
  databaseService,
} from '../../runRecords/__testUtils__/runRecordTestKit';
import type { DeliveryLogEntry } from './DeliveryLog';
import {
  DELIVERY_COMPONENTS_TABLE,
  DELIVERY_LOG_TABLE,
  type DeliveryLogRow,
} from './deliveryTables';
import { WebhookDeliveries } from './WebhookDeliveries';

const databases = createTestDatabases();

const T0 = Date.parse('2025-03-01T10:00:00Z');
const COMMIT = '9fceb02d0ae598e95dc970b74767f19372d61af8';
const greeter = {
  namespace: 'default',
  project: 'default',
  component: 'greeter-service',
};

function entry(overrides: Partial<DeliveryLogEntry> = {}): DeliveryLogEntry {
  return {
    receivedAt: T0,
    provider: 'github',
    deliveryId: 'f3f4c0a0-4e0b-11f0-8c5e-1a2b3c4d5e6f',
    event: 'push',
    repository: 'https://github.com/openchoreo/sample-workloads.git',
    branch: 'main',
    commit: COMMIT,
    outcome: 'created',
    message: '2 build(s) started.',
    components: [
      {
        ...greeter,
        outcome: 'created',
        branch: 'main',
        commit: COMMIT,
        run: 'greeter-service-workflow-1a2b3c4d',
      },
      {
        namespace: 'acme',
        project: 'storefront',
        component: 'react-starter',
        outcome: 'created',
        branch: 'main',
        commit: COMMIT,
        run: 'react-starter-workflow-5e6f7a8b',
      },
    ],
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('DeliveryLog on %s', id => {
  let knex: Knex;
  let deliveries: WebhookDeliveries;

  beforeEach(async () => {
    knex = await databases.init(id as TestDatabaseId);
    deliveries = await WebhookDeliveries.create({
      database: databaseService(knex),
    });
  });

  it('lists the deliveries that matched a component with only that component’s run', async () => {
    const logId = await deliveries.log.record(entry());
    expect(await deliveries.log.listForComponent(greeter, 20)).toEqual([
      {
        id: logId,
        receivedAt: '2025-03-01T10:00:00.000Z',
        provider: 'github',
        deliveryId: 'f3f4c0a0-4e0b-11f0-8c5e-1a2b3c4d5e6f',
        event: 'push',
        repository: 'https://github.com/openchoreo/sample-workloads.git',
        branch: 'main',
        commit: COMMIT,
        outcome: 'created',
        message: '2 build(s) started.',
        componentOutcome: 'created',
        runs: [
          { namespace: 'default', name: 'greeter-service-workflow-1a2b3c4d' },
        ],
      },
    ]);
    // The delivery row itself keeps every run and component, for the operators.
    const row = await knex<DeliveryLogRow>(DELIVERY_LOG_TABLE).first();
    expect(JSON.parse(row!.runs_json)).toEqual([
      'default/greeter-service-workflow-1a2b3c4d',
      'acme/react-starter-workflow-5e6f7a8b',
    ]);
    expect(JSON.parse(row!.components_json)).toEqual([
      'default/default/greeter-service',
      'acme/storefront/react-starter',
    ]);
  });

  it('lists newest first, at most `limit`, and nothing of other components or projects', async () => {
    for (let i = 0; i < 5; i += 1) {
      await deliveries.log.record(
        entry({ receivedAt: T0 + i * 1000, deliveryId: `d-${i}` }),
      );
    }
    await deliveries.log.record(
      entry({
        receivedAt: T0 + 9000,
        deliveryId: 'other',
        components: [{ ...greeter, project: 'elsewhere', outcome: 'created' }],
      }),
    );
    await deliveries.log.record(
      entry({
        receivedAt: T0 + 9500,
        deliveryId: 'ping',
        event: 'ping',
        outcome: 'ignored',
        components: [],
      }),
    );
    const listed = await deliveries.log.listForComponent(greeter, 3);
    expect(listed.map(d => d.deliveryId)).toEqual(['d-4', 'd-3', 'd-2']);
    expect(
      await deliveries.log.listForComponent(
        { ...greeter, component: 'reading-list-service' },
        20,
      ),
    ).toEqual([]);
  });

  it('shows the component’s own branch, commit, outcome and failure (a push may update several branches)', async () => {
    await deliveries.log.record(
      entry({
        provider: 'bitbucket',
        event: 'repo:push',
        outcome: 'partial',
        message: '1 build(s) started; 1 failed to start (see the portal’s log)',
        components: [
          {
            ...greeter,
            outcome: 'failed',
            branch: 'release',
            commit: 'a'.repeat(40),
            error: 'x'.repeat(2000),
          },
        ],
      }),
    );
    const [delivery] = await deliveries.log.listForComponent(greeter, 20);
    expect(delivery).toMatchObject({
      provider: 'bitbucket',
      outcome: 'partial',
      componentOutcome: 'failed',
      branch: 'release',
      commit: 'a'.repeat(40),
      runs: [],
    });
    // Cut to the column's size, marked as cut.
    expect(delivery.error).toHaveLength(512);
    expect(delivery.error?.endsWith('…')).toBe(true);
  });

  it('cuts what the sender controls to the column sizes', async () => {
    await deliveries.log.record(
      entry({ deliveryId: 'd'.repeat(5000), event: 'e'.repeat(600) }),
    );
    const [delivery] = await deliveries.log.listForComponent(greeter, 20);
    expect(delivery.deliveryId).toHaveLength(255);
    expect(delivery.event).toHaveLength(255);
  });

  it('prune drops deliveries received before the retention, with their component rows', async () => {
    await deliveries.log.record(entry({ deliveryId: 'old', receivedAt: T0 }));
    const now = T0 + 31 * 24 * 3600_000;
    await deliveries.log.record(entry({ deliveryId: 'new', receivedAt: now }));
    expect(await deliveries.prune(new Date(now))).toEqual({
      deliveries: 1,
      outcomes: 0,
      locks: 0,
    });
    const listed = await deliveries.log.listForComponent(greeter, 20);
    expect(listed.map(d => d.deliveryId)).toEqual(['new']);
    const [{ n }] = await knex(DELIVERY_COMPONENTS_TABLE).count({ n: '*' });
    expect(Number(n)).toBe(2);
  });
});
