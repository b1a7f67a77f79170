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

  it("reads the gateway's own 404 (unknown plane, agent not registered) or a plain-text page as a bad gateway", () => {
    // What the sandbox's gateway emulator answers for a plane it does not know.
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
