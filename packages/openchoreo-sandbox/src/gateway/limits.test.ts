import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Cluster } from '../apiserver/cluster';
import { KObject } from '../apiserver/types';
import { openChoreoCrds } from '../crds/openchoreo';
import { createPki, SandboxPki } from '../tls/ca';
import { listen, Listener } from '../util/listen';
import { RawResponse } from '../__testUtils__/harness';
import { gatewayHandler, GatewayOptions } from './gateway';

/** What the stand-in build plane saw of one request. */
interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  requestId: string | undefined;
  bytes: number;
}

const HOST = '127.0.0.1';
const TOKEN = 'build-plane-token';
/** A v0.9 plane (routed on planeID `bp9`) and a v0.7 one (routed on its name `bp7`). */
const V09 = '/api/proxy/buildplane/bp9/default/bp9-cr/k8s';
const V07 = '/api/proxy/buildplane/bp7/k8s';

/**
 * The gateway's checks, limits and error answers, against a build plane this test controls: an
 * https server (certificate from the sandbox CA) that answers `/bytes/{n}` with n bytes, never
 * answers `/hang`, and echoes anything else. Each expectation names the upstream code it copies.
 */
describe('cluster gateway checks and limits', () => {
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
        requestId: req.headers['x-request-id'] as string | undefined,
        bytes,
      });
      const size = /^\/bytes\/(\d+)$/.exec(path);
      const body = size
        ? Buffer.alloc(Number(size[1]), 'x')
        : Buffer.from(JSON.stringify({ bytes }));
      res.writeHead(200, {
        'Content-Type': size ? 'text/plain' : 'application/json',
        'Content-Length': body.length,
        'Audit-Id': 'audit-1',
      });
      res.end(body);
    });
  }

  /** A gateway listener in front of `upstreamUrl` (default: the stand-in build plane). */
  async function startGateway(
    options: Pick<GatewayOptions, 'timeoutMs' | 'maxRequestBodyBytes'> & {
      upstreamUrl?: string;
    } = {},
  ): Promise<number> {
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
        buildPlaneUrl:
          options.upstreamUrl ?? `https://${HOST}:${buildPlane.port}`,
        buildPlaneToken: TOKEN,
        caPem: pki.ca.certPem,
        timeoutMs: options.timeoutMs,
        maxRequestBodyBytes: options.maxRequestBodyBytes,
      }),
    });
    listeners.push(gateway);
    return gateway.port;
  }

  /**
   * Sends `path` byte for byte (no URL normalisation, unlike `new URL`), without a client
   * certificate. `chunks`: a chunked body (no Content-Length).
   */
  const send = (
    port: number,
    path: string,
    options: {
      method?: string;
      body?: string;
      chunks?: string[];
      headers?: Record<string, string>;
    } = {},
  ): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: HOST,
          port,
          path,
          method: options.method ?? 'GET',
          headers: options.headers,
          ca: pki.ca.certPem,
          agent: false,
        },
        res => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(parts).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', reject);
      for (const chunk of options.chunks ?? []) req.write(chunk);
      req.end(options.body);
    });

  /** What Go's `http.Error` writes: plain text and a newline, never JSON. */
  const expectGoError = (res: RawResponse, code: number, message: string) => {
    expect({
      status: res.status,
      type: res.headers['content-type'],
      body: res.body,
    }).toEqual({
      status: code,
      type: 'text/plain; charset=utf-8',
      body: `${message}\n`,
    });
  };

  beforeAll(async () => {
    pki = createPki();
    control = new Cluster('control-plane');
    for (const crd of openChoreoCrds())
      control.applyCrd(crd as unknown as KObject);
    control.ensureNamespace('default');
    const plane = (name: string, spec: Record<string, unknown>) =>
      control.create(
        {
          apiVersion: 'openchoreo.dev/v1alpha1',
          kind: 'BuildPlane',
          metadata: { name, namespace: 'default' },
          spec,
        },
        'buildplanes',
      );
    plane('bp9-cr', {
      planeID: 'bp9',
      clusterAgent: { clientCA: { value: pki.ca.certPem } },
    });
    plane('bp7', {
      agent: { enabled: true, clientCA: { value: pki.ca.certPem } },
    });
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

  it('forwards a request without client certificate, with the agent token, its headers and the answer headers', async () => {
    // server.go@v0.9.0:93-100: RequestClientCert, verified only for agents on /ws.
    const port = await startGateway();
    const res = await send(port, `${V09}/echo?limit=5`, {
      method: 'POST',
      body: 'hello',
      headers: { 'X-Request-ID': 'req-1', Authorization: 'Bearer caller' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ bytes: 5 });
    // server.go@v0.9.0:464-468: every header of the agent's answer is copied.
    expect(res.headers['audit-id']).toBe('audit-1');
    // cluster-agent/router.go@v0.9.0: the caller's headers go on, Authorization is the agent's.
    expect(received).toEqual([
      {
        method: 'POST',
        path: '/echo?limit=5',
        authorization: `Bearer ${TOKEN}`,
        requestId: 'req-1',
        bytes: 5,
      },
    ]);
  });

  it('reads the path with the rules of the addressed plane’s generation (400 when parts are missing)', async () => {
    const port = await startGateway();
    // server.go@v0.7.0:345-361: SplitN(path, "/", 4).
    expect((await send(port, `${V07}/echo`)).status).toBe(200);
    expectGoError(
      await send(port, '/api/proxy/buildplane/bp7/k8s'),
      400,
      'invalid proxy URL format: /api/proxy/{planeType}/{planeName}/{target}/{path}',
    );
    // server.go@v0.9.0:370-392: at least six parts.
    expectGoError(
      await send(port, '/api/proxy/buildplane/bp9/default/bp9-cr/k8s'),
      400,
      'invalid proxy URL format: /api/proxy/{planeType}/{planeID}/{namespace}/{crName}/{target}/{path}',
    );
    expect(received.map(r => r.path)).toEqual(['/echo']);
  });

  it('refuses methods, targets and blocked paths like validator.go', async () => {
    const port = await startGateway();
    // validator.go@v0.9.0:54-59
    expectGoError(
      await send(port, `${V09}/echo`, { method: 'TRACE' }),
      405,
      'HTTP method not allowed: TRACE',
    );
    // validator.go@v0.9.0:61-66
    expectGoError(
      await send(port, '/api/proxy/buildplane/bp9/default/bp9-cr/metrics/x'),
      403,
      'Target not allowed: metrics',
    );
    // validator.go@v0.9.0:40-44,68-75: matched anywhere in the path.
    for (const blocked of [
      '/api/v1/secrets',
      '/api/v1/namespaces/kube-system/secrets/token',
      '/apis/v1/serviceaccounts',
    ]) {
      expectGoError(
        await send(port, `${V09}${blocked}`),
        403,
        `Access to path is blocked: ${blocked}`,
      );
    }
    // A Secret in another namespace is not blocked.
    expect(
      (await send(port, `${V09}/api/v1/namespaces/ci/secrets/token`)).status,
    ).toBe(200);
    // `monitoring` passes the gateway; the agent has no such route and answers 404 without a body
    // (cluster-agent/router.go@v0.9.0, server.go@v0.9.0:464-475).
    const monitoring = await send(
      port,
      '/api/proxy/buildplane/bp9/default/bp9-cr/monitoring/x',
    );
    expect({ status: monitoring.status, body: monitoring.body }).toEqual({
      status: 404,
      body: '',
    });
    expect(received.map(r => r.path)).toEqual([
      '/api/v1/namespaces/ci/secrets/token',
    ]);
  });

  it('answers a declared body over the limit with 413 without calling the build plane; a chunked one passes', async () => {
    const limit = 64 * 1024;
    const port = await startGateway({ maxRequestBodyBytes: limit });
    const atLimit = await send(port, `${V09}/echo`, {
      method: 'POST',
      body: 'a'.repeat(limit),
    });
    expect(JSON.parse(atLimit.body)).toEqual({ bytes: limit });
    // validator.go@v0.9.0:77-82: only r.ContentLength is checked.
    const tooLarge = await send(port, `${V09}/too-large`, {
      method: 'POST',
      body: 'a'.repeat(limit + 1),
    });
    expectGoError(
      tooLarge,
      413,
      `Request body too large: ${limit + 1} bytes (max: ${limit})`,
    );
    expect(tooLarge.headers.connection).toBe('close');
    const chunked = await send(port, `${V09}/chunked`, {
      method: 'POST',
      chunks: ['a'.repeat(limit), 'a'.repeat(limit)],
    });
    expect(JSON.parse(chunked.body)).toEqual({ bytes: 2 * limit });
    expect(received.map(r => r.path)).toEqual(['/echo', '/chunked']);
  });

  it('defaults to a 10 MB request limit and passes responses of any size', async () => {
    const limit = 10 * 1024 * 1024;
    const port = await startGateway();
    const request = await send(port, `${V09}/echo`, {
      method: 'POST',
      body: 'a'.repeat(limit + 1),
    });
    expectGoError(
      request,
      413,
      `Request body too large: ${limit + 1} bytes (max: ${limit})`,
    );
    // server.go@v0.9.0:470-475: the answer is buffered and written whole, with no size limit.
    const response = await send(port, `${V09}/bytes/${limit + 1}`);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(limit + 1);
  });

  it('answers 501 to streaming requests the way isStreamingRequest detects them', async () => {
    const port = await startGateway();
    const notSupported =
      'Streaming operations (watch, logs -f, exec, port-forward) are not yet supported through the HTTP proxy. ' +
      'Use the CQRS API (/api/k8s-resources/) for resource operations, or connect directly to the data plane for streaming operations.';
    // server.go@v0.9.0:485-517
    for (const [path, headers] of [
      [`${V09}/api/v1/pods?watch=true`, {}],
      [`${V09}/api/v1/namespaces/ci/pods/p/log?follow=true`, {}],
      [`${V09}/api/v1/namespaces/ci/pods/p/exec`, { Upgrade: 'SPDY/3.1' }],
    ] as const) {
      expectGoError(await send(port, path, { headers }), 501, notSupported);
    }
    // Substring tests on the raw query: watch=1 and follow=true outside /log are forwarded.
    expect((await send(port, `${V09}/api/v1/pods?watch=1`)).status).toBe(200);
    expect((await send(port, `${V09}/api/v1/pods?follow=true`)).status).toBe(
      200,
    );
    expect(received.map(r => r.path)).toEqual([
      '/api/v1/pods?watch=1',
      '/api/v1/pods?follow=true',
    ]);
  });

  it('redirects unclean paths like Go’s ServeMux and never lets a path leave the build plane host', async () => {
    const port = await startGateway();
    // net/http ServeMux (go 1.24, go.mod@v0.9.0): `//` and dot segments get a 301 to the clean
    // path before the handler runs; the backend follows no redirect.
    const protocolRelative = await send(port, `${V09}//127.0.0.1:1/x?a=1`);
    expect(protocolRelative.status).toBe(301);
    expect(protocolRelative.headers.location).toBe(`${V09}/127.0.0.1:1/x?a=1`);
    const dotDot = await send(port, `${V09}/api/../x`);
    expect(dotDot.status).toBe(301);
    expect(dotDot.headers.location).toBe(`${V09}/x`);
    // Escaped, they pass the mux decoded: validator.go@v0.9.0:84-96 refuses `..` and NUL ...
    expectGoError(
      await send(port, `${V09}/api/%2e%2e/x`),
      400,
      'Path contains directory traversal',
    );
    expectGoError(
      await send(port, `${V09}/api/v1/pods/a..b`),
      400,
      'Path contains directory traversal',
    );
    expectGoError(
      await send(port, `${V09}/api/v1/pods/a%00b`),
      400,
      'Path contains null bytes',
    );
    // ... and an encoded `//` reaches the agent, which appends it to its own endpoint
    // (cluster-agent/router.go@v0.9.0: route.Endpoint + path): it stays on the build plane.
    expect((await send(port, `${V09}/%2F127.0.0.1:1/x`)).status).toBe(200);
    expect(received.map(r => r.path)).toEqual(['//127.0.0.1:1/x']);
    // Outside /api/proxy/ the mux has no handler.
    expectGoError(await send(port, '/api/other'), 404, '404 page not found');
  });

  it('answers 502 when the agent does not answer within the timeout or cannot reach the build plane', async () => {
    const port = await startGateway({ timeoutMs: 200 });
    // server.go@v0.9.0:453-461,550-558
    expectGoError(
      await send(port, `${V09}/hang`),
      502,
      'proxy request failed: HTTP tunnel request timeout',
    );
    // The agent's own 502 ("backend request failed") reaches the caller as a bare status.
    const closed = await startGateway({ upstreamUrl: `https://${HOST}:1` });
    const unreachable = await send(closed, `${V09}/echo`);
    expect({ status: unreachable.status, body: unreachable.body }).toEqual({
      status: 502,
      body: '',
    });
  });

  it('answers 502 "no agents found" for a plane no agent serves', async () => {
    const port = await startGateway();
    // connection_manager.go@v0.9.0:151, wrapped by server.go@v0.9.0:547,460.
    expectGoError(
      await send(
        port,
        '/api/proxy/buildplane/nope/default/nope/k8s/api/v1/pods',
      ),
      502,
      'proxy request failed: failed to send HTTP tunnel request: no agents found for plane buildplane/nope',
    );
    expect(received).toEqual([]);
  });
});
