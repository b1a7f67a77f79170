import {
  mockCredentials,
  mockServices,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type {
  LifecycleServiceShutdownHook,
  LifecycleServiceStartupHook,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { RunInformerObserver } from '../informer/informerSupport';
import type { RunInformerSubscriber } from '../informer/RunEventLog';
import {
  createTestDatabases,
  databaseService,
  testRun,
} from '../runRecords/__testUtils__/runRecordTestKit';
import { FakeNotificationService } from './__testUtils__/FakeNotificationService';
import {
  notificationsEnabled,
  RunEndNotifications,
  type RunEndNotificationsOptions,
} from './RunEndNotifications';

const databases = createTestDatabases();

/** This backend's plugins, as the instance metadata lists them. */
const installed = (...pluginIds: string[]) =>
  mockServices.rootInstanceMetadata.mock({
    getInstalledPlugins: async () =>
      pluginIds.map(pluginId => ({ pluginId, modules: [] })),
  });

const configWith = (notifications?: object) =>
  mockServices.rootConfig({
    data: { openchoreo: { build: notifications ? { notifications } : {} } },
  });

describe('notificationsEnabled', () => {
  it('follows the notifications backend of this backend when not configured', async () => {
    expect(
      await notificationsEnabled(configWith(), installed('notifications')),
    ).toBe(true);
    expect(await notificationsEnabled(configWith(), installed('catalog'))).toBe(
      false,
    );
  });

  it('follows openchoreo.build.notifications.enabled when set', async () => {
    expect(
      await notificationsEnabled(
        configWith({ enabled: true }),
        installed('catalog'),
      ),
    ).toBe(true);
    expect(
      await notificationsEnabled(
        configWith({ enabled: false }),
        installed('notifications'),
      ),
    ).toBe(false);
  });

  it('refuses a value that is no boolean, naming the key', async () => {
    await expect(
      notificationsEnabled(configWith({ enabled: 'sometimes' }), installed()),
    ).rejects.toThrow(
      'openchoreo.build.notifications.enabled must be true or false, or left out',
    );
  });
});

describe.each(databases.eachSupportedId())('RunEndNotifications on %s', id => {
  let notifications: FakeNotificationService;
  let startup: LifecycleServiceStartupHook[];
  let shutdown: LifecycleServiceShutdownHook[];

  beforeEach(() => {
    notifications = new FakeNotificationService();
    startup = [];
    shutdown = [];
  });

  async function create(
    instanceMetadata = installed('notifications'),
    { config = configWith(), logger = mockServices.logger.mock() } = {},
  ): Promise<RunEndNotifications | undefined> {
    const catalog = catalogServiceMock();
    const options: RunEndNotificationsOptions = {
      config,
      logger,
      database: databaseService(await databases.init(id as TestDatabaseId)),
      scheduler: mockServices.scheduler.mock(),
      lifecycle: mockServices.lifecycle.mock({
        addStartupHook: hook => startup.push(hook),
        addShutdownHook: hook => shutdown.push(hook),
      }),
      instanceMetadata,
      notifications,
      catalog,
      auth: { getOwnServiceCredentials: async () => mockCredentials.service() },
      entities: { entityRefOf: async () => undefined },
    };
    return RunEndNotifications.create(options);
  }

  it('is off without a notifications backend', async () => {
    expect(await create(installed('catalog'))).toBeUndefined();
  });

  it('warns that runCache.idleSeconds has no effect when it is set while notifications are on', async () => {
    const logger = mockServices.logger.mock();
    const config = mockServices.rootConfig({
      data: { openchoreo: { build: { runCache: { idleSeconds: 60 } } } },
    });
    expect(
      await create(installed('notifications'), { config, logger }),
    ).toBeDefined();
    expect(logger.warn).toHaveBeenCalledWith(
      "openchoreo-build: openchoreo.build.runCache.idleSeconds has no effect while build-end notifications are on: they keep every organization's run watch open",
    );

    const quiet = mockServices.logger.mock();
    await create(installed('notifications'), { logger: quiet });
    await create(installed('catalog'), { config, logger: quiet });
    expect(quiet.warn).not.toHaveBeenCalled();
  });

  it('tells the wrapped observer of every change and notifies of a run end seen live', async () => {
    const runEnds = (await create())!;
    const recorder: jest.Mocked<RunInformerObserver> = {
      onRunChanged: jest.fn(),
      onRunRemoved: jest.fn(),
      onRunsListed: jest.fn(),
    };
    const observer = runEnds.observe(recorder);
    const starter = {
      kind: 'user' as const,
      userEntityRef: 'user:default/ada',
    };

    observer.onRunChanged(
      testRun('r1', 1, { status: 'Running', trigger: starter }),
      {},
    );
    const sent = notifications.sentMatching();
    observer.onRunChanged(
      testRun('r1', 1, { status: 'Succeeded', trigger: starter }),
      {},
    );
    observer.onRunRemoved(testRun('r1', 1), {});
    observer.onRunsListed({ namespace: 'nova', generation: 'v1' }, []);

    expect((await sent).payload.title).toBe('c build succeeded');
    expect(recorder.onRunChanged).toHaveBeenCalledTimes(2);
    expect(recorder.onRunRemoved).toHaveBeenCalledTimes(1);
    expect(recorder.onRunsListed).toHaveBeenCalledTimes(1);
  });

  it("keeps every configured organization's informer watching from start to shutdown", async () => {
    const runEnds = (await create())!;
    const subscribers = new Map<string, RunInformerSubscriber | undefined>();
    const informers = {
      informer: (namespace: string) => ({
        subscribe: (subscriber: RunInformerSubscriber) => {
          subscribers.set(namespace, subscriber);
          return () => subscribers.set(namespace, undefined);
        },
      }),
    };

    runEnds.watch(informers, ['default', 'acme']);
    expect(subscribers.size).toBe(0);
    for (const hook of startup) await hook();
    expect([...subscribers.keys()]).toEqual(['default', 'acme']);
    expect([...subscribers.values()].every(Boolean)).toBe(true);

    for (const hook of shutdown) await hook();
    expect([...subscribers.values()].some(Boolean)).toBe(false);
  });
});
