import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import {
  DefaultNotificationService,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  isTerminalRunStatus,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { startSandbox } from '@openchoreo-build/sandbox';
import type { Knex } from 'knex';
import request from 'supertest';
import { catalogWith, exampleEntities } from '../__testUtils__/catalog';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';
import { openchoreoBuildPlugin } from '../plugin';
import { createTestDatabases } from '../runRecords/__testUtils__/runRecordTestKit';
import { FakeNotificationService } from './__testUtils__/FakeNotificationService';
import { NOTIFIED_RUN_ENDS_TABLE } from './RunEndClaims';

jest.setTimeout(90_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const databases = createTestDatabases();
/** The organizations the test backend watches (sandboxPluginConfig). */
const NAMESPACES = ['default', 'acme', 'platform'];

describe('build-end notifications against a real sandbox', () => {
  let sandbox: Sandbox;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-build-notify-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  async function backend(knex: Knex, notifications: FakeNotificationService) {
    const { server } = await startTestBackend({
      features: [
        catalogWith(exampleEntities()),
        openchoreoBuildPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.database.factory({ knex }),
        // The test backend runs no notifications backend: the key says one runs elsewhere.
        mockServices.rootConfig.factory({
          data: sandboxPluginConfig(sandbox, {
            notifications: { enabled: true },
          }),
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => notifications,
        }),
      ],
    });
    const call = (method: 'get' | 'post', url: string) =>
      request(server)
        [method](`/api/openchoreo-build${url}`)
        .set('Authorization', mockCredentials.user.header());
    return { call };
  }

  it('notifies once, with the run page link, when a build a user started ends; not of runs finished before', async () => {
    const knex = await databases.init('SQLITE_3');
    const notifications = new FakeNotificationService();
    const { call } = await backend(knex, notifications);
    const finishedAtStart = new Set<string>();
    for (const namespace of NAMESPACES) {
      const listed = await call(
        'get',
        `/runs?namespace=${namespace}&limit=500`,
      );
      expect(listed.status).toBe(200);
      for (const run of listed.body.items as RunSummary[])
        if (isTerminalRunStatus(run.status))
          finishedAtStart.add(
            `/openchoreo-builds/runs/${namespace}/${run.name}`,
          );
    }

    const created = await call('post', '/runs').send({
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
    });
    expect(created.status).toBe(201);
    const link = `/openchoreo-builds/runs/default/${created.body.name}`;
    const notification = await notifications.sentMatching(
      sent => sent.payload.link === link,
    );

    expect(notification).toEqual({
      recipients: {
        type: 'entity',
        // Who started it, and the owner of component:default/greeter-service (the sandbox's
        // openchoreo.dev/owner).
        entityRef: [
          mockCredentials.user().principal.userEntityRef,
          'group:default/app-developers',
        ],
      },
      payload: {
        title: expect.stringMatching(
          /^greeter-service build (succeeded|completed)$/,
        ),
        description: expect.stringMatching(
          new RegExp(`^Run ${created.body.name}( · |$)`),
        ),
        link,
        severity: 'normal',
        topic: 'openchoreo-build',
        scope: expect.stringContaining(`default/${created.body.name}/`),
      },
    });
    // The run is finished: its detail says so, and exactly one end was claimed and sent.
    const detail = await call('get', `/runs/default/${created.body.name}`);
    expect(isTerminalRunStatus(detail.body.status)).toBe(true);
    expect(
      await knex(NOTIFIED_RUN_ENDS_TABLE)
        .where({ namespace: 'default', name: created.body.name })
        .select('final_status'),
    ).toHaveLength(1);
    expect(
      notifications.sent.filter(sent => sent.payload.link === link),
    ).toHaveLength(1);
    expect(
      notifications.sent.filter(sent =>
        finishedAtStart.has(sent.payload.link ?? ''),
      ),
    ).toEqual([]);
  });

  it('reaches the starter through the notifications backend of the same backend, on by default', async () => {
    // The real client (discovery + a service token) of the real backend; recorded once it is done.
    const delivered = new FakeNotificationService();
    const { server } = await startTestBackend({
      features: [
        catalogWith(exampleEntities()),
        openchoreoBuildPlugin,
        notificationsBackend,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            ...sandboxPluginConfig(sandbox),
            // The notifications backend checks links against it; a relative link is stored as it is.
            app: { baseUrl: 'http://localhost:3000' },
          },
        }),
        createServiceFactory({
          service: notificationService,
          deps: { auth: coreServices.auth, discovery: coreServices.discovery },
          factory: ({ auth, discovery }) =>
            delivered.forwardingTo(
              DefaultNotificationService.create({ auth, discovery }),
            ),
        }),
      ],
    });

    const created = await request(server)
      .post('/api/openchoreo-build/runs')
      .set('Authorization', mockCredentials.user.header())
      .send({
        namespace: 'default',
        project: 'default',
        component: 'greeter-service',
      });
    expect(created.status).toBe(201);
    const link = `/openchoreo-builds/runs/default/${created.body.name}`;
    await delivered.sentMatching(sent => sent.payload.link === link);

    const listed = await request(server)
      .get('/api/notifications/notifications')
      .set('Authorization', mockCredentials.user.header());
    expect(listed.status).toBe(200);
    expect(
      (
        listed.body.notifications as Array<{
          user: string;
          origin: string;
          payload: { link?: string; topic?: string };
        }>
      ).filter(n => n.payload.link === link),
    ).toEqual([
      expect.objectContaining({
        user: mockCredentials.user().principal.userEntityRef,
        origin: 'plugin:openchoreo-build',
        payload: expect.objectContaining({ topic: 'openchoreo-build' }),
      }),
    ]);
  });
});
