import { toClusterError } from './kubernetesErrors';

describe('toClusterError: a 404 is "not found" only when the cluster says so', () => {
  const map = (body: unknown) =>
    toClusterError(
      { code: 404, body },
      'build plane acme/bp via cluster gateway',
      'reading Workflow x',
    );

  it('reads a Kubernetes Status 404 (object or JSON text) as the object being gone', () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'workflows "x" not found',
    };
    expect(map(status)).toMatchObject({ name: 'NotFoundError' });
    expect(map(JSON.stringify(status))).toMatchObject({
      name: 'NotFoundError',
    });
    // Some clients drop the body: still the cluster's 404.
    expect(map(undefined)).toMatchObject({ name: 'NotFoundError' });
    expect(map('')).toMatchObject({ name: 'NotFoundError' });
  });

  it('reads a 404 of another JSON shape (a proxy on the way) or a plain-text page as a bad gateway', () => {
    // A JSON error that is not a Kubernetes Status.
    const gateway = map(
      JSON.stringify({
        error: 'BuildPlaneNotFound',
        message: 'no BuildPlane acme/bp',
        code: 404,
      }),
    );
    expect(gateway).toMatchObject({ name: 'BadGatewayError', statusCode: 502 });
    expect(gateway.message).toContain('has no route for reading Workflow x');
    // Go's http.NotFound, and kube-apiserver for an API group it does not serve.
    expect(map('404 page not found\n')).toMatchObject({
      name: 'BadGatewayError',
    });
  });
});

describe('toClusterError: a throttled cluster', () => {
  it('answers 503 with how long to wait, from Retry-After or Status.details.retryAfterSeconds', () => {
    const fromHeader = toClusterError(
      { code: 429, headers: { 'retry-after': '7' } },
      'control plane',
      'listing runs',
    );
    expect(fromHeader).toMatchObject({
      name: 'UpstreamBusyError',
      statusCode: 503,
      retryAfterSeconds: 7,
    });
    const fromStatus = toClusterError(
      {
        code: 429,
        body: { kind: 'Status', code: 429, details: { retryAfterSeconds: 2 } },
      },
      'control plane',
      'listing runs',
    );
    expect(fromStatus).toMatchObject({ retryAfterSeconds: 2 });
    expect(
      toClusterError({ code: 429 }, 'control plane', 'listing runs'),
    ).toMatchObject({ retryAfterSeconds: 5 });
  });
});

describe("toClusterError: the cluster gateway's own answers (plain text, internal/cluster-gateway@v0.9.0)", () => {
  const target = 'build plane acme/bp (via cluster gateway)';
  const map = (code: number, body: string, upstreamDetail = true) =>
    toClusterError({ code, body: `${body}\n` }, target, 'reading Workflow x', {
      upstreamDetail,
    });

  it('reads "no agents found" as an unavailable agent, naming the id only when detail is allowed', () => {
    const text =
      'proxy request failed: failed to send HTTP tunnel request: no agents found for plane buildplane/bp';
    const detailed = map(502, text);
    expect(detailed.name).toBe('ServiceUnavailableError');
    expect(detailed.message).toMatch(
      /^build plane acme\/bp \(via cluster gateway\): the build plane's agent is not connected to the cluster gateway \(no agent registered as buildplane\/bp\), so reading Workflow x cannot reach the plane\. Check that the cluster agent runs/,
    );
    const fixed = map(502, text, false);
    expect(fixed.name).toBe('ServiceUnavailableError');
    expect(fixed.message).not.toContain('buildplane/bp');
  });

  it('reads the 502 tunnel timeout as a 504 and other tunnel failures as a 502 with a bounded snippet', () => {
    expect(
      map(502, 'proxy request failed: HTTP tunnel request timeout'),
    ).toMatchObject({ name: 'GatewayTimeoutError', statusCode: 504 });
    const other = map(
      502,
      `proxy request failed: SendHTTPTunnelRequest: failed to send request: ${'x'.repeat(
        500,
      )}`,
    );
    expect(other).toMatchObject({ name: 'BadGatewayError', statusCode: 502 });
    expect(other.message).toContain(
      "could not pass reading Workflow x to the build plane's agent",
    );
    expect(other.message.length).toBeLessThan(400);
  });

  it('reads validator refusals as "the gateway refused", not as bad input of the user', () => {
    for (const [code, text] of [
      [400, 'Path contains directory traversal'],
      [403, 'Access to path is blocked: /api/v1/secrets'],
      [405, 'HTTP method not allowed: TRACE'],
      [413, 'Request body too large: 20000000 bytes (max: 10485760)'],
    ] as const) {
      const error = map(code, text);
      expect(error).toMatchObject({ name: 'BadGatewayError', statusCode: 502 });
      expect(error.message).toBe(
        `the cluster gateway refused reading Workflow x for ${target} (HTTP ${code}): ${text}`,
      );
    }
    // The 4-part path sent to a v0.9 gateway (or the 6-part one to a v0.7 gateway): say so.
    expect(map(403, 'Target not allowed: v1').message).toContain(
      'v0.7/v0.8 gateways take /api/proxy/buildplane/{name}/k8s/…, v0.9 and later /api/proxy/buildplane/{planeID}/{namespace}/{name}/k8s/…',
    );
    // v1.x: the agent under this planeID is not registered for the WorkflowPlane (server.go@v1.2.3:582).
    const notAuthorized = map(
      403,
      'Forbidden: Agent not authorized for CR /default',
    );
    expect(notAuthorized).toMatchObject({ name: 'BadGatewayError' });
    expect(notAuthorized.message).toContain(
      'not registered for this WorkflowPlane/ClusterWorkflowPlane',
    );
  });

  it('keeps a Kubernetes Status answered through the gateway, and cuts and cleans any other text', () => {
    // The agent's ServiceAccount lacking RBAC: kube-apiserver's Status, passed through.
    const forbidden = toClusterError(
      {
        code: 403,
        body: JSON.stringify({
          kind: 'Status',
          code: 403,
          message: 'events is forbidden',
        }),
      },
      target,
      'listing events',
    );
    expect(forbidden.message).toBe(
      `${target} refused the backend's credentials for listing events (HTTP 403): events is forbidden`,
    );
    const page = map(
      403,
      `<html><body><h1>Forbidden</h1>\u001b[31m${'y'.repeat(
        400,
      )}</body></html>`,
    );
    // Tags and control characters (here an ANSI escape) go, and 160 characters at most remain.
    const snippet = page.message.split('(HTTP 403): ')[1];
    expect(snippet).toBe(`Forbidden [31m${'y'.repeat(146)}…`);
    expect(snippet).not.toMatch(/[\p{Cc}<>]/u);
    expect(map(403, 'Forbidden', false).message).not.toContain('Forbidden');
  });
});
