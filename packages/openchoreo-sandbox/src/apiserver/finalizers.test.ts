import { Harness, rawRequest, startHarness } from '../__testUtils__/harness';
import { KStatus } from '../__testUtils__/types';
import { watchUntil } from '../__testUtils__/watchUntil';
import { KObject } from './types';

// Starting a sandbox takes a few seconds on a loaded machine.
jest.setTimeout(30000);

/**
 * Kubernetes deletion with finalizers, for every kind (Kubernetes API reference, "Finalizers" and
 * "Garbage collection"; `k8s.io/apiserver/pkg/registry/generic/registry/store.go` `Delete` /
 * `Update`, `rest.BeforeDelete`, `ValidateNoNewFinalizers` in
 * `k8s.io/apimachinery/pkg/api/validation/objectmeta.go`). ConfigMaps stand for any kind: the rules
 * live in the generic store.
 */
describe('finalizers and deletion propagation', () => {
  let h: Harness;
  const NS = 'finalizing';
  const base = (): string =>
    `${h.sandbox.endpoints.controlPlane.url}/api/v1/namespaces/${NS}/configmaps`;

  /** One API call with the admin token; answers the status and the decoded body. */
  async function call(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; json: KObject & KStatus }> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const res = await rawRequest(`${base()}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${h.sandbox.endpoints.controlPlane.token}`,
        'Content-Type': contentType,
        // Node sends a DELETE body only with an explicit length.
        'Content-Length': String(Buffer.byteLength(text ?? '')),
      },
      body: text,
    });
    return { status: res.status, json: JSON.parse(res.body) };
  }
  const configMap = (
    name: string,
    metadata: Partial<KObject['metadata']> = {},
  ) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...metadata },
    data: { k: 'v' },
  });
  /** The body `kubectl delete` sends (`--cascade=background|foreground|orphan`). */
  const kubectlDelete = (propagationPolicy: string) => ({
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    propagationPolicy,
  });

  beforeAll(async () => {
    h = await startHarness();
    const ns = await rawRequest(
      `${h.sandbox.endpoints.controlPlane.url}/api/v1/namespaces`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${h.sandbox.endpoints.controlPlane.token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ metadata: { name: NS } }),
      },
    );
    if (ns.status !== 201)
      throw new Error(`creating namespace ${NS} failed: ${ns.body}`);
  });
  afterAll(() => h.close());

  it('marks an object with finalizers on DELETE and removes it when an update empties them, with watch events', async () => {
    const created = await call(
      'POST',
      '',
      configMap('held', {
        finalizers: ['example.com/first', 'example.com/second'],
      }),
    );
    expect(created.status).toBe(201);
    const events = watchUntil(
      h.control,
      `/api/v1/namespaces/${NS}/configmaps`,
      {
        fieldSelector: 'metadata.name=held',
        resourceVersion: created.json.metadata.resourceVersion,
      },
      seen => seen.some(e => e.type === 'DELETED'),
    );

    const deleted = await call('DELETE', '/held', kubectlDelete('Background'));
    expect(deleted.status).toBe(200);
    expect(deleted.json.metadata).toMatchObject({
      name: 'held',
      finalizers: ['example.com/first', 'example.com/second'],
      deletionTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      deletionGracePeriodSeconds: 0,
      generation: 2,
    });
    const marked = deleted.json.metadata.resourceVersion;

    // Deleting again changes nothing.
    const again = await call('DELETE', '/held');
    expect(again.status).toBe(200);
    expect(again.json.metadata.resourceVersion).toBe(marked);

    // No finalizer can be added any more; the message is the API server's.
    const added = await call(
      'PATCH',
      '/held',
      {
        metadata: {
          finalizers: [
            'example.com/first',
            'example.com/second',
            'example.com/late',
          ],
        },
      },
      'application/merge-patch+json',
    );
    expect(added.status).toBe(422);
    expect(added.json.message).toBe(
      'ConfigMap "held" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/late"}',
    );
    expect(added.json.details?.causes?.[0]).toMatchObject({
      reason: 'FieldValueForbidden',
      field: 'metadata.finalizers',
    });

    // deletionTimestamp cannot be cleared by a client.
    const cleared = await call(
      'PATCH',
      '/held',
      { metadata: { deletionTimestamp: null } },
      'application/merge-patch+json',
    );
    expect(cleared.json.metadata.deletionTimestamp).toBe(
      deleted.json.metadata.deletionTimestamp,
    );

    // Removing one finalizer keeps the object; removing the last one deletes it.
    const one = await call(
      'PATCH',
      '/held',
      [
        {
          op: 'replace',
          path: '/metadata/finalizers',
          value: ['example.com/second'],
        },
      ],
      'application/json-patch+json',
    );
    expect(one.status).toBe(200);
    expect((await call('GET', '/held')).status).toBe(200);
    const last = await call('PUT', '/held', {
      ...one.json,
      metadata: { ...one.json.metadata, finalizers: [] },
    });
    expect(last.status).toBe(200);
    expect((await call('GET', '/held')).status).toBe(404);

    const seen = await events;
    expect(seen.map(e => e.type)).toEqual([
      'MODIFIED', // deletionTimestamp set
      'MODIFIED', // first finalizer removed
      'DELETED', // the update that emptied the finalizers
    ]);
    expect(seen[0].object.metadata.deletionTimestamp).toBeDefined();
    expect(seen[2].object.metadata.finalizers ?? []).toEqual([]);
  });

  it('honours kubectl propagation bodies: foreground waits for blocking dependents, orphan keeps them', async () => {
    const owner = async (name: string) =>
      (await call('POST', '', configMap(name))).json;
    const dependent = (name: string, of: KObject, finalizers?: string[]) =>
      call(
        'POST',
        '',
        configMap(name, {
          finalizers,
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              name: of.metadata.name!,
              uid: of.metadata.uid!,
              blockOwnerDeletion: true,
            },
          ],
        }),
      );

    // Foreground: the owner waits (foregroundDeletion) until its held dependent is gone.
    const fg = await owner('fg-owner');
    await dependent('fg-child', fg, ['example.com/hold']);
    const marked = await call(
      'DELETE',
      '/fg-owner',
      kubectlDelete('Foreground'),
    );
    expect(marked.status).toBe(200);
    expect(marked.json.metadata.finalizers).toEqual(['foregroundDeletion']);
    const child = await call('GET', '/fg-child');
    expect(child.json.metadata.deletionTimestamp).toBeDefined();
    expect((await call('GET', '/fg-owner')).status).toBe(200);
    await call(
      'PATCH',
      '/fg-child',
      { metadata: { finalizers: null } },
      'application/merge-patch+json',
    );
    expect((await call('GET', '/fg-child')).status).toBe(404);
    expect((await call('GET', '/fg-owner')).status).toBe(404);

    // Background (kubectl's default): owner and dependents go.
    const bg = await owner('bg-owner');
    await dependent('bg-child', bg);
    expect(
      (await call('DELETE', '/bg-owner', kubectlDelete('Background'))).status,
    ).toBe(200);
    expect((await call('GET', '/bg-child')).status).toBe(404);

    // Orphan: the dependent stays, without the owner reference.
    const orphan = await owner('or-owner');
    await dependent('or-child', orphan);
    expect(
      (await call('DELETE', '/or-owner', kubectlDelete('Orphan'))).status,
    ).toBe(200);
    expect((await call('GET', '/or-owner')).status).toBe(404);
    const kept = await call('GET', '/or-child');
    expect(kept.status).toBe(200);
    expect(kept.json.metadata.ownerReferences).toBeUndefined();
  });

  it('refuses an unknown propagation policy with the valid values', async () => {
    await call('POST', '', configMap('policy'));
    const res = await call('DELETE', '/policy', kubectlDelete('Sideways'));
    expect(res.status).toBe(422);
    expect(res.json.message).toContain(
      'propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan"',
    );
    expect((await call('GET', '/policy')).status).toBe(200);
  });
});
