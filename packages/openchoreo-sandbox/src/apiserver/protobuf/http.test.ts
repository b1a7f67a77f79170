import https from 'node:https';
import { Writer } from 'protobufjs/minimal';
import { Harness, startHarness } from '../../__testUtils__/harness';
import { KStatus } from '../../__testUtils__/types';
import { KObject } from '../types';
import { CAPTURES, capturedBody, CaptureName } from './__fixtures__/captured';

// Starting a sandbox takes a few seconds on a loaded machine.
jest.setTimeout(30000);

/**
 * The build plane's API server taking the protobuf bodies the real kubectl v1.32.4 sent (`__fixtures__/`), with the
 * headers it sent them with, and answering in JSON (kubectl's Accept lists `application/json` after protobuf).
 */

type Answer = { status: number; contentType: string; json: KObject & KStatus };

describe('protobuf request bodies over HTTP', () => {
  let h: Harness;
  const NS = 'protobuf-writes';

  function request(
    method: string,
    path: string,
    body?: Buffer,
  ): Promise<Answer> {
    const { url, token, caData } = h.sandbox.endpoints.buildPlane;
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${url}${path}`,
        {
          method,
          ca: Buffer.from(caData, 'base64').toString(),
          agent: false,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: CAPTURES['secret-generic'].accept,
            ...(body && {
              'Content-Type': CAPTURES['secret-generic'].contentType,
              'Content-Length': String(body.length),
            }),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: String(res.headers['content-type']),
              json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const post = (path: string, name: CaptureName) =>
    request('POST', path, capturedBody(name));

  beforeAll(async () => {
    h = await startHarness();
    h.sandbox.buildPlane.ensureNamespace(NS);
    h.sandbox.buildPlane.ensureNamespace('openchoreo-ci-default');
  });
  afterAll(() => h.close());

  it('creates the Secret of kubectl create secret generic and serves it back as JSON', async () => {
    const created = await post(
      `/api/v1/namespaces/${NS}/secrets`,
      'secret-generic',
    );
    expect(created.status).toBe(201);
    expect(created.contentType).toBe('application/json');
    const read = await request(
      'GET',
      `/api/v1/namespaces/${NS}/secrets/demo-generic`,
    );
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'demo-generic', namespace: NS },
      data: {
        username: Buffer.from('demo-user').toString('base64'),
        password: Buffer.from('not-a-real-password').toString('base64'),
      },
    });
    expect(read.json.metadata.creationTimestamp).toEqual(expect.any(String));
  });

  it('creates the docker-registry Secret and the ConfigMap with its binaryData', async () => {
    expect(
      (await post(`/api/v1/namespaces/${NS}/secrets`, 'secret-docker-registry'))
        .status,
    ).toBe(201);
    const registry = await request(
      'GET',
      `/api/v1/namespaces/${NS}/secrets/demo-registry`,
    );
    expect(registry.json.type).toBe('kubernetes.io/dockerconfigjson');

    expect(
      (await post(`/api/v1/namespaces/${NS}/configmaps`, 'configmap')).status,
    ).toBe(201);
    const configMap = await request(
      'GET',
      `/api/v1/namespaces/${NS}/configmaps/demo-config`,
    );
    expect(configMap.json.data).toEqual({
      'app.properties': 'color=blue\n',
      color: 'blue',
    });
    expect(configMap.json.binaryData).toEqual({ 'logo.bin': 'AAEC//4=' });
  });

  it('creates the Namespace, the ServiceAccount and the debug copy of a Pod', async () => {
    expect((await post('/api/v1/namespaces', 'namespace')).status).toBe(201);
    expect((await request('GET', '/api/v1/namespaces/demo-ns')).status).toBe(
      200,
    );

    expect(
      (await post(`/api/v1/namespaces/${NS}/serviceaccounts`, 'serviceaccount'))
        .status,
    ).toBe(201);
    expect(
      (await request('GET', `/api/v1/namespaces/${NS}/serviceaccounts/demo-sa`))
        .status,
    ).toBe(200);

    const podPath = '/api/v1/namespaces/openchoreo-ci-default/pods';
    expect((await post(podPath, 'pod-debug-copy')).status).toBe(201);
    const pod = await request('GET', `${podPath}/demo-app-debug`);
    const spec = pod.json.spec as {
      containers: Array<{ name: string; image: string }>;
      restartPolicy: string;
    };
    expect(spec.containers.map(c => [c.name, c.image])).toEqual([
      ['main', 'nginx:1.27'],
      ['debugger', 'busybox:1.36'],
    ]);
    expect(spec.restartPolicy).toBe('OnFailure');
  });

  it('answers 400 with a Status for garbled bytes, and creates nothing', async () => {
    const list = async () =>
      (
        (await request('GET', `/api/v1/namespaces/${NS}/secrets`))
          .json as unknown as { items: KObject[] }
      ).items
        .map(s => s.metadata.name)
        .sort();
    const before = await list();
    const garbled = Buffer.from(capturedBody('secret-generic'));
    garbled.fill(0xff, 40, 42);
    const answer = await request(
      'POST',
      `/api/v1/namespaces/${NS}/secrets`,
      garbled,
    );
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      code: 400,
    });
    expect(answer.json.message).toBe(
      'the protobuf request body could not be decoded as v1 Secret: Secret is not a valid protobuf message: invalid wire type 7 at offset 23',
    );
    expect(await list()).toEqual(before);
  });

  it('answers 415 with a Status naming the kind for a kind it cannot decode', async () => {
    const typeMeta = Writer.create()
      .uint32(10)
      .string('apps/v1')
      .uint32(18)
      .string('Deployment')
      .finish();
    const unknown = Writer.create()
      .uint32(10)
      .bytes(typeMeta)
      .uint32(18)
      .bytes(new Uint8Array())
      .finish();
    const answer = await request(
      'POST',
      `/api/v1/namespaces/${NS}/secrets`,
      Buffer.concat([Buffer.from('k8s\0'), unknown]),
    );
    expect(answer.status).toBe(415);
    expect(answer.json).toMatchObject({
      kind: 'Status',
      reason: 'UnsupportedMediaType',
      code: 415,
    });
    expect(answer.json.message).toContain(
      'kind "Deployment" (apiVersion "apps/v1")',
    );
    expect(answer.json.message).toContain('as JSON or YAML instead');
  });
});
