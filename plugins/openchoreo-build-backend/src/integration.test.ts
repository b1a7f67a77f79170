import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  startSandbox,
  strictCrdValidator,
  type CrdSchema,
} from '@openchoreo-build/sandbox';
import type {
  RunDetail,
  RunEvent,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import { openchoreoBuildPlugin } from './plugin';
import { RUN_LABELS } from './runs/RunService';
import { sandboxPluginConfig } from './__testUtils__/sandboxConfig';
import { loadReferenceYaml, referencePath } from './__testUtils__/reference';
import { readSseEvents } from './__testUtils__/sse';
import {
  catalogWith,
  claimingEntities,
  exampleEntities,
} from './__testUtils__/catalog';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** Reads `event:`/`data:` blocks of an SSE response until `until` says stop. */
function followEvents(
  baseUrl: string,
  pathname: string,
  until: (event: RunEvent) => boolean,
  onReady: () => void = () => {},
): Promise<RunEvent[]> {
  return new Promise((resolve, reject) => {
    const events: RunEvent[] = [];
    const req = http.get(
      `${baseUrl}${pathname}`,
      {
        headers: {
          Authorization: mockCredentials.user.header(),
          Accept: 'text/event-stream',
        },
      },
      res => {
        readSseEvents(res, ({ event: name, data }) => {
          if (name === 'ready') onReady();
          if (name !== 'run' || !data) return true;
          const event = JSON.parse(data) as RunEvent;
          events.push(event);
          if (!until(event)) return true;
          req.destroy();
          resolve(events);
          return false;
        });
        res.on('error', reject);
      },
    );
    req.on('error', error => (events.length ? resolve(events) : reject(error)));
  });
}

describe('against a real sandbox', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  const responses: string[] = [];

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-build-it-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  async function backend(
    result:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const { server } = await startTestBackend({
      features: [
        // The catalog may claim components the control plane does not have (404s below).
        catalogWith([
          ...exampleEntities(),
          ...claimingEntities([
            'default/default/no-such-component',
            'acme/default/react-starter',
          ]),
        ]),
        openchoreoBuildPlugin,
        mockServices.permissions.factory({ result }),
        mockServices.rootConfig.factory({ data: sandboxPluginConfig(sandbox) }),
      ],
    });
    const address = server.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    const call = async (method: 'get' | 'post', url: string, body?: object) => {
      const req = request(server)
        [method](`/api/openchoreo-build${url}`)
        .set('Authorization', mockCredentials.user.header());
      const res = body ? await req.send(body) : await req;
      responses.push(res.text);
      return res;
    };
    return { server, base, call };
  }

  it('lists the seed BuildPlanes of every generation with the right mode, and checks them live', async () => {
    const { call } = await backend();
    const res = await call('get', '/buildplanes');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(
      res.body.items.map((p: { name: string }) => [p.name, p]),
    );
    expect(byName.default).toMatchObject({
      namespace: 'default',
      mode: 'agent',
      generation: 'v0.4-v0.8',
      agent: { planeID: 'default' },
    });
    expect(byName['acme-build-plane']).toMatchObject({
      namespace: 'acme',
      mode: 'direct',
      generation: 'v0.3',
      authMethod: 'clientCertificate',
    });
    expect(byName['platform-build-plane']).toMatchObject({
      namespace: 'platform',
      mode: 'agent',
      generation: 'v0.9+',
      agent: { planeID: 'shared-builder' },
    });
    for (const [ns, name] of [
      ['default', 'default'],
      ['acme', 'acme-build-plane'],
      ['platform', 'platform-build-plane'],
    ]) {
      const detail = await call('get', `/buildplanes/${ns}/${name}`);
      expect(detail.status).toBe(200);
      expect(
        detail.body.checks.find(
          (c: { target: string }) => c.target === 'kubernetesApi',
        ),
      ).toMatchObject({ status: 'ok' });
    }
    const workflows = await call('get', '/workflows?namespace=default');
    expect(workflows.status).toBe(200);
    expect(workflows.body.items.map((w: { name: string }) => w.name)).toContain(
      'docker',
    );
    const secrets = workflows.body.items.flatMap(
      (w: { secrets: Array<{ status: string }> }) => w.secrets,
    );
    const all = [
      ...secrets,
      ...(await call('get', '/workflows')).body.items.flatMap(
        (w: { secrets: Array<{ status: string }> }) => w.secrets,
      ),
    ];
    expect(all.map(s => s.status)).toEqual(
      expect.arrayContaining(['Ready', 'NotReady']),
    );
  });

  it('starts a docker build and follows it through /events to Succeeded with four steps and an image', async () => {
    const { call, base } = await backend();
    let name = '';
    let ready: () => void = () => {};
    const streamReady = new Promise<void>(resolve => {
      ready = resolve;
    });
    // Subscribed before the run exists, so the whole life of the run comes through the stream.
    const followed = followEvents(
      base,
      '/api/openchoreo-build/events?namespace=default',
      e =>
        e.run.name === name &&
        ['Succeeded', 'Failed', 'Completed'].includes(e.run.status),
      () => ready(),
    );
    await streamReady;
    const created = await call('post', '/runs', {
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
    });
    expect(created.status).toBe(201);
    name = created.body.name as string;
    expect(name).toMatch(/^greeter-service-workflow-[0-9a-f]{8}$/);
    // The list is newest first and already has the run this backend just created (seeded running
    // runs may share its creation second, so it is not necessarily the very first).
    const listed = (await call('get', '/runs?namespace=default&limit=500')).body
      .items as Array<{ name: string; createdAt: string }>;
    const index = listed.findIndex(r => r.name === name);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(
      listed
        .slice(0, index)
        .filter(r => r.createdAt !== listed[index].createdAt),
    ).toEqual([]);
    expect(
      listed.filter((r, i) => i > 0 && listed[i - 1].createdAt < r.createdAt),
    ).toEqual([]);
    const events = (await followed).filter(e => e.run.name === name);
    expect(events[0].type).toBe('added');
    expect(events.map(e => e.run.status)).toContain('Running');
    expect(events[events.length - 1].run.status).toMatch(/Succeeded|Completed/);
    const detail = (await call('get', `/runs/default/${name}`))
      .body as RunDetail;
    expect(detail.steps.map(s => s.name)).toEqual([
      'clone-step',
      'build-step',
      'push-step',
      'workload-create-step',
    ]);
    expect(detail.steps.every(s => s.phase === 'Succeeded')).toBe(true);
    expect(detail.image ?? detail.steps[2].image).toBeTruthy();
  });

  it('cancels a running build, which then ends Failed', async () => {
    const { call, base } = await backend();
    let name = '';
    let cancelled: Promise<request.Response> | undefined;
    let ready: () => void = () => {};
    const streamReady = new Promise<void>(resolve => {
      ready = resolve;
    });
    const followed = followEvents(
      base,
      '/api/openchoreo-build/events?namespace=acme',
      e => {
        if (e.run.name !== name) return false;
        // Cancel as soon as the build plane reports it running.
        if (e.run.status === 'Running' && !cancelled)
          cancelled = call('post', `/runs/acme/${name}/cancel`);
        return e.run.status === 'Failed' || e.run.status === 'Succeeded';
      },
      () => ready(),
    );
    await streamReady;
    const created = await call('post', '/runs', {
      namespace: 'acme',
      project: 'online-store',
      component: 'reading-list-service',
    });
    expect(created.status).toBe(201);
    name = created.body.name as string;
    const events = await followed;
    expect((await cancelled!).status).toBe(202);
    expect(events[events.length - 1].run.status).toBe('Failed');
    const detail = (await call('get', `/runs/acme/${name}`)).body as RunDetail;
    expect(detail.execution.shutdown).toBe('Terminate');
    expect(detail.cancellable).toBe(false);
  });

  it('rejects a bad commit with 400 naming the field, and refuses without permission', async () => {
    const { call } = await backend();
    const bad = await call('post', '/runs', {
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
      systemParameters: { repository: { revision: { commit: 'zzz' } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain(
      'systemParameters.repository.revision.commit',
    );
    const before = (
      await call(
        'get',
        '/runs?namespace=default&component=greeter-service&limit=500',
      )
    ).body.items.length;
    const denied = await backend(AuthorizeResult.DENY);
    const res = await denied.call('post', '/runs', {
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
    });
    expect(res.status).toBe(403);
    const after = (
      await call(
        'get',
        '/runs?namespace=default&component=greeter-service&limit=500',
      )
    ).body.items.length;
    expect(after).toBe(before);
  });

  it("serves a Component's build defaults (spec.workflow) and 404s for a missing one or another project's", async () => {
    const { call } = await backend();
    const greeter = await call(
      'get',
      '/components/default/default/greeter-service',
    );
    expect(greeter.status).toBe(200);
    expect(greeter.body).toEqual({
      namespace: 'default',
      project: 'default',
      name: 'greeter-service',
      generation: 'v0',
      displayName: 'Greeter service',
      description: 'A Go greeter service built from its Dockerfile',
      componentType: 'deployment/service',
      autoBuild: true,
      workflow: {
        name: 'docker',
        systemParameters: {
          repository: {
            url: 'https://github.com/openchoreo/sample-workloads',
            revision: { branch: 'main' },
            appPath: '/service-go-greeter',
          },
        },
        parameters: {
          docker: {
            context: '/service-go-greeter',
            filePath: '/service-go-greeter/Dockerfile',
          },
        },
      },
    });
    // A v0.9-shaped Component (no spec.autoBuild) in another org and project.
    const readingList = await call(
      'get',
      '/components/acme/online-store/reading-list-service',
    );
    expect(readingList.status).toBe(200);
    expect(readingList.body).toMatchObject({
      namespace: 'acme',
      project: 'online-store',
      workflow: {
        name: 'google-cloud-buildpacks',
        parameters: { version: 2, testMode: 'integration' },
      },
    });
    expect(readingList.body).not.toHaveProperty('autoBuild');

    const missing = await call(
      'get',
      '/components/default/default/no-such-component',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      name: 'NotFoundError',
      message: expect.stringMatching(
        /^Component default\/no-such-component not found in control plane/,
      ),
    });
    const otherProject = await call(
      'get',
      '/components/acme/default/react-starter',
    );
    expect(otherProject.status).toBe(404);
    expect(otherProject.body.error.message).toBe(
      'Component acme/react-starter not found in project default (it belongs to project online-store)',
    );
    const unconfigured = await call(
      'get',
      '/components/kube-system/default/greeter-service',
    );
    expect(unconfigured.status).toBe(404);
  });

  it('creates only runs a real v0.9.0 API server keeps as they are (the real CRD, nothing pruned)', async () => {
    const { call } = await backend();
    // With every override the start-build form can send.
    const created = await call('post', '/runs', {
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
      systemParameters: {
        repository: {
          url: 'https://github.com/openchoreo/sample-workloads',
          revision: { branch: 'main', commit: 'a1b2c3d' },
          appPath: '/service-go-greeter',
        },
      },
    });
    expect(created.status).toBe(201);
    const rerun = await call(
      'post',
      `/runs/default/${created.body.name}/rerun`,
    );
    expect(rerun.status).toBe(201);
    const [crd] = loadReferenceYaml<{
      spec: { versions: Array<{ schema: { openAPIV3Schema: CrdSchema } }> };
    }>(
      referencePath(
        'openchoreo',
        'crds-v0.9.0',
        'openchoreo.dev_componentworkflowruns.yaml',
      ),
    );
    const conforms = strictCrdValidator(
      crd.spec.versions[0].schema.openAPIV3Schema,
    );
    // Every run this file's backends created, as the control plane stores it (status included).
    const mine = sandbox.controlPlane
      .list('openchoreo.dev/v1alpha1', 'componentworkflowruns')
      .filter(r => r.metadata.annotations?.[RUN_LABELS.createdBy]);
    expect(mine.map(r => r.metadata.name)).toEqual(
      expect.arrayContaining([created.body.name, rerun.body.name]),
    );
    expect(mine.flatMap(conforms)).toEqual([]);
    // Not vacuous: a field the v0.9 CRD does not declare is caught.
    expect(
      conforms({
        ...mine[0],
        spec: { ...(mine[0].spec as object), invented: true },
      }),
    ).toEqual([expect.stringMatching(/must NOT have additional properties/)]);
  });

  it('never returns a BuildPlane credential in any response', () => {
    const { controlPlane, buildPlane, clusterGateway, observer } =
      sandbox.endpoints;
    const secrets = [
      controlPlane.token,
      controlPlane.readOnlyToken,
      buildPlane.token,
      buildPlane.readOnlyToken,
      clusterGateway.clientKeyData,
      clusterGateway.clientCertData,
      observer.auth.type === 'jwt' ? observer.auth.clientSecret : undefined,
    ].filter((s): s is string => typeof s === 'string' && s.length > 8);
    const pemBodies = [
      clusterGateway.clientKeyData,
      clusterGateway.clientCertData,
    ]
      .map(b => Buffer.from(b, 'base64').toString('utf8').split('\n')[1])
      .filter(Boolean);
    expect(responses.length).toBeGreaterThan(5);
    for (const body of responses) {
      for (const secret of [...secrets, ...pemBodies])
        expect(body).not.toContain(secret);
    }
  });
});
