import http from 'node:http';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type ServiceMock,
} from '@backstage/backend-test-utils';
import type {
  ComponentWorkflowRun,
  RunEvent,
  RunListResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { http as mswHttp, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { openchoreoBuildPlugin } from '../plugin';
import { discoveryHandler } from '../__testUtils__/discovery';
import { readSseEvents } from '../__testUtils__/sse';
import { catalogWith, claimingEntities } from '../__testUtils__/catalog';

type ListBody = RunListResponse & { error?: { name: string; message: string } };

const CP = 'http://control-plane.test';
const RUNS = `${CP}/apis/openchoreo.dev/v1alpha1/namespaces/default/componentworkflowruns`;
const auth = mockCredentials.user.header();

const t = (second: number) =>
  new Date(Date.parse('2025-01-01T00:00:00Z') + second * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
const cwr = (
  name: string,
  second: number,
  resourceVersion: string,
  workflow = 'docker',
): ComponentWorkflowRun => ({
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'ComponentWorkflowRun',
  metadata: {
    name,
    namespace: 'default',
    resourceVersion,
    creationTimestamp: t(second),
    uid: `uid-${name}`,
  },
  spec: {
    owner: {
      projectName: 'default',
      componentName: name.split('-workflow-')[0],
    },
    workflow: {
      name: workflow,
      systemParameters: {
        repository: {
          url: 'https://github.com/o/r',
          revision: { branch: 'main' },
          appPath: '/',
        },
      },
    },
  },
  status: { conditions: [] },
});

/** An msw control plane whose run list and watch the test drives and counts. */
function controlPlane() {
  const encoder = new TextEncoder();
  const state = {
    runs: new Map<string, ComponentWorkflowRun>(),
    resourceVersion: 100,
    lists: 0,
    watches: [] as Array<{
      resourceVersion: string | null;
      send(event: object): void;
    }>,
  };
  const watchWaiters: Array<() => void> = [];
  const handler = mswHttp.get(RUNS, ({ request: req }) => {
    const url = new URL(req.url);
    if (url.searchParams.get('watch') !== 'true') {
      state.lists += 1;
      return HttpResponse.json({
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'ComponentWorkflowRunList',
        metadata: { resourceVersion: String(state.resourceVersion) },
        items: [...state.runs.values()],
      });
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({
      start: c => {
        controller = c;
      },
    });
    const watch = {
      resourceVersion: url.searchParams.get('resourceVersion'),
      send: (event: object) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`)),
    };
    state.watches.push(watch);
    watchWaiters.splice(0).forEach(resolve => resolve());
    return new HttpResponse(stream, {
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return {
    state,
    handler,
    /** Resolves once `count` watch requests have arrived in total. */
    async watchOpened(count: number) {
      while (state.watches.length < count)
        await new Promise<void>(resolve => watchWaiters.push(resolve));
    },
    /** Changes a run and tells the newest watch, like the API server. */
    change(type: 'ADDED' | 'MODIFIED' | 'DELETED', run: ComponentWorkflowRun) {
      state.resourceVersion += 1;
      const object = {
        ...run,
        metadata: {
          ...run.metadata,
          resourceVersion: String(state.resourceVersion),
        },
      };
      if (type === 'DELETED') state.runs.delete(run.metadata!.name!);
      else state.runs.set(run.metadata!.name!, object);
      state.watches[state.watches.length - 1].send({ type, object });
    },
  };
}

const openClients = new Set<{ destroy(): void }>();

/** A `GET /events` client: resolves `ready`, and `next(…)` with the first matching run event. */
function eventsClient(base: string) {
  const seen: RunEvent[] = [];
  const waiters: Array<{
    match: (e: RunEvent) => boolean;
    resolve: (e: RunEvent) => void;
  }> = [];
  let markReady: () => void = () => {};
  const ready = new Promise<void>(resolve => {
    markReady = resolve;
  });
  const req = http.get(
    `${base}/api/openchoreo-build/events?namespace=default`,
    { headers: { Authorization: auth, Accept: 'text/event-stream' } },
    res => {
      readSseEvents(res, ({ event: name, data }) => {
        if (name === 'ready') markReady();
        if (name !== 'run' || !data) return;
        const event = JSON.parse(data) as RunEvent;
        seen.push(event);
        for (const waiter of [...waiters]) {
          if (waiter.match(event)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(event);
          }
        }
      });
    },
  );
  req.on('error', () => {});
  openClients.add(req);
  return {
    ready,
    next(match: (e: RunEvent) => boolean): Promise<RunEvent> {
      const found = seen.find(match);
      return found
        ? Promise.resolve(found)
        : new Promise(resolve => waiters.push({ match, resolve }));
    },
    close: () => req.destroy(),
  };
}

describe('GET /runs and GET /events from the shared run informers (msw control plane)', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => server.close());
  // Open streams would hold the test backend's shutdown.
  afterEach(() => {
    for (const client of openClients) client.destroy();
    openClients.clear();
  });

  async function start(
    cp: ReturnType<typeof controlPlane>,
    build: Record<string, unknown> = {},
    logger?: ServiceMock<LoggerService>,
  ) {
    server.resetHandlers(discoveryHandler(CP), cp.handler);
    const backend = await startTestBackend({
      features: [
        ...(logger ? [logger.factory] : []),
        openchoreoBuildPlugin,
        catalogWith(
          claimingEntities(
            ['a', 'b', 'c', 'd', 'e', 'svc'].map(c => `default/default/${c}`),
          ),
        ),
        mockServices.rootConfig.factory({
          data: {
            openchoreo: {
              build: {
                namespaces: ['default'],
                controlPlane: { url: CP, token: 'cp-token' },
                ...build,
              },
            },
          },
        }),
      ],
    });
    const address = backend.server.address() as { port: number };
    const list = async (
      query: string,
    ): Promise<{ status: number; body: ListBody }> => {
      const res = await request(backend.server)
        .get(`/api/openchoreo-build/runs${query}`)
        .set('Authorization', auth);
      return { status: res.status, body: res.body as ListBody };
    };
    return { backend, base: `http://127.0.0.1:${address.port}`, list };
  }

  it('serves list and events users from ONE upstream list and watch, newest first, following changes and re-listing on 410', async () => {
    const cp = controlPlane();
    for (const [name, second] of [
      ['b-workflow-0000000a', 10],
      ['a-workflow-ffffffff', 30],
      ['c-workflow-12345678', 20],
    ] as const) {
      cp.state.runs.set(name, cwr(name, second, '1'));
    }
    const { base, list } = await start(cp);

    // Many users at once, of both kinds.
    const clients = [
      eventsClient(base),
      eventsClient(base),
      eventsClient(base),
    ];
    const pages = await Promise.all(
      Array.from({ length: 5 }, () => list('?namespace=default')),
    );
    await Promise.all(clients.map(c => c.ready));
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.body.items.map(r => r.name)).toEqual([
        'a-workflow-ffffffff',
        'c-workflow-12345678',
        'b-workflow-0000000a',
      ]);
    }
    await cp.watchOpened(1);
    expect(cp.state.lists).toBe(1);
    expect(cp.state.watches).toHaveLength(1);
    expect(cp.state.watches[0].resourceVersion).toBe('100');

    // Add, modify, delete through the watch: events clients see them and so does the list.
    cp.change('ADDED', cwr('d-workflow-00000001', 40, '0'));
    cp.change('MODIFIED', {
      ...cwr('b-workflow-0000000a', 10, '0'),
      status: { conditions: [{ type: 'WorkflowSucceeded', status: 'True' }] },
    });
    cp.change('DELETED', cwr('c-workflow-12345678', 20, '0'));
    await Promise.all(
      clients.map(c =>
        c.next(
          e => e.type === 'deleted' && e.run.name === 'c-workflow-12345678',
        ),
      ),
    );
    const afterChanges = await list('');
    expect(afterChanges.body.items.map(r => [r.name, r.status])).toEqual([
      ['d-workflow-00000001', 'Pending'],
      ['a-workflow-ffffffff', 'Pending'],
      ['b-workflow-0000000a', 'Succeeded'],
    ]);
    expect(cp.state.lists).toBe(1);
    expect(cp.state.watches).toHaveLength(1);

    // 410 Gone: one re-list and one new watch from its version, the change made meanwhile comes through.
    cp.state.runs.set(
      'e-workflow-00000002',
      cwr('e-workflow-00000002', 50, '200'),
    );
    cp.state.resourceVersion = 200;
    cp.state.watches[0].send({
      type: 'ERROR',
      object: {
        kind: 'Status',
        code: 410,
        reason: 'Expired',
        message: 'too old resource version',
      },
    });
    await Promise.all(
      clients.map(c =>
        c.next(e => e.type === 'added' && e.run.name === 'e-workflow-00000002'),
      ),
    );
    await cp.watchOpened(2);
    expect(cp.state.lists).toBe(2);
    expect(cp.state.watches).toHaveLength(2);
    expect(cp.state.watches[1].resourceVersion).toBe('200');
    expect((await list('?limit=1')).body.items[0].name).toBe(
      'e-workflow-00000002',
    );

    for (const client of clients) client.close();
    expect(cp.state.lists).toBe(2);
    expect(cp.state.watches).toHaveLength(2);
  });

  it("stops an organization's watch after runCache.idleSeconds without a viewer, and lists afresh on the next request", async () => {
    const cp = controlPlane();
    cp.state.runs.set(
      'a-workflow-ffffffff',
      cwr('a-workflow-ffffffff', 30, '1'),
    );
    // The informer says when it stops (the mocked watch cannot tell: msw does not pass the abort on).
    const logger = mockServices.logger.mock();
    logger.child.mockImplementation(() => logger);
    const stopped = new Promise<string>(resolve =>
      logger.debug.mockImplementation((message: string) => {
        if (message.includes('stopping its watch')) resolve(message);
      }),
    );
    const { list } = await start(cp, { runCache: { idleSeconds: 1 } }, logger);
    expect((await list('')).body.items.map(r => r.name)).toEqual([
      'a-workflow-ffffffff',
    ]);
    await cp.watchOpened(1);
    // The default keeps it five minutes; configured, it stops after a second without a viewer.
    expect(await stopped).toBe(
      'Run informer for default idle for 1000 ms; stopping its watch',
    );
    expect(cp.state.lists).toBe(1);
    expect((await list('')).body.items.map(r => r.name)).toEqual([
      'a-workflow-ffffffff',
    ]);
    expect(cp.state.lists).toBe(2);
    await cp.watchOpened(2);
  });

  // 31536000 (a year, meant as "never"): Node would run a timer that long after 1 ms.
  it.each([0, 2.5, -60, 31536000])(
    'refuses runCache.idleSeconds %p at start-up, naming the key',
    async idleSeconds => {
      await expect(
        start(controlPlane(), { runCache: { idleSeconds } }),
      ).rejects.toThrow(
        `openchoreo.build.runCache.idleSeconds: must be a whole number of seconds from 1 to 2147483, got ${idleSeconds}`,
      );
    },
  );

  it('pages newest first with a keyset cursor that stays stable while runs are created, filters by workflow, and rejects a bad cursor', async () => {
    const cp = controlPlane();
    for (let i = 0; i < 9; i += 1) {
      const name = `svc-workflow-${((i * 2654435761) >>> 0)
        .toString(16)
        .padStart(8, '0')}`;
      cp.state.runs.set(
        name,
        cwr(name, i, '1', i % 3 === 0 ? 'buildpacks' : 'docker'),
      );
    }
    const { base, list } = await start(cp);
    const expected = [...cp.state.runs.values()]
      .sort((a, b) =>
        b.metadata!.creationTimestamp!.localeCompare(
          a.metadata!.creationTimestamp!,
        ),
      )
      .map(r => r.metadata!.name!);
    const first = await list('?limit=4');
    expect(first.status).toBe(200);
    expect(first.body.items.map(r => r.name)).toEqual(expected.slice(0, 4));
    expect(first.body.nextCursor).toEqual(expect.any(String));

    // A new run arrives between page requests (seen by an events client, so the informer has it).
    await cp.watchOpened(1);
    const client = eventsClient(base);
    await client.ready;
    cp.change('ADDED', cwr('svc-workflow-0000beef', 100, '0'));
    await client.next(e => e.run.name === 'svc-workflow-0000beef');
    client.close();

    const second = await list(
      `?limit=4&cursor=${encodeURIComponent(first.body.nextCursor!)}`,
    );
    const third = await list(
      `?limit=4&cursor=${encodeURIComponent(second.body.nextCursor!)}`,
    );
    expect(third.body.nextCursor).toBeUndefined();
    expect(
      [...first.body.items, ...second.body.items, ...third.body.items].map(
        r => r.name,
      ),
    ).toEqual(expected);
    expect((await list('?limit=1')).body.items[0].name).toBe(
      'svc-workflow-0000beef',
    );

    const buildpacks = await list('?workflow=buildpacks');
    expect(buildpacks.body.items.map(r => r.name)).toEqual(
      expected.filter(
        n => cp.state.runs.get(n)!.spec!.workflow!.name === 'buildpacks',
      ),
    );
    expect(buildpacks.body.items).toHaveLength(3);

    const bad = await list('?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: {
        name: 'InputError',
        message: expect.stringMatching(/^cursor: /),
      },
    });
    const badWorkflow = await list('?workflow=Not_A_Name');
    expect(badWorkflow.status).toBe(400);
    expect(badWorkflow.body.error?.message).toContain('workflow:');
    expect(cp.state.lists).toBe(1);
    expect(cp.state.watches).toHaveLength(1);
  });

  it('answers 503 naming the control plane when the first list fails', async () => {
    const cp = controlPlane();
    const { list } = await start(cp);
    server.use(
      mswHttp.get(RUNS, () =>
        HttpResponse.json(
          { kind: 'Status', code: 403, message: 'forbidden' },
          { status: 403 },
        ),
      ),
    );
    const res = await list('');
    expect(res.status).toBe(503);
    expect(res.body.error?.message).toMatch(
      /^Cannot list the runs of default from the control plane: control plane refused the backend's credentials/,
    );
  });
});
