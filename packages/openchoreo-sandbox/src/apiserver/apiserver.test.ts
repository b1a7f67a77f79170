import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import {
  ApiException,
  ApiextensionsV1Api,
  ApisApi,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  V1CustomResourceDefinition,
  VersionApi,
  Watch,
} from '@kubernetes/client-node';
import {
  GROUP,
  Harness,
  pem,
  rawRequest,
  REFERENCE,
  runBody,
  startHarness,
  VERSION,
} from '../__testUtils__/harness';
import { ApiResource, KList, KStatus } from '../__testUtils__/types';
import { KObject } from './types';

// Starting the harness (servers, TLS, CRDs) takes seconds on a loaded machine: hooks get a
// minute instead of Jest's 5 s default; nothing here measures time.
jest.setTimeout(60_000);

const W = { group: 'example.com', version: 'v1', plural: 'widgets' };

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: {
      kind: 'Widget',
      plural: 'widgets',
      singular: 'widget',
      listKind: 'WidgetList',
    },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1, maximum: 10 },
                  color: { type: 'string', enum: ['red', 'blue'] },
                  code: { type: 'string', pattern: '^[a-z]+$' },
                  extra: {
                    type: 'object',
                    'x-kubernetes-preserve-unknown-fields': true,
                  },
                },
              },
              status: {
                type: 'object',
                properties: { ready: { type: 'boolean' } },
              },
            },
          },
        },
      },
    ],
  },
};

/** A Widget as the API server returns it. */
type Widget = KObject & {
  spec: {
    size: number;
    color?: string;
    code?: string;
    extra?: Record<string, unknown>;
  };
  status?: { ready?: boolean };
};

function widget(name: string, labels?: Record<string, string>, size = 1) {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name, labels },
    spec: { size },
  };
}

async function failure(
  p: Promise<unknown>,
): Promise<{ code: number; status: KStatus }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiException)
      return {
        code: e.code,
        status: typeof e.body === 'string' ? JSON.parse(e.body) : e.body,
      };
    throw e;
  }
  throw new Error('expected the request to fail');
}

