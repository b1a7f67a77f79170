import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { startSandbox } from '@openchoreo-build/sandbox';
import type {
  RunDetail,
  RunListResponse,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import {
  githubHeaders,
  githubPushPayload,
} from '../webhooks/__testUtils__/payloads';
import {
  deliver,
  runsOfDelivery,
  webhookBackend,
  type Sandbox,
  type Server,
} from '../webhooks/__testUtils__/harness';

jest.setTimeout(120_000);

const ADA = 'user:default/ada';
const BOB = 'user:default/bob';
const DELIVERY = '0b5c3f7e-8a1d-4c2e-9f00-000000000019';

/**
 * "Triggered by" and the list filters of `GET /runs` against a real sandbox: runs started by two
 * users through the portal (one on another branch) and by a GitHub push, then listed by
 * `branch`, `trigger` and `createdBy` (`me` included), with the trigger in summaries and detail.
 */
describe('GET /runs filters by branch, trigger and creator (real sandbox)', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  let server: Server;
  const started: Record<'ada' | 'bob' | 'webhook', string> = {
    ada: '',
    bob: '',
    webhook: '',
  };

  const get = (url: string, authorization = mockCredentials.user.header(ADA)) =>
    request(server)
      .get(`/api/openchoreo-build${url}`)
      .set('Authorization', authorization);
  const namesOf = (res: request.Response) =>
    (res.body as RunListResponse).items.map(run => run.name);

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-build-filters-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
    server = await webhookBackend(sandbox);
    const start = async (user: string, branch?: string) => {
      const res = await request(server)
        .post('/api/openchoreo-build/runs')
        .set('Authorization', mockCredentials.user.header(user))
        .send({
          namespace: 'default',
          project: 'default',
          component: 'greeter-service',
          ...(branch
            ? { systemParameters: { repository: { revision: { branch } } } }
            : {}),
        });
      if (res.status !== 201)
        throw new Error(`POST /runs as ${user}: ${res.status} ${res.text}`);
      return (res.body as RunSummary).name;
    };
    started.ada = await start(ADA);
    started.bob = await start(BOB, 'feature/filters');
    const body = JSON.stringify(
      githubPushPayload({
        commits: [{ modified: ['service-go-greeter/main.go'] }],
      }),
    );
    const delivery = await deliver(
      server,
      'github',
      body,
      githubHeaders(sandbox.endpoints.webhooks.githubSecret, body, {
        delivery: DELIVERY,
      }),
    );
    const runs = runsOfDelivery(sandbox, delivery);
    if (delivery.status !== 200 || runs.length !== 1)
      throw new Error(
        `GitHub delivery: ${delivery.status} ${delivery.text}, ${runs.length} run(s)`,
      );
    started.webhook = runs[0].name;
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('says who or what started each run, in the list and on the run page', async () => {
    const list = await get('/runs?namespace=default&limit=500');
    expect(list.status).toBe(200);
    const byName = new Map(
      (list.body as RunListResponse).items.map(run => [run.name, run]),
    );
    expect(byName.get(started.ada)?.trigger).toEqual({
      kind: 'user',
      userEntityRef: ADA,
    });
    expect(byName.get(started.webhook)?.trigger).toEqual({
      kind: 'webhook',
      provider: 'github',
      deliveryId: DELIVERY,
    });
    const detail = await get(`/runs/default/${started.bob}`);
    expect((detail.body as RunDetail).trigger).toEqual({
      kind: 'user',
      userEntityRef: BOB,
    });
  });

  it('lists only the caller’s runs with createdBy=me, and anyone’s with their ref', async () => {
    expect(namesOf(await get('/runs?createdBy=me'))).toEqual([started.ada]);
    expect(
      namesOf(
        await get('/runs?createdBy=me', mockCredentials.user.header(BOB)),
      ),
    ).toEqual([started.bob]);
    expect(
      namesOf(await get(`/runs?createdBy=${encodeURIComponent(BOB)}`)),
    ).toEqual([started.bob]);
  });

  it('filters by trigger and branch, with the other filters', async () => {
    expect(namesOf(await get('/runs?trigger=webhook'))).toEqual([
      started.webhook,
    ]);
    // Started in the same second, maybe: list order is then by name.
    expect(namesOf(await get('/runs?trigger=user')).sort()).toEqual(
      [started.bob, started.ada].sort(),
    );
    expect(
      namesOf(
        await get(
          '/runs?branch=feature%2Ffilters&component=greeter-service&status=Pending&status=Running,Succeeded',
        ),
      ),
    ).toEqual([started.bob]);
    expect(namesOf(await get('/runs?branch=feature%2Fnone'))).toEqual([]);
  });

  it('answers a bad filter with a 400 that names it and says what it takes', async () => {
    const cases: Array<[string, string, string?]> = [
      ['/runs?trigger=cron', 'trigger: must be "user"'],
      [
        '/runs?createdBy=group:default/team',
        'createdBy: must be a user entity ref',
      ],
      ['/runs?branch=a..b', 'branch: '],
      ['/runs?branch=main&branch=dev', 'branch: give one branch, not 2'],
      [
        '/runs?createdBy=me',
        'createdBy: "me" needs a signed-in user',
        mockCredentials.service.header(),
      ],
    ];
    for (const [url, message, authorization] of cases) {
      const res = await get(url, authorization);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.error.message).toContain(message);
    }
  });
});
