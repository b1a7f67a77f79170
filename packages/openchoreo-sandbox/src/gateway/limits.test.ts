import type { IncomingMessage, ServerResponse } from 'node:http';
import { Cluster } from '../apiserver/cluster';
import { KObject } from '../apiserver/types';
import { openChoreoCrds } from '../crds/openchoreo';
import { createPki, SandboxPki } from '../tls/ca';
import { listen, Listener } from '../util/listen';
import { rawRequest, RawResponse } from '../__testUtils__/harness';
import { gatewayHandler, GatewayOptions } from './gateway';

/** What the stand-in build plane saw of one request. */
interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  bytes: number;
}

interface GatewayError {
  error: string;
  message: string;
  code: number;
}

const HOST = '127.0.0.1';
const PLANE = 'bp';
const TOKEN = 'build-plane-token';

/**
 * The gateway's limits, tested against a build plane this test controls: an
 * https server (certificate from the sandbox CA) that answers
 * `/bytes/{n}` with n bytes, never answers `/hang`, and echoes anything else.
 */
describe('cluster gateway limits', () => {
  let pki: SandboxPki;
  let control: Cluster;
  let buildPlane: Listener;
  const listeners: Listener[] = [];
  const received: Received[] = [];

  function buildPlaneHandler(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    if (path === '/hang') {
      // Accepts the request and never answers; the gateway's timer decides.
      req.resume();
      return;
    }
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization,
        bytes,
      });
      const size = /^\/bytes\/(\d+)$/.exec(path);
      const body = size
        ? Buffer.alloc(Number(size[1]), 'x')
        : Buffer.from(JSON.stringify({ bytes }));
      res.writeHead(200, {
        'Content-Type': size ? 'text/plain' : 'application/json',
        'Content-Length': body.length,
      });
      res.end(body);
    });
  }

  /** A gateway listener in front of the stand-in build plane; `options` are the limits under test. */
  async function startGateway(
    options: Pick<GatewayOptions, 'timeoutMs' | 'maxBodyBytes'>,
  ): Promise<string> {
    const gateway = await listen({
      port: 0,
      host: HOST,
      plain: false,
      tls: {
        key: pki.server.keyPem,
        cert: pki.server.certPem,
        ca: pki.ca.certPem,
        requestCert: true,
      },
      handler: gatewayHandler({
        control,
        buildPlaneUrl: `https://${HOST}:${buildPlane.port}`,
        buildPlaneToken: TOKEN,
        caPem: pki.ca.certPem,
        isTrustedClientCert: c => pki.isIssuedByCa(c),
        ...options,
      }),
    });
    listeners.push(gateway);
    return `https://${HOST}:${gateway.port}/api/proxy/buildplane/${PLANE}/default/${PLANE}/k8s`;
  }

  const send = (
    url: string,
    options: { method?: string; body?: string } = {},
  ): Promise<RawResponse> =>
    rawRequest(url, {
      ...options,
      ca: pki.ca.certPem,
      cert: pki.client.certPem,
      key: pki.client.keyPem,
    });

  const errorOf = (res: RawResponse): GatewayError => {
    expect(res.headers['content-type']).toBe('application/json');
    return JSON.parse(res.body) as GatewayError;
  };

  beforeAll(async () => {
    pki = createPki();
    control = new Cluster('control-plane');
    for (const crd of openChoreoCrds())
      control.applyCrd(crd as unknown as KObject);
    control.ensureNamespace('default');
    control.create(
      {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'BuildPlane',
        metadata: { name: PLANE, namespace: 'default' },
        spec: { agent: { enabled: true, clientCA: { value: pki.ca.certPem } } },
      },
      'buildplanes',
    );
    buildPlane = await listen({
      port: 0,
      host: HOST,
      plain: false,
      tls: {
        key: pki.server.keyPem,
        cert: pki.server.certPem,
        ca: pki.ca.certPem,
        requestCert: false,
      },
      handler: buildPlaneHandler,
    });
    listeners.push(buildPlane);
  });
  afterAll(() => Promise.all(listeners.map(l => l.close())));
  beforeEach(() => {
    received.length = 0;
  });

  it('forwards a request body up to maxBodyBytes and answers 413 above it without calling the build plane', async () => {
    const limit = 64 * 1024;
    const base = await startGateway({ maxBodyBytes: limit });

    const atLimit = await send(`${base}/echo`, {
      method: 'POST',
      body: 'a'.repeat(limit),
    });
    expect(atLimit.status).toBe(200);
    expect(JSON.parse(atLimit.body)).toEqual({ bytes: limit });
    expect(received).toEqual([
      {
        method: 'POST',
        path: '/echo',
        authorization: `Bearer ${TOKEN}`,
        bytes: limit,
      },
    ]);

    for (const size of [limit + 1, 16 * limit]) {
      const tooLarge = await send(`${base}/too-large`, {
        method: 'POST',
        body: 'a'.repeat(size),
      });
      expect(tooLarge.status).toBe(413);
      // It answers without waiting for the rest of the body, then closes the connection.
      expect(tooLarge.headers.connection).toBe('close');
      expect(errorOf(tooLarge)).toEqual({
        error: 'RequestEntityTooLarge',
        message: `request body exceeds the gateway limit of ${limit} bytes`,
        code: 413,
      });
    }

    // The gateway still serves; the refused bodies never reached the build plane.
    expect(
      (await send(`${base}/after`, { method: 'POST', body: 'ok' })).status,
    ).toBe(200);
    expect(received.map(r => r.path)).toEqual(['/echo', '/after']);
  });

  it('passes a build plane response up to maxBodyBytes and answers 502 above it', async () => {
    const limit = 64 * 1024;
    const base = await startGateway({ maxBodyBytes: limit });

    const atLimit = await send(`${base}/bytes/${limit}`);
    expect(atLimit.status).toBe(200);
    expect(atLimit.headers['content-type']).toBe('text/plain');
    expect(atLimit.body).toBe('x'.repeat(limit));

    for (const size of [limit + 1, 16 * limit]) {
      const tooLarge = await send(`${base}/bytes/${size}`);
      expect(tooLarge.status).toBe(502);
      expect(errorOf(tooLarge)).toEqual({
        error: 'ResponseTooLarge',
        message: `build plane response exceeds the gateway limit of ${limit} bytes`,
        code: 502,
      });
    }
    expect(received.map(r => r.path)).toEqual([
      `/bytes/${limit}`,
      `/bytes/${limit + 1}`,
      `/bytes/${16 * limit}`,
    ]);
  });

  it('enforces the documented 10 MB default on request bodies and responses', async () => {
    const limit = 10 * 1024 * 1024;
    const base = await startGateway({});
    expect((await send(`${base}/bytes/${limit}`)).body).toHaveLength(limit);
    const response = await send(`${base}/bytes/${limit + 1}`);
    expect(response.status).toBe(502);
    expect(errorOf(response).message).toContain(`${limit} bytes`);
    const request = await send(`${base}/echo`, {
      method: 'POST',
      body: 'a'.repeat(limit + 1),
    });
    expect(request.status).toBe(413);
    expect(errorOf(request).message).toContain(`${limit} bytes`);
  });

  it('refuses a protocol-relative path, so the build plane token never leaves for another host', async () => {
    const base = await startGateway({});
    const refused = await send(`${base}//127.0.0.1:1/x`);
    expect(refused.status).toBe(400);
    expect(errorOf(refused).message).toContain('must not start with "//"');
    expect(received).toEqual([]);
  });

  it('answers 504 when the build plane does not answer within timeoutMs', async () => {
    const base = await startGateway({ timeoutMs: 200 });
    const timedOut = await send(`${base}/hang`);
    expect(timedOut.status).toBe(504);
    expect(errorOf(timedOut)).toEqual({
      error: 'GatewayTimeout',
      message: 'the build plane did not answer within 0.2s',
      code: 504,
    });
  });
});
