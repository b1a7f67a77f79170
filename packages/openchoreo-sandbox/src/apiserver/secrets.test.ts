import { Harness, rawRequest, startHarness } from '../__testUtils__/harness';
import { KStatus } from '../__testUtils__/types';
import { KObject } from './types';

// Starting a sandbox takes a few seconds on a loaded machine.
jest.setTimeout(30000);

/**
 * Secret `stringData` (Kubernetes API reference, Secret v1: "stringData allows specifying
 * non-binary secret data in string form ... merged into the data field on write, overwriting any
 * existing values. The stringData field is never output when reading from the API";
 * `Convert_v1_Secret_To_core_Secret`, `pkg/apis/core/v1/conversion.go`), through every write verb.
 */
type Secret = KObject & { data?: Record<string, string>; stringData?: unknown };

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('Secret stringData', () => {
  let h: Harness;
  const NS = 'secret-writes';
  const url = (path = ''): string =>
    `${h.sandbox.endpoints.buildPlane.url}/api/v1/namespaces/${NS}/secrets${path}`;

  async function call(
    method: string,
    path: string,
    body: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; json: Secret & KStatus }> {
    const text =
      body === undefined || typeof body === 'string'
        ? body
        : JSON.stringify(body);
    const res = await rawRequest(url(path), {
      method,
      headers: {
        Authorization: `Bearer ${h.sandbox.endpoints.buildPlane.token}`,
        'Content-Type': contentType,
        'Content-Length': String(Buffer.byteLength(text ?? '')),
      },
      body: text,
      ca: Buffer.from(
        h.sandbox.endpoints.buildPlane.caData,
        'base64',
      ).toString(),
    });
    return { status: res.status, json: JSON.parse(res.body) };
  }
  const read = async (name: string): Promise<Secret> =>
    (await call('GET', `/${name}`, undefined)).json;

  beforeAll(async () => {
    h = await startHarness();
    h.sandbox.buildPlane.ensureNamespace(NS);
  });
  afterAll(() => h.close());

  it('defaults an unset type to Opaque and keeps a given one (SetDefaults_Secret)', async () => {
    const untyped = await call('POST', '', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'untyped' },
      data: { k: b64('v') },
    });
    expect(untyped.status).toBe(201);
    expect((await read('untyped')).type).toBe('Opaque');
    const typed = await call('POST', '', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'typed' },
      type: 'kubernetes.io/basic-auth',
      stringData: { username: 'u', password: 'p' },
    });
    expect(typed.status).toBe(201);
    expect((await read('typed')).type).toBe('kubernetes.io/basic-auth');
  });

  it('folds stringData into data on create, stringData winning, and never returns it', async () => {
    const created = await call('POST', '', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'created' },
      data: { token: b64('old'), kept: b64('kept') },
      stringData: { token: 'new', extra: 'x' },
    });
    expect(created.status).toBe(201);
    const expected = { token: b64('new'), kept: b64('kept'), extra: b64('x') };
    expect(created.json.data).toEqual(expected);
    expect(created.json.stringData).toBeUndefined();
    const stored = await read('created');
    expect(stored.data).toEqual(expected);
    expect(stored.stringData).toBeUndefined();
  });

  it.each([
    [
      'a merge patch',
      'application/merge-patch+json',
      { stringData: { k: 'merge' } },
      'merge',
    ],
    // `kubectl patch secret x -p '{"stringData":{"k":"v"}}'` (kubectl's default patch type).
    [
      'a strategic merge patch',
      'application/strategic-merge-patch+json',
      { stringData: { k: 'strategic' } },
      'strategic',
    ],
    [
      'a JSON patch',
      'application/json-patch+json',
      [{ op: 'add', path: '/stringData', value: { k: 'json' } }],
      'json',
    ],
    [
      'a server-side apply',
      'application/apply-patch+yaml',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: patched\nstringData:\n  k: apply\n',
      'apply',
    ],
  ])('changes data.k through %s', async (_verb, contentType, patch, value) => {
    await call('DELETE', '/patched', undefined);
    await call('POST', '', {
      metadata: { name: 'patched' },
      data: { k: b64('before'), other: b64('other') },
    });
    const res = await call('PATCH', '/patched', patch, contentType);
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ k: b64(value), other: b64('other') });
    expect((await read('patched')).stringData).toBeUndefined();
  });

  it('folds stringData on update (PUT)', async () => {
    const created = await call('POST', '', {
      metadata: { name: 'replaced' },
      data: { k: b64('before') },
    });
    const res = await call('PUT', '/replaced', {
      ...created.json,
      stringData: { k: 'after' },
    });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ k: b64('after') });
    expect(res.json.stringData).toBeUndefined();
  });

  it('refuses data that is not base64 and keys that are not config keys, saying which', async () => {
    const badBase64 = await call('POST', '', {
      metadata: { name: 'bad-b64' },
      data: { k: 'not base64!' },
    });
    expect(badBase64.status).toBe(400);
    expect(badBase64.json.message).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    );
    const badKey = await call('POST', '', {
      metadata: { name: 'bad-key' },
      stringData: { 'a/b': 'x' },
    });
    expect(badKey.status).toBe(422);
    expect(badKey.json.details?.causes?.[0]).toMatchObject({
      field: 'data[a/b]',
      message: expect.stringContaining('a valid config key must consist of'),
    });
    const notString = await call('POST', '', {
      metadata: { name: 'not-string' },
      stringData: { k: 3 },
    });
    expect(notString.status).toBe(400);
    expect(notString.json.message).toContain(
      'stringData[k]: expected a string',
    );
  });
});
