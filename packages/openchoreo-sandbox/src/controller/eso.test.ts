import { Harness, rawRequest, startHarness } from '../__testUtils__/harness';
import type { KObject } from '../apiserver/types';
import { readConditions } from './conditions';
import { ESO_API, SecretStoreObject } from './secretStore';

jest.setTimeout(60000);

const ACME = 'openchoreo-ci-acme';
const STORE_PATH = '/apis/external-secrets.io/v1/clustersecretstores/default';
const b64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * The External Secrets emulation as kubectl meets it on the seeded build plane: the chart's fake
 * ClusterSecretStore `default` (`clustersecretstore.yaml@v0.9.0`), the GitOps guide's
 * `kubectl patch clustersecretstore default --type=json …`, and ExternalSecrets that follow it
 * (ESO v0.19.2: `externalsecret_controller.go`, `pkg/provider/fake/fake.go`).
 */
describe('the External Secrets emulation on the seeded build plane', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ seed: true });
  });
  afterAll(() => h.close());

  async function api(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; json: KObject & Record<string, unknown> }> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const { buildPlane } = h.sandbox.endpoints;
    const res = await rawRequest(`${buildPlane.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${buildPlane.token}`,
        Accept: 'application/json',
        ...(text
          ? {
              'Content-Type': contentType,
              'Content-Length': String(Buffer.byteLength(text)),
            }
          : {}),
      },
      body: text,
      ca: Buffer.from(buildPlane.caData, 'base64').toString(),
    });
    return { status: res.status, json: JSON.parse(res.body) };
  }

  /** `kubectl patch clustersecretstore default --type=json -p '…'`. */
  const patchStore = (ops: unknown[]) =>
    api('PATCH', STORE_PATH, ops, 'application/json-patch+json');

  const storeKeys = async () =>
    ((await api('GET', STORE_PATH)).json as SecretStoreObject).spec?.provider
      ?.fake?.data ?? [];

  const readyOf = (obj: KObject | undefined) =>
    readConditions(obj?.status).find(c => c.type === 'Ready');

  /** Resolves with the ExternalSecret once its Ready condition has `status`. */
  const externalSecretReady = (
    namespace: string,
    name: string,
    status: 'True' | 'False',
  ) =>
    h.sandbox.waitForObject(
      h.sandbox.buildPlane,
      ESO_API,
      'externalsecrets',
      namespace,
      name,
      es => readyOf(es)?.status === status,
    ) as Promise<KObject>;

  const createExternalSecret = (
    namespace: string,
    name: string,
    spec: Record<string, unknown>,
  ) =>
    api(
      'POST',
      `/apis/external-secrets.io/v1/namespaces/${namespace}/externalsecrets`,
      {
        apiVersion: ESO_API,
        kind: 'ExternalSecret',
        metadata: { name },
        spec: { refreshInterval: '15s', target: { name }, ...spec },
      },
    );

  it("serves the chart's store with its keys and the guide's, validated by the store controller", async () => {
    const { status, json } = await api('GET', STORE_PATH);
    expect(status).toBe(200);
    const store = json as SecretStoreObject;
    expect(store.spec?.provider?.fake?.data?.map(d => d.key)).toEqual([
      'github-pat',
      'npm-token',
      'docker-username',
      'docker-password',
      'git-token',
      'gitops-token',
    ]);
    expect(store.metadata.labels).toMatchObject({
      'helm.sh/chart': 'openchoreo-build-plane-0.9.0',
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/part-of': 'openchoreo',
    });
    expect(store.status).toMatchObject({
      capabilities: 'ReadWrite',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Valid',
          message: 'store validated',
        },
      ],
    });
    // The provider is the store: no Secret namespace stands in for it any more.
    expect(
      (await api('GET', '/api/v1/namespaces/sandbox-secret-store')).status,
    ).toBe(404);
  });

  it("patching in acme's missing key makes registry-push-secret Ready with its Secret; removing it turns it not Ready, the Secret kept", async () => {
    const before = await externalSecretReady(
      ACME,
      'registry-push-secret',
      'False',
    );
    expect(readyOf(before)).toMatchObject({
      reason: 'SecretSyncedError',
      message: 'could not get secret data from provider',
    });
    expect(
      h.sandbox.buildPlane.get('v1', 'secrets', ACME, 'registry-push-secret'),
    ).toBeUndefined();

    const added = await patchStore([
      {
        op: 'add',
        path: '/spec/provider/fake/data/-',
        value: { key: 'acme-registry-password', value: 'hunter2' },
      },
    ]);
    expect(added.status).toBe(200);
    const ready = await externalSecretReady(
      ACME,
      'registry-push-secret',
      'True',
    );
    expect(readyOf(ready)).toMatchObject({
      reason: 'SecretSynced',
      message: 'secret synced',
    });
    expect(ready.status).toMatchObject({
      binding: { name: 'registry-push-secret' },
    });
    const secret = (
      await api(
        'GET',
        `/api/v1/namespaces/${ACME}/secrets/registry-push-secret`,
      )
    ).json;
    expect(secret.data).toEqual({ token: b64('hunter2') });
    expect(secret.type).toBe('Opaque');
    expect(secret.metadata.labels).toMatchObject({
      'reconcile.external-secrets.io/managed': 'true',
    });
    expect(secret.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'ExternalSecret',
        name: 'registry-push-secret',
        uid: ready.metadata.uid,
        controller: true,
      }),
    ]);

    const index = (await storeKeys()).findIndex(
      d => d.key === 'acme-registry-password',
    );
    expect(
      (
        await patchStore([
          { op: 'remove', path: `/spec/provider/fake/data/${index}` },
        ])
      ).status,
    ).toBe(200);
    const notReady = await externalSecretReady(
      ACME,
      'registry-push-secret',
      'False',
    );
    expect(readyOf(notReady)?.message).toBe(
      'could not get secret data from provider',
    );
    // deletionPolicy Retain (the default): the last Secret stays.
    expect(
      h.sandbox.buildPlane.get('v1', 'secrets', ACME, 'registry-push-secret')
        ?.data,
    ).toEqual({ token: b64('hunter2') });
    const events = (
      await api(
        'GET',
        `/api/v1/namespaces/${ACME}/events?fieldSelector=involvedObject.name=registry-push-secret`,
      )
    ).json.items as Array<{ reason: string; type: string; message: string }>;
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'Warning',
        reason: 'UpdateFailed',
        message:
          'error processing spec.data[0] (key: acme-registry-password), err: Secret does not exist',
      }),
    );
  });

  it('refuses a patch that breaks the fake provider: no value (schema, 422), an empty value (webhook, 403)', async () => {
    const missing = await patchStore([
      { op: 'add', path: '/spec/provider/fake/data/-', value: { key: 'k' } },
    ]);
    expect(missing.status).toBe(422);
    expect(missing.json).toMatchObject({ reason: 'Invalid' });
    expect(JSON.stringify(missing.json)).toContain(
      'spec.provider.fake.data[6].value',
    );
    const empty = await patchStore([
      {
        op: 'add',
        path: '/spec/provider/fake/data/-',
        value: { key: 'k', value: '' },
      },
    ]);
    expect(empty.status).toBe(403);
    expect(empty.json.message).toBe(
      'admission webhook "validate.clustersecretstore.external-secrets.io" denied the request: at least one value must be set in data 6',
    );
    expect((await storeKeys()).map(d => d.key)).not.toContain('k');
  });

  it('reads a JSON property and an exact version; the template sets the Secret type (the v0.9 private-registry sample)', async () => {
    const dockerconfigjson = JSON.stringify({
      auths: { 'registry.example': { auth: b64('dev:pw') } },
    });
    await patchStore([
      {
        op: 'add',
        path: '/spec/provider/fake/data/-',
        value: {
          key: 'registry-credentials',
          value: JSON.stringify({ dockerconfigjson }),
        },
      },
      {
        op: 'add',
        path: '/spec/provider/fake/data/-',
        value: { key: 'rotated', value: 'old', version: 'v1' },
      },
    ]);
    const store = { name: 'default', kind: 'ClusterSecretStore' };
    await createExternalSecret(ACME, 'private-registry', {
      secretStoreRef: store,
      target: {
        name: 'private-registry',
        creationPolicy: 'Owner',
        template: {
          type: 'kubernetes.io/dockerconfigjson',
          data: { '.dockerconfigjson': '{{ .dockerconfig | toString }}' },
        },
      },
      data: [
        {
          secretKey: 'dockerconfig',
          remoteRef: {
            key: 'registry-credentials',
            property: 'dockerconfigjson',
          },
        },
      ],
    });
    await createExternalSecret(ACME, 'rotated-v1', {
      secretStoreRef: store,
      data: [{ secretKey: 'v', remoteRef: { key: 'rotated', version: 'v1' } }],
    });
    await createExternalSecret(ACME, 'rotated-latest', {
      secretStoreRef: store,
      data: [{ secretKey: 'v', remoteRef: { key: 'rotated' } }],
    });
    await externalSecretReady(ACME, 'private-registry', 'True');
    const registry = h.sandbox.buildPlane.get(
      'v1',
      'secrets',
      ACME,
      'private-registry',
    )!;
    expect(registry.type).toBe('kubernetes.io/dockerconfigjson');
    expect(registry.data).toEqual({
      '.dockerconfigjson': b64(dockerconfigjson),
    });
    await externalSecretReady(ACME, 'rotated-v1', 'True');
    expect(
      h.sandbox.buildPlane.get('v1', 'secrets', ACME, 'rotated-v1')?.data,
    ).toEqual({ v: b64('old') });
    // fake.go: an unversioned lookup finds only an unversioned entry.
    await externalSecretReady(ACME, 'rotated-latest', 'False');
  });

  it('resolves a SecretStore in its own namespace (the default kind); a missing store fails as in ESO until it exists', async () => {
    await createExternalSecret(ACME, 'from-namespace-store', {
      secretStoreRef: { name: 'team-store' },
      dataFrom: [{ extract: { key: 'team' } }],
    });
    const failed = await externalSecretReady(
      ACME,
      'from-namespace-store',
      'False',
    );
    expect(readyOf(failed)?.reason).toBe('SecretSyncedError');
    const events = h.sandbox.buildPlane.list('v1', 'events', ACME, {
      fieldSelector: `involvedObject.uid=${failed.metadata.uid}`,
    });
    expect(events.map(e => e.message)).toContain(
      'error processing spec.dataFrom[0].extract, err: could not get SecretStore "team-store", secretstores.external-secrets.io "team-store" not found',
    );
    const created = await api(
      'POST',
      `/apis/external-secrets.io/v1/namespaces/${ACME}/secretstores`,
      {
        apiVersion: ESO_API,
        kind: 'SecretStore',
        metadata: { name: 'team-store' },
        spec: {
          provider: {
            fake: {
              data: [{ key: 'team', value: '{"user":"ci","password":"pw"}' }],
            },
          },
        },
      },
    );
    expect(created.status).toBe(201);
    await externalSecretReady(ACME, 'from-namespace-store', 'True');
    expect(
      h.sandbox.buildPlane.get('v1', 'secrets', ACME, 'from-namespace-store')
        ?.data,
    ).toEqual({ user: b64('ci'), password: b64('pw') });
  });

  it('re-syncs on a spec change, and leaves alone an ExternalSecret created with a status', async () => {
    const name = 'changing';
    await createExternalSecret(ACME, name, {
      secretStoreRef: { name: 'default', kind: 'ClusterSecretStore' },
      data: [{ secretKey: 'token', remoteRef: { key: 'no-such-key' } }],
    });
    await externalSecretReady(ACME, name, 'False');
    const fixed = h.sandbox.buildPlane.create(
      {
        apiVersion: ESO_API,
        kind: 'ExternalSecret',
        metadata: { name: 'fixed-by-a-test', namespace: ACME },
        spec: {
          secretStoreRef: { name: 'default', kind: 'ClusterSecretStore' },
          data: [{ secretKey: 'token', remoteRef: { key: 'npm-token' } }],
        },
        status: { conditions: [{ type: 'Ready', status: 'False' }] },
      },
      'externalsecrets',
    );
    const patched = await api(
      'PATCH',
      `/apis/external-secrets.io/v1/namespaces/${ACME}/externalsecrets/${name}`,
      {
        spec: {
          data: [{ secretKey: 'token', remoteRef: { key: 'npm-token' } }],
        },
      },
      'application/merge-patch+json',
    );
    expect(patched.json.metadata.generation).toBe(2);
    const synced = await externalSecretReady(ACME, name, 'True');
    expect(synced.status).toMatchObject({
      syncedResourceVersion: expect.stringMatching(/^2-[0-9a-f]{32}$/),
    });
    expect(h.sandbox.buildPlane.get('v1', 'secrets', ACME, name)?.data).toEqual(
      { token: b64('fake-npm-token-for-development') },
    );
    expect(
      h.sandbox.buildPlane.get(
        ESO_API,
        'externalsecrets',
        ACME,
        'fixed-by-a-test',
      )?.status,
    ).toEqual(fixed.status);
  });
});
