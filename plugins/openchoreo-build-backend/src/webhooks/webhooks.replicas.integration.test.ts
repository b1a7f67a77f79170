import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSandbox } from '@openchoreo-build/sandbox';
import type {
  WebhookDeliveriesResponse,
  WebhookResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../runRecords/__testUtils__/runRecordTestKit';
import {
  deliver,
  OC,
  runsOfDelivery,
  webhookBackend,
  type Sandbox,
  type Server,
} from './__testUtils__/harness';
import { githubHeaders, githubPushPayload } from './__testUtils__/payloads';

const GREETER = 'service-go-greeter/main.go';
const DELIVERIES =
  '/api/openchoreo-build/components/default/default/greeter-service/autobuild/deliveries';

// A sandbox and two backends per database: slow on a loaded machine, like the other sandbox suites.
jest.setTimeout(90_000);

const databases = createTestDatabases();

/**
 * Two backend plugin instances on one sandbox and one database: what one replica did, the other
 * knows (delivery outcomes, locks, build claims, the delivery log). SQLite always; PostgreSQL when
 * the environment names one (see createTestDatabases).
 */
describe.each(databases.eachSupportedId())(
  'two backend replicas sharing one %s database',
  id => {
    let sandbox: Sandbox;
    let stateDir: string;
    let knex: Knex;
    let first: Server;
    let second: Server;

    beforeAll(async () => {
      stateDir = fs.mkdtempSync(
        path.join(os.tmpdir(), 'oc-webhooks-replicas-'),
      );
      sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
      knex = await databases.init(id as TestDatabaseId);
      first = await webhookBackend(sandbox, { database: knex });
      second = await webhookBackend(sandbox, { database: knex });
    });
    afterAll(async () => {
      await sandbox?.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    });

    const runCount = () =>
      sandbox.controlPlane.list(OC, 'componentworkflowruns').length;

    function github(server: Server, payload: object, delivery: string) {
      const body = JSON.stringify(payload);
      return deliver(
        server,
        'github',
        body,
        githubHeaders(sandbox.endpoints.webhooks.githubSecret, body, {
          delivery,
        }),
      );
    }

    const recentDeliveries = async (server: Server, query = '') => {
      const res = await request(server)
        .get(`${DELIVERIES}${query}`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body as WebhookDeliveriesResponse;
    };

    it('a redelivery to the other replica builds nothing new, and both deliveries show in GET …/deliveries on either replica', async () => {
      const payload = githubPushPayload({ commits: [{ modified: [GREETER] }] });
      const delivery = 'b7d1e9a0-0000-4000-8000-00000000c001';
      const before = runCount();

      const original = await github(first, payload, delivery);
      expect(original.status).toBe(200);
      const [run] = runsOfDelivery(sandbox, original);
      expect(run.id).toBe('default/greeter-service');

      const redelivery = await github(second, payload, delivery);
      expect(redelivery.status).toBe(200);
      expect(redelivery.body).toMatchObject({
        duplicate: true,
        runsStarted: 0,
        runsAlreadyStarted: 1,
        message: expect.stringContaining('already processed'),
      });
      expect(runCount()).toBe(before + 1);

      for (const server of [first, second]) {
        const listed = await recentDeliveries(server);
        const ofThis = listed.items.filter(d => d.deliveryId === delivery);
        expect(ofThis).toEqual([
          expect.objectContaining({
            provider: 'github',
            event: 'push',
            branch: 'main',
            commit: (original.body as WebhookResponse).commit,
            outcome: 'duplicate',
            componentOutcome: 'duplicate',
            runs: [],
          }),
          expect.objectContaining({
            outcome: 'created',
            componentOutcome: 'created',
            message: '1 build(s) started.',
            runs: [{ namespace: 'default', name: run.name }],
          }),
        ]);
        expect(Date.parse(ofThis[0].receivedAt)).toBeGreaterThanOrEqual(
          Date.parse(ofThis[1].receivedAt),
        );
      }
    });

    it('one delivery sent to both replicas at once starts one build: the other waits and shares its outcome', async () => {
      const payload = githubPushPayload({ commits: [{ modified: [GREETER] }] });
      const delivery = 'b7d1e9a0-0000-4000-8000-00000000c002';
      const before = runCount();
      const answers = await Promise.all([
        github(first, payload, delivery),
        github(second, payload, delivery),
      ]);
      expect(answers.map(a => a.status)).toEqual([200, 200]);
      expect(
        answers.map(a => (a.body as WebhookResponse).runsStarted).sort(),
      ).toEqual([0, 1]);
      expect(runCount()).toBe(before + 1);
    });

    it('one push replayed under two delivery ids to both replicas at once starts one build (the build claim is shared)', async () => {
      const payload = githubPushPayload({ commits: [{ modified: [GREETER] }] });
      const before = runCount();
      const answers = await Promise.all([
        github(first, payload, 'b7d1e9a0-0000-4000-8000-00000000c003'),
        github(second, payload, 'b7d1e9a0-0000-4000-8000-00000000c004'),
      ]);
      expect(answers.map(a => a.status)).toEqual([200, 200]);
      expect(
        answers.map(a => (a.body as WebhookResponse).runsStarted).sort(),
      ).toEqual([0, 1]);
      expect(
        answers.map(a => (a.body as WebhookResponse).runsAlreadyStarted).sort(),
      ).toEqual([0, 1]);
      expect(runCount()).toBe(before + 1);
    });

    it('a rejected delivery (bad signature) is not recorded', async () => {
      const body = JSON.stringify(
        githubPushPayload({ commits: [{ modified: [GREETER] }] }),
      );
      const forged = await deliver(
        first,
        'github',
        body,
        githubHeaders('not-the-secret', body, {
          delivery: 'b7d1e9a0-0000-4000-8000-00000000c0ff',
        }),
      );
      expect(forged.status).toBe(401);
      const listed = await recentDeliveries(second, '?limit=100');
      expect(listed.items.map(d => d.deliveryId)).not.toContain(
        'b7d1e9a0-0000-4000-8000-00000000c0ff',
      );
    });

    it('GET …/deliveries: newest first, `limit` bounded and validated, authorized like GET …/autobuild', async () => {
      const auth = mockCredentials.user.header();
      const all = await recentDeliveries(first, '?limit=100');
      expect(all).toMatchObject({
        namespace: 'default',
        project: 'default',
        component: 'greeter-service',
      });
      expect(all.items.length).toBeGreaterThanOrEqual(6);
      const times = all.items.map(d => Date.parse(d.receivedAt));
      expect([...times].sort((x, y) => y - x)).toEqual(times);
      expect((await recentDeliveries(first, '?limit=2')).items).toHaveLength(2);

      for (const [query, message] of [
        ['?limit=0', 'limit must be a whole number from 1 to 100'],
        ['?limit=101', 'limit must be a whole number from 1 to 100'],
        ['?limit=abc', 'limit must be a whole number from 1 to 100'],
        ['?limit=2.5', 'limit must be a whole number from 1 to 100'],
        ['?cursor=x', "Unrecognized key(s) in object: 'cursor'"],
      ]) {
        const res = await request(first)
          .get(`${DELIVERIES}${query}`)
          .set('Authorization', auth);
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({
          name: 'InputError',
          message: expect.stringContaining(message),
        });
      }

      const unreadable = await webhookBackend(sandbox, {
        database: knex,
        permission: AuthorizeResult.DENY,
      });
      const denied = await request(unreadable)
        .get(DELIVERIES)
        .set('Authorization', auth);
      expect(denied.status).toBe(403);
      expect(denied.body.error.name).toBe('NotAllowedError');
      expect(
        (
          await request(first)
            .get(
              '/api/openchoreo-build/components/nope/default/x/autobuild/deliveries',
            )
            .set('Authorization', auth)
        ).status,
      ).toBe(404);
    });
  },
);