describe('Kubernetes API semantics', () => {
  let h: Harness;
  let objects: CustomObjectsApi;

  beforeAll(async () => {
    h = await startHarness({ watchBookmarkIntervalMs: 50 });
    objects = h.control.makeApiClient(CustomObjectsApi);
    // Raw request: client-node's typed CRD model would rename `enum` on the way out.
    const created = await rawRequest(
      `${h.sandbox.endpoints.controlPlane.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${h.sandbox.endpoints.controlPlane.token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(widgetCrd),
      },
    );
    if (created.status !== 201)
      throw new Error(`creating the Widget CRD failed: ${created.body}`);
  });
  afterAll(() => h.close());

  it('serves discovery documents', async () => {
    const version = await h.control.makeApiClient(VersionApi).getCode();
    expect(version.major).toBe('1');
    const groups = await h.control.makeApiClient(ApisApi).getAPIVersions();
    expect(groups.groups.map(g => g.name)).toEqual(
      expect.arrayContaining([
        'openchoreo.dev',
        'apiextensions.k8s.io',
        'example.com',
      ]),
    );
    const core = await h.control.makeApiClient(CoreV1Api).getAPIResources();
    const names = core.resources.map(r => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'namespaces',
        'pods',
        'pods/log',
        'secrets',
        'events',
      ]),
    );
    const { endpoints } = h.sandbox;
    const auth = { Authorization: `Bearer ${endpoints.controlPlane.token}` };
    const oc: { resources: ApiResource[] } = JSON.parse(
      (
        await rawRequest(
          `${endpoints.controlPlane.url}/apis/openchoreo.dev/v1alpha1`,
          { headers: auth },
        )
      ).body,
    );
    const runs = oc.resources.find(r => r.name === 'componentworkflowruns');
    expect(runs).toMatchObject({
      kind: 'ComponentWorkflowRun',
      namespaced: true,
      verbs: expect.arrayContaining(['watch', 'patch']),
    });
    expect(oc.resources.map(r => r.name)).toContain(
      'componentworkflowruns/status',
    );
    const group = JSON.parse(
      (
        await rawRequest(`${endpoints.controlPlane.url}/apis/example.com`, {
          headers: auth,
        })
      ).body,
    );
    expect(group.preferredVersion.version).toBe('v1');
    const openapi = await rawRequest(
      `${endpoints.controlPlane.url}/openapi/v3`,
      { headers: auth },
    );
    expect(
      JSON.parse(openapi.body).paths['apis/openchoreo.dev/v1alpha1'],
    ).toBeDefined();
  });

  it('answers 401 without or with a bad token and 403 for writes with the read-only token', async () => {
    const url = `${h.sandbox.endpoints.controlPlane.url}/api/v1/namespaces`;
    const none = await rawRequest(url);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
    expect(
      (await rawRequest(url, { headers: { Authorization: 'Bearer nope' } }))
        .status,
    ).toBe(401);
    const ro = h.controlReadOnly.makeApiClient(CustomObjectsApi);
    await expect(
      ro.listNamespacedCustomObject({ ...W, namespace: 'default' }),
    ).resolves.toBeDefined();
    const denied = await failure(
      ro.createNamespacedCustomObject({
        ...W,
        namespace: 'default',
        body: widget('ro'),
      }),
    );
    expect(denied.code).toBe(403);
    expect(denied.status).toMatchObject({ reason: 'Forbidden', code: 403 });
  });

  it('creates, reads, updates, patches and deletes with resourceVersion semantics', async () => {
    const ns = { ...W, namespace: 'default' };
    const created: Widget = await objects.createNamespacedCustomObject({
      ...ns,
      body: widget('crud'),
    });
    expect(created.metadata).toMatchObject({
      uid: expect.any(String),
      generation: 1,
      creationTimestamp: expect.any(String),
    });
    const dup = await failure(
      objects.createNamespacedCustomObject({ ...ns, body: widget('crud') }),
    );
    expect(dup.status).toMatchObject({ code: 409, reason: 'AlreadyExists' });

    const generated: Widget = await objects.createNamespacedCustomObject({
      ...ns,
      body: { ...widget(''), metadata: { generateName: 'gen-' } },
    });
    expect(generated.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);

    const updated: Widget = await objects.replaceNamespacedCustomObject({
      ...ns,
      name: 'crud',
      body: { ...created, spec: { size: 2 } },
    });
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    expect(updated.metadata.generation).toBe(2);
    const stale = await failure(
      objects.replaceNamespacedCustomObject({
        ...ns,
        name: 'crud',
        body: { ...created, spec: { size: 3 } },
      }),
    );
    expect(stale.status).toMatchObject({ code: 409, reason: 'Conflict' });

    const merged: Widget = await objects.patchNamespacedCustomObject(
      {
        ...ns,
        name: 'crud',
        body: {
          metadata: { labels: { tier: 'gold' } },
          spec: { color: 'red' },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.spec).toEqual({ size: 2, color: 'red' });
    expect(merged.metadata.labels).toEqual({ tier: 'gold' });
    const jsonPatched: Widget = await objects.patchNamespacedCustomObject({
      ...ns,
      name: 'crud',
      body: [{ op: 'replace', path: '/spec/size', value: 5 }],
    });
    expect(jsonPatched.spec.size).toBe(5);
    const conflict = await failure(
      objects.patchNamespacedCustomObject(
        {
          ...ns,
          name: 'crud',
          body: {
            metadata: { resourceVersion: created.metadata.resourceVersion },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    expect(conflict.code).toBe(409);

    await objects.deleteNamespacedCustomObject({ ...ns, name: 'crud' });
    const gone = await failure(
      objects.getNamespacedCustomObject({ ...ns, name: 'crud' }),
    );
    expect(gone.status).toMatchObject({
      code: 404,
      reason: 'NotFound',
      details: { name: 'crud', group: 'example.com' },
    });
    const bad = await rawRequest(
      `${h.sandbox.endpoints.controlPlane.url}/api/v1/namespaces/default/pods/x/log`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${h.sandbox.endpoints.controlPlane.token}`,
        },
      },
    );
    expect(bad.status).toBe(405);
  });

  it('validates against the openAPIV3Schema with field paths', async () => {
    const invalid = await failure(
      objects.createNamespacedCustomObject({
        ...W,
        namespace: 'default',
        body: {
          ...widget('bad'),
          spec: { size: 20, color: 'green', code: 'X1' },
        },
      }),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.status.reason).toBe('Invalid');
    const fields = invalid.status.details?.causes?.map(c => c.field);
    expect(fields).toEqual(
      expect.arrayContaining(['spec.size', 'spec.color', 'spec.code']),
    );
    const missing = await failure(
      objects.createNamespacedCustomObject({
        ...W,
        namespace: 'default',
        body: { ...widget('bad2'), spec: {} },
      }),
    );
    expect(missing.status.details?.causes).toContainEqual(
      expect.objectContaining({
        reason: 'FieldValueRequired',
        field: 'spec.size',
      }),
    );
    // Unknown fields are pruned; preserve-unknown-fields keeps them.
    const pruned: Widget = await objects.createNamespacedCustomObject({
      ...W,
      namespace: 'default',
      body: {
        ...widget('pruned'),
        spec: { size: 1, bogus: true, extra: { anything: [1] } },
      },
    });
    expect(pruned.spec).toEqual({ size: 1, extra: { anything: [1] } });
  });

  it('keeps status and spec apart with the status subresource', async () => {
    const ns = { ...W, namespace: 'default' };
    const created: Widget = await objects.createNamespacedCustomObject({
      ...ns,
      body: widget('status-test'),
    });
    const viaMain: Widget = await objects.replaceNamespacedCustomObject({
      ...ns,
      name: 'status-test',
      body: { ...created, status: { ready: true } },
    });
    expect(viaMain.status).toBeUndefined();
    const viaStatus: Widget = await objects.patchNamespacedCustomObjectStatus(
      {
        ...ns,
        name: 'status-test',
        body: { spec: { size: 9 }, status: { ready: true } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(viaStatus.status).toEqual({ ready: true });
    expect(viaStatus.spec.size).toBe(1);
    expect(viaStatus.metadata.generation).toBe(created.metadata.generation);
    const replaced: Widget = await objects.replaceNamespacedCustomObjectStatus({
      ...ns,
      name: 'status-test',
      body: { ...viaStatus, status: { ready: false } },
    });
    expect(replaced.status).toEqual({ ready: false });
  });

  it('paginates with limit/continue and answers 410 for a compacted continue token', async () => {
    const core = h.control.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'paging' } } });
    for (let i = 0; i < 7; i++)
      await objects.createNamespacedCustomObject({
        ...W,
        namespace: 'paging',
        body: widget(`w${i}`),
      });
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page: KList<Widget> = await objects.listNamespacedCustomObject({
        ...W,
        namespace: 'paging',
        limit: 3,
        _continue: token,
      });
      names.push(...page.items.map(i => i.metadata.name!));
      token = page.metadata.continue || undefined;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toEqual(['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6']);
    const first: KList<Widget> = await objects.listNamespacedCustomObject({
      ...W,
      namespace: 'paging',
      limit: 2,
    });
    await objects.createNamespacedCustomObject({
      ...W,
      namespace: 'paging',
      body: widget('after-list'),
    });
    h.sandbox.controlPlane.store.compact();
    const expired = await failure(
      objects.listNamespacedCustomObject({
        ...W,
        namespace: 'paging',
        limit: 2,
        _continue: first.metadata.continue,
      }),
    );
    expect(expired.status).toMatchObject({ code: 410, reason: 'Expired' });
  });

  it('filters with every label selector operator and field selectors', async () => {
    const core = h.control.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'labels' } } });
    const body = (name: string, labels: Record<string, string>) => ({
      ...W,
      namespace: 'labels',
      body: widget(name, labels),
    });
    await objects.createNamespacedCustomObject(
      body('a', { env: 'prod', tier: 'web' }),
    );
    await objects.createNamespacedCustomObject(
      body('b', { env: 'dev', tier: 'db' }),
    );
    await objects.createNamespacedCustomObject(body('c', { env: 'test' }));
    const select = async (labelSelector?: string, fieldSelector?: string) =>
      (
        (await objects.listNamespacedCustomObject({
          ...W,
          namespace: 'labels',
          labelSelector,
          fieldSelector,
        })) as KList<Widget>
      ).items.map(i => i.metadata.name);
    expect(await select('env=prod')).toEqual(['a']);
    expect(await select('env==dev')).toEqual(['b']);
    expect(await select('env!=prod')).toEqual(['b', 'c']);
    expect(await select('env in (prod,test)')).toEqual(['a', 'c']);
    expect(await select('env notin (prod,test)')).toEqual(['b']);
    expect(await select('tier')).toEqual(['a', 'b']);
    expect(await select('!tier')).toEqual(['c']);
    expect(await select('tier,env!=dev')).toEqual(['a']);
    expect(await select(undefined, 'metadata.name=b')).toEqual(['b']);
    expect(
      await select(undefined, 'metadata.name!=b,metadata.namespace=labels'),
    ).toEqual(['a', 'c']);
    const all: KList<Widget> = await objects.listClusterCustomObject({
      ...W,
      fieldSelector: 'metadata.namespace=labels',
    });
    expect(all.items).toHaveLength(3);
  });

  it('streams watch events, resumes from a resourceVersion and answers 410 when too old', async () => {
    const core = h.control.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'watching' } } });
    const path = `/apis/example.com/v1/namespaces/watching/widgets`;
    /** ERROR events carry a Status, which has apiVersion, kind and (empty) metadata too. */
    type WatchEvent = { type: string; obj: KObject };
    const collect = (
      params: Record<string, string | number | boolean | undefined>,
      until: (events: WatchEvent[]) => boolean,
    ) =>
      new Promise<WatchEvent[]>((resolve, reject) => {
        const events: WatchEvent[] = [];
        let controller: AbortController | undefined;
        new Watch(h.control)
          .watch(
            path,
            params,
            (type, obj) => {
              events.push({ type, obj });
              if (until(events)) {
                controller?.abort();
                resolve(events);
              }
            },
            err =>
              err && err.name !== 'AbortError' ? reject(err) : resolve(events),
          )
          .then(c => {
            controller = c;
          }, reject);
      });
    const start: KList<Widget> = await objects.listNamespacedCustomObject({
      ...W,
      namespace: 'watching',
    });
    const live = collect(
      { resourceVersion: start.metadata.resourceVersion },
      e => e.some(x => x.type === 'DELETED'),
    );
    const created: Widget = await objects.createNamespacedCustomObject({
      ...W,
      namespace: 'watching',
      body: widget('x'),
    });
    await objects.patchNamespacedCustomObject(
      { ...W, namespace: 'watching', name: 'x', body: { spec: { size: 2 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await objects.deleteNamespacedCustomObject({
      ...W,
      namespace: 'watching',
      name: 'x',
    });
    const events = await live;
    expect(events.map(e => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    const rvs = events.map(e => Number(e.obj.metadata.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));

    // Resume right after the ADDED event: the history replays the rest.
    const resumed = await collect(
      { resourceVersion: created.metadata.resourceVersion },
      e => e.length === 2,
    );
    expect(resumed.map(e => e.type)).toEqual(['MODIFIED', 'DELETED']);

    const bookmarks = await collect(
      {
        resourceVersion: created.metadata.resourceVersion,
        allowWatchBookmarks: true,
      },
      e => e.some(x => x.type === 'BOOKMARK'),
    );
    expect(
      bookmarks.find(e => e.type === 'BOOKMARK')!.obj.metadata.resourceVersion,
    ).toEqual(expect.any(String));

    h.sandbox.controlPlane.store.compact();
    const tooOld = await collect(
      { resourceVersion: start.metadata.resourceVersion },
      e => e.length === 1,
    );
    expect(tooOld[0].type).toBe('ERROR');
    expect(tooOld[0].obj).toMatchObject({
      kind: 'Status',
      code: 410,
      reason: 'Expired',
    });
  });

  it('loads the real v0.9.0 CRDs through the API and enforces their validation', async () => {
    const ext = h.control.makeApiClient(ApiextensionsV1Api);
    const dir = join(REFERENCE, 'openchoreo', 'crds-v0.9.0');
    for (const file of readdirSync(dir).filter(f => f.endsWith('.yaml'))) {
      const crd = YAML.parse(
        readFileSync(join(dir, file), 'utf8'),
      ) as V1CustomResourceDefinition;
      try {
        const existing = await ext.readCustomResourceDefinition({
          name: crd.metadata!.name!,
        });
        await ext.replaceCustomResourceDefinition({
          name: crd.metadata!.name!,
          body: {
            ...crd,
            metadata: {
              ...crd.metadata,
              resourceVersion: existing.metadata!.resourceVersion,
            },
          },
        });
      } catch (e) {
        if (!(e instanceof ApiException && e.code === 404)) throw e;
        await ext.createCustomResourceDefinition({ body: crd });
      }
    }
    const crds = await ext.listCustomResourceDefinition();
    expect(crds.items.map(c => c.metadata!.name)).toEqual(
      expect.arrayContaining([
        'workflowruns.openchoreo.dev',
        'builds.openchoreo.dev',
      ]),
    );
    const invalid = await failure(
      objects.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: 'default',
        plural: 'componentworkflowruns',
        body: runBody('bad-commit', { commit: 'xyz' }),
      }),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.status.details?.causes).toContainEqual(
      expect.objectContaining({
        field: 'spec.workflow.systemParameters.repository.revision.commit',
      }),
    );
    const badUrl = runBody('bad-url');
    badUrl.spec.workflow.systemParameters.repository.url =
      'git@github.com:openchoreo/sample-workloads.git';
    const urlError = await failure(
      objects.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: 'default',
        plural: 'componentworkflowruns',
        body: badUrl,
      }),
    );
    expect(urlError.status.details?.causes?.[0].field).toBe(
      'spec.workflow.systemParameters.repository.url',
    );
    expect(pem(h.sandbox.endpoints.buildPlane.caData)).toContain(
      'BEGIN CERTIFICATE',
    );
  });
});
