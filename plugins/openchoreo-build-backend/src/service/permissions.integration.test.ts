import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isResourcePermission,
  type AuthorizePermissionRequest,
  type PolicyDecision,
  type QueryPermissionRequest,
} from '@backstage/plugin-permission-common';
import { startSandbox } from '@openchoreo-build/sandbox';
import type {
  RunEvent,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import { openchoreoBuildPlugin } from '../plugin';
import { catalogWith, exampleEntities } from '../__testUtils__/catalog';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';
import { readSseEvents } from '../__testUtils__/sse';

/**
 * Every route × {no credentials, signed in without the permission, signed in with it}, against a
 * real sandbox and a policy shaped like the portal's: ada owns default/greeter-service, bob owns
 * default/reading-list-service, pat is the platform team (everything, unconditionally). Denied
 * requests answer 401/403 (or are filtered) and change nothing.
 */

const OC = 'openchoreo.dev/v1alpha1';
const GREETER = 'component:default/greeter-service';
const READING_LIST = 'component:default/reading-list-service';
const users = {
  ada: 'user:default/ada',
  bob: 'user:default/bob',
  pat: 'user:default/pat',
};
const owns: Record<string, string> = {
  [users.ada]: GREETER,
  [users.bob]: READING_LIST,
};

function userOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as Partial<BackstageUserPrincipal>;
  return principal.userEntityRef;
}

/** The policy: pat may do everything; an owner may do everything on their component only. */
const policy = mockServices.permissions.mock({
  authorize: async (requests: AuthorizePermissionRequest[], { credentials }) =>
    requests.map(r => {
      const user = userOf(credentials);
      if (user === users.pat) return { result: AuthorizeResult.ALLOW };
      const allowed =
        isResourcePermission(r.permission) &&
        !!user &&
        r.resourceRef === owns[user];
      return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }),
  authorizeConditional: async (
    requests: QueryPermissionRequest[],
    { credentials },
  ): Promise<PolicyDecision[]> =>
    requests.map(() =>
      userOf(credentials) === users.pat
        ? { result: AuthorizeResult.ALLOW }
        : {
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: { claims: [] },
            },
          },
    ),
});

