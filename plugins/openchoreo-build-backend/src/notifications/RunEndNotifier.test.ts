import {
  mockServices,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  createTestDatabases,
  databaseService,
  testRun,
} from '../runRecords/__testUtils__/runRecordTestKit';
import { FakeNotificationService } from './__testUtils__/FakeNotificationService';
import { RunEndClaims } from './RunEndClaims';
import { RunEndNotifier } from './RunEndNotifier';
import type { RunOwnerLookup } from './runEndRecipients';

const databases = createTestDatabases();

const failedRun = testRun('r1', 1, {
  component: 'greeter-service',
  status: 'Failed',
  trigger: { kind: 'user', userEntityRef: 'user:default/ada' },
});

describe.each(databases.eachSupportedId())('RunEndNotifier on %s', id => {
  let knex: Knex;
  let notifications: FakeNotificationService;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  beforeEach(async () => {
    knex = await databases.init(id as TestDatabaseId);
    notifications = new FakeNotificationService();
    logger = mockServices.logger.mock();
  });

  /** One backend replica's notifier; every replica shares the database and the notifications backend. */
  async function replica(
    owners: RunOwnerLookup = { ownerOf: async () => 'group:default/team-a' },
  ) {
    return new RunEndNotifier({
      claims: await RunEndClaims.create({ database: databaseService(knex) }),
      owners,
      notifications,
      logger,
    });
  }

  it('sends one notification to the starter and the owner, with the payload of the run', async () => {
    const notifier = await replica();

    notifier.notify(failedRun);
    await notifier.settled();

    expect(notifications.sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['user:default/ada', 'group:default/team-a'],
        },
        payload: expect.objectContaining({
          title: 'greeter-service build failed',
          severity: 'high',
          topic: 'openchoreo-build',
          link: '/openchoreo-builds/runs/nova/r1',
        }),
      },
    ]);
  });

  it('sends once when replicas sharing the database see the same run end at the same time', async () => {
    // Started one after the other, as replicas apply the migrations.
    const replicas = [await replica(), await replica(), await replica()];

    for (const notifier of replicas) notifier.notify(failedRun);
    await Promise.all(replicas.map(notifier => notifier.settled()));

    expect(notifications.sent).toHaveLength(1);
  });

  it('sends once when the same replica is told of the same end again', async () => {
    const notifier = await replica();

    notifier.notify(failedRun);
    await notifier.settled();
    notifier.notify(failedRun);
    await notifier.settled();

    expect(notifications.sent).toHaveLength(1);
  });

  it('still tells the starter when the owner cannot be looked up', async () => {
    const notifier = await replica({
      ownerOf: async () => {
        throw new Error('catalog unavailable');
      },
    });

    notifier.notify(failedRun);
    await notifier.settled();

    expect(notifications.sent.map(n => n.recipients)).toEqual([
      { type: 'entity', entityRef: ['user:default/ada'] },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('catalog unavailable'),
    );
  });

  it('sends nothing when nobody started the run and no entity owns it', async () => {
    const notifier = await replica({ ownerOf: async () => undefined });

    notifier.notify({ ...failedRun, trigger: undefined });
    await notifier.settled();

    expect(notifications.sent).toEqual([]);
  });

  it('logs a failed send instead of throwing', async () => {
    notifications.failWith = new Error('notifications backend answered 503');
    const notifier = await replica();

    notifier.notify(failedRun);
    await notifier.settled();

    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'could not send the notification that run nova/r1 ended Failed: notifications backend answered 503',
      ),
    );
  });
});