describe('permissions on every route (real sandbox)', () => {
  type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
  let sandbox: Sandbox;
  let stateDir: string;
  let server: http.Server;
  let base: string;
  const auditFailures: string[] = [];

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-build-perm-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => ({
        success: async () => undefined,
        fail: async ({ error }: { error: Error }) => {
          auditFailures.push(`${error.name}: ${error.message}`);
        },
      })),
    });
    const backend = await startTestBackend({
      features: [
        catalogWith(exampleEntities()),
        openchoreoBuildPlugin,
        policy.factory,
        auditor.factory,
        // Requests without an Authorization header stay anonymous, as in a real backend.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({ data: sandboxPluginConfig(sandbox) }),
      ],
    });
    server = backend.server;
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const as = (user?: string) => ({
    get: (url: string) =>
      withAuth(request(server).get(`/api/openchoreo-build${url}`), user),
    post: (url: string, body?: object) =>
      withAuth(request(server).post(`/api/openchoreo-build${url}`), user).send(
        body ?? {},
      ),
    put: (url: string, body: object) =>
      withAuth(request(server).put(`/api/openchoreo-build${url}`), user).send(
        body,
      ),
  });
  function withAuth(req: request.Test, user?: string) {
    return user
      ? req.set('Authorization', mockCredentials.user.header(user))
      : req;
  }
  const runCount = () =>
    sandbox.controlPlane.list(OC, 'componentworkflowruns').length;
  const autoBuildOf = (component: string) =>
    (
      sandbox.controlPlane.get(OC, 'components', 'default', component)!
        .spec as { autoBuild?: boolean }
    ).autoBuild;

  /** A seeded run of greeter-service that has ended, to read, re-run and page logs of. */
  async function greeterRun(): Promise<RunSummary> {
    const res = await as(users.pat).get(
      '/runs?namespace=default&component=greeter-service&status=Succeeded,Failed&limit=1',
    );
    expect(res.status).toBe(200);
    return res.body.items[0];
  }

  it('answers 401 on every route without credentials, and changes nothing', async () => {
    const run = await greeterRun();
    const before = runCount();
    const anonymous = as();
    const answers = await Promise.all([
      anonymous.get('/buildplanes'),
      anonymous.get('/buildplanes/default/default'),
      anonymous.get('/workflows'),
      anonymous.get('/components/default/default/greeter-service'),
      anonymous.get('/components/default/default/greeter-service/workflows'),
      anonymous.get('/components/default/default/greeter-service/autobuild'),
      anonymous.get(
        '/components/default/default/greeter-service/autobuild/deliveries',
      ),
      anonymous.put('/components/default/default/greeter-service/autobuild', {
        enabled: false,
      }),
      anonymous.get('/runs'),
      anonymous.get(`/runs/default/${run.name}`),
      anonymous.get(
        `/runs/default/${run.name}/steps/build-step/logs?follow=false`,
      ),
      anonymous.post('/runs', {
        namespace: 'default',
        project: 'default',
        component: 'greeter-service',
      }),
      anonymous.post(`/runs/default/${run.name}/rerun`),
      anonymous.post(`/runs/default/${run.name}/cancel`),
      anonymous.get('/events'),
    ]);
    expect(answers.map(a => a.status)).toEqual(answers.map(() => 401));
    expect(runCount()).toBe(before);
    expect(autoBuildOf('greeter-service')).toBe(true);
  });

  it('answers 403 naming the permission to a signed-in user without it, and changes nothing', async () => {
    const run = await greeterRun();
    const before = runCount();
    const bob = as(users.bob);
    const denied: Array<[string, Promise<request.Response>, string]> = [
      [
        'build planes',
        bob.get('/buildplanes'),
        'openchoreo.build.buildplane.read',
      ],
      [
        'build plane',
        bob.get('/buildplanes/default/default'),
        'openchoreo.build.buildplane.read',
      ],
      ['workflows', bob.get('/workflows'), 'openchoreo.build.workflow.read'],
      [
        'component',
        bob.get('/components/default/default/greeter-service'),
        'openchoreo.build.run.read',
      ],
      [
        'component workflows',
        bob.get('/components/default/default/greeter-service/workflows'),
        'openchoreo.build.run.create',
      ],
      [
        'auto-build',
        bob.get('/components/default/default/greeter-service/autobuild'),
        'openchoreo.build.run.read',
      ],
      [
        'auto-build deliveries',
        bob.get(
          '/components/default/default/greeter-service/autobuild/deliveries',
        ),
        'openchoreo.build.run.read',
      ],
      [
        'auto-build switch',
        bob.put('/components/default/default/greeter-service/autobuild', {
          enabled: false,
        }),
        'openchoreo.build.autobuild.update',
      ],
      [
        'run',
        bob.get(`/runs/default/${run.name}`),
        'openchoreo.build.run.read',
      ],
      [
        'step log',
        bob.get(`/runs/default/${run.name}/steps/build-step/logs?follow=false`),
        'openchoreo.build.run.read',
      ],
      [
        'step log stream',
        bob.get(`/runs/default/${run.name}/steps/build-step/logs`),
        'openchoreo.build.run.read',
      ],
      [
        'step log download',
        bob.get(`/runs/default/${run.name}/steps/build-step/logs?download=1`),
        'openchoreo.build.run.read',
      ],
      [
        'start',
        bob.post('/runs', {
          namespace: 'default',
          project: 'default',
          component: 'greeter-service',
        }),
        'openchoreo.build.run.create',
      ],
      [
        're-run',
        bob.post(`/runs/default/${run.name}/rerun`),
        'openchoreo.build.run.create',
      ],
      [
        'cancel',
        bob.post(`/runs/default/${run.name}/cancel`),
        'openchoreo.build.run.cancel',
      ],
    ];
    for (const [label, answer, permission] of denied) {
      const res = await answer;
      expect({ label, status: res.status }).toEqual({ label, status: 403 });
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toContain(permission);
      // Nothing about the run leaks into the refusal.
      expect(res.text).not.toContain(run.repository.commit ?? 'no-commit');
    }
    expect(runCount()).toBe(before);
    expect(autoBuildOf('greeter-service')).toBe(true);
    // Denied mutations and reads are audited with the decision.
    expect(auditFailures).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^NotAllowedError: .*openchoreo\.build\.buildplane\.read/,
        ),
        expect.stringMatching(
          /^NotAllowedError: .*openchoreo\.build\.run\.read/,
        ),
        expect.stringMatching(
          /^NotAllowedError: .*openchoreo\.build\.run\.create/,
        ),
        expect.stringMatching(
          /^NotAllowedError: .*openchoreo\.build\.run\.cancel/,
        ),
        expect.stringMatching(
          /^NotAllowedError: .*openchoreo\.build\.autobuild\.update/,
        ),
      ]),
    );
  });

  it('answers 2xx to a user with the permission', async () => {
    const run = await greeterRun();
    const ada = as(users.ada);
    const pat = as(users.pat);
    expect((await pat.get('/buildplanes')).status).toBe(200);
    expect((await pat.get('/buildplanes/default/default')).status).toBe(200);
    expect((await pat.get('/workflows')).status).toBe(200);
    expect(
      (await ada.get('/components/default/default/greeter-service')).status,
    ).toBe(200);
    expect(
      (
        await ada.get('/components/default/default/greeter-service/workflows')
      ).body.items.map((w: { name: string }) => w.name),
    ).toContain('docker');
    expect(
      (await ada.get('/components/default/default/greeter-service/autobuild'))
        .body,
    ).toMatchObject({ canUpdate: true });
    const detail = await ada.get(`/runs/default/${run.name}`);
    expect(detail.status).toBe(200);
    expect(detail.body.entityRef).toBe(GREETER);
    expect(
      (
        await ada.get(
          `/runs/default/${run.name}/steps/build-step/logs?follow=false`,
        )
      ).status,
    ).toBe(200);
    const created = await ada.post('/runs', {
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
    });
    expect(created.status).toBe(201);
    expect(
      (await ada.post(`/runs/default/${created.body.name}/cancel`)).status,
    ).toBe(202);
    expect((await ada.post(`/runs/default/${run.name}/rerun`)).status).toBe(
      201,
    );
    const switched = await ada.put(
      '/components/default/default/greeter-service/autobuild',
      { enabled: false },
    );
    expect(switched.status).toBe(200);
    expect(autoBuildOf('greeter-service')).toBe(false);
    await ada.put('/components/default/default/greeter-service/autobuild', {
      enabled: true,
    });
  });

  it('filters run lists by the component each run builds, before paging', async () => {
    const all = await as(users.pat).get('/runs?namespace=default&limit=500');
    const components = new Set(
      all.body.items.map((r: RunSummary) => r.component),
    );
    expect(components).toEqual(
      expect.objectContaining({ size: expect.any(Number) }),
    );
    expect([...components]).toEqual(
      expect.arrayContaining(['greeter-service', 'reading-list-service']),
    );

    const adaRuns: RunSummary[] = (
      await as(users.ada).get('/runs?namespace=default&limit=500')
    ).body.items;
    expect(adaRuns.length).toBeGreaterThan(0);
    expect(new Set(adaRuns.map(r => r.component))).toEqual(
      new Set(['greeter-service']),
    );
    // A page holds `limit` readable runs, not `limit` runs of which some are hidden.
    const page = await as(users.ada).get('/runs?namespace=default&limit=2');
    expect(page.body.items).toHaveLength(Math.min(2, adaRuns.length));
    // Another org's runs (acme) are claimed by entities nobody here owns.
    expect(
      (await as(users.bob).get('/runs?namespace=acme')).body.items,
    ).toEqual([]);
  });

  it('never sends a run event of a component the user may not read', async () => {
    // bob's stream sees his own component's run but not ada's, though ada's happens first.
    const bobEvents = openEvents(users.bob);
    await bobEvents.ready;
    const hidden = await as(users.ada).post('/runs', {
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
    });
    expect(hidden.status).toBe(201);
    const visible = await as(users.bob).post('/runs', {
      namespace: 'default',
      project: 'default',
      component: 'reading-list-service',
    });
    expect(visible.status).toBe(201);
    const seen = await bobEvents.until(e => e.run.name === visible.body.name);
    expect(seen.some(e => e.run.name === hidden.body.name)).toBe(false);
    expect(new Set(seen.map(e => e.run.component))).toEqual(
      new Set(['reading-list-service']),
    );
  });

  /** An `/events` client: `ready`, then the run events received until `until` matches. */
  function openEvents(user: string) {
    const events: RunEvent[] = [];
    let onReady: () => void = () => {};
    const ready = new Promise<void>(resolve => {
      onReady = resolve;
    });
    let check: () => void = () => {};
    const req = http.get(
      `${base}/api/openchoreo-build/events?namespace=default`,
      { headers: { Authorization: mockCredentials.user.header(user) } },
      res => {
        readSseEvents(
          res,
          ({ event: name, data }) => {
            if (name === 'ready') onReady();
            if (name === 'run' && data) events.push(JSON.parse(data));
          },
          () => check(),
        );
      },
    );
    return {
      ready,
      until: (predicate: (event: RunEvent) => boolean) =>
        new Promise<RunEvent[]>(resolve => {
          check = () => {
            if (events.some(predicate)) {
              req.destroy();
              resolve(events);
            }
          };
          check();
        }),
    };
  }
});
