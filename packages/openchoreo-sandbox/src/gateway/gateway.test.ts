import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  V1PodList,
} from '@kubernetes/client-node';
import {
  GROUP,
  Harness,
  pem,
  RawResponse,
  rawRequest,
  startHarness,
  VERSION,
} from '../__testUtils__/harness';
import { KObject } from '../apiserver/types';

/** A v0.3 BuildPlane: the build plane reached directly with these credentials. */
type DirectBuildPlane = KObject & {
  spec: {
    kubernetesCluster: {
      credentials: {
        apiServerURL: string;
        caCert: string;
        clientCert: string;
        clientKey: string;
      };
    };
  };
};

describe('cluster gateway and direct mTLS access', () => {
  let h: Harness;
  let tls: { ca: string; cert: string; key: string };

  beforeAll(async () => {
    h = await startHarness({ seed: true, ttlSecondsAfterCompletion: 1 });
    const gw = h.sandbox.endpoints.clusterGateway;
    tls = {
      ca: pem(gw.caData),
      cert: pem(gw.clientCertData),
      key: pem(gw.clientKeyData),
    };
  });
  afterAll(() => h.close());

  /** A request to the gateway's proxy route, with the client certificate unless `clientCert: false`. */
  const gateway = (path: string, options: { clientCert?: boolean } = {}) =>
    rawRequest(`${h.sandbox.endpoints.clusterGateway.url}/api/proxy/${path}`, {
      ca: tls.ca,
      ...(options.clientCert === false ? {} : { cert: tls.cert, key: tls.key }),
    });
  const PODS = 'api/v1/namespaces/openchoreo-ci-default/pods';
  /** What Go's `http.Error` writes (`server.go@v0.9.0`): plain text and a newline. */
  const goError = (code: number, message: string) => ({
    status: code,
    type: 'text/plain; charset=utf-8',
    body: `${message}\n`,
  });
  const answer = (res: RawResponse) => ({
    status: res.status,
    type: res.headers['content-type'],
    body: res.body,
  });

  it('serves the v0.7 agent plane on the 4-part path by its name, pods and logs alike', async () => {
    // internal/clients/kubernetes/client.go@v0.7.0:267-279, proxy_client.go@v0.7.0:69:
    // /api/proxy/buildplane/{metadata.name}/k8s/…, read by server.go@v0.7.0:345-361.
    const pods = await gateway(`buildplane/default/k8s/${PODS}`);
    expect(pods.status).toBe(200);
    const pod = (JSON.parse(pods.body) as V1PodList).items.find(
      p => p.status?.phase === 'Succeeded',
    );
    const logPath = `buildplane/default/k8s/${PODS}/${pod!.metadata!.name}/log`;
    const log = await gateway(`${logPath}?container=main&timestamps=true`);
    expect(log.status).toBe(200);
    expect(log.body.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    // /api/proxy/ asks for no client certificate (server.go@v0.7.0:92-99).
    expect(
      (await gateway(`buildplane/default/k8s/${PODS}`, { clientCert: false }))
        .status,
    ).toBe(200);
  });

  it('answers the 6-part path for the v0.7 plane as a v0.7 gateway does: the namespace is read as the target', async () => {
    // server.go@v0.7.0:347-372 + validator.go@v0.7.0:61-66: SplitN(…, 4) makes `default` the target.
    expect(
      answer(await gateway(`buildplane/default/default/default/k8s/${PODS}`)),
    ).toEqual(goError(403, 'Target not allowed: default'));
  });

  it('serves the v0.9 plane on the 6-part path by planeID; namespace and name are metadata only', async () => {
    // proxy_client.go@v0.9.0:97; server.go@v0.9.0:364-416 routes on planeType/planeID only.
    const platformPods = 'api/v1/namespaces/openchoreo-ci-platform/pods';
    for (const cr of ['platform/platform-build-plane', 'elsewhere/any-name']) {
      expect(
        (await gateway(`buildplane/shared-builder/${cr}/k8s/${platformPods}`))
          .status,
      ).toBe(200);
    }
    // The 4-part path read by a v0.9 gateway: planeID, then `k8s` and `api` as CR namespace/name,
    // and `v1` as the target.
    expect(
      answer(await gateway(`buildplane/shared-builder/k8s/${platformPods}`)),
    ).toEqual(goError(403, 'Target not allowed: v1'));
  });

  it('acts on the build plane as the cluster agent, with only what its v0.9 ClusterRole allows (no events)', async () => {
    // install/helm/openchoreo-build-plane/templates/cluster-agent/clusterrole.yaml@v0.9.0: pods,
    // pods/log, workflows, externalsecrets… but no `events`; the API server answers the agent 403.
    const base = 'buildplane/shared-builder/platform/platform-build-plane/k8s';
    const ns = 'api/v1/namespaces/openchoreo-ci-platform';
    expect((await gateway(`${base}/${ns}/pods`)).status).toBe(200);
    expect(
      (
        await gateway(
          `${base}/apis/external-secrets.io/v1beta1/namespaces/openchoreo-ci-platform/externalsecrets`,
        )
      ).status,
    ).toBe(200);
    const events = await gateway(`${base}/${ns}/events`);
    expect(events.status).toBe(403);
    expect(JSON.parse(events.body)).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message:
        'events is forbidden: User "system:serviceaccount:openchoreo-build-plane:cluster-agent-buildplane" cannot list resource "events" in API group "" in the namespace "openchoreo-ci-platform"',
    });
    // The same read with the build plane's own admin credentials is allowed: the refusal is RBAC.
    const direct = await rawRequest(
      `${h.sandbox.endpoints.buildPlane.url}/${ns}/events`,
      {
        ca: tls.ca,
        headers: {
          Authorization: `Bearer ${h.sandbox.endpoints.buildPlane.token}`,
        },
      },
    );
    expect(direct.status).toBe(200);
  });

  it('answers 502 "no agents found" when no agent is registered under the addressed id', async () => {
    // connection_manager.go@v0.9.0:151, wrapped by server.go@v0.9.0:547 and :460.
    const noAgent = (plane: string) =>
      goError(
        502,
        `proxy request failed: failed to send HTTP tunnel request: no agents found for plane buildplane/${plane}`,
      );
    // The v0.9 plane's agent registered under its planeID, not its name.
    expect(
      answer(
        await gateway(
          'buildplane/platform-build-plane/platform/platform-build-plane/k8s/api/v1/pods',
        ),
      ),
    ).toEqual(noAgent('platform-build-plane'));
    // The direct (v0.3) plane has no agent at all; neither has a plane the control plane lacks.
    expect(
      answer(
        await gateway(
          'buildplane/acme-build-plane/acme/acme-build-plane/k8s/api/v1/pods',
        ),
      ),
    ).toEqual(noAgent('acme-build-plane'));
    expect(
      answer(await gateway('buildplane/nope/default/nope/k8s/api/v1/pods')),
    ).toEqual(noAgent('nope'));
  });

  it('refuses watch=true and follow=true with 501 before looking for the agent', async () => {
    // server.go@v0.9.0:418-423,485-517: the streaming check comes before the tunnel.
    for (const path of [
      `buildplane/default/k8s/${PODS}?watch=true`,
      `buildplane/default/k8s/${PODS}/some-pod/log?container=main&follow=true`,
      `buildplane/nope/default/nope/k8s/${PODS}?watch=true`,
    ]) {
      const res = await gateway(path);
      expect(res.status).toBe(501);
      expect(res.body).toMatch(
        /^Streaming operations \(watch, logs -f, exec, port-forward\) are not yet supported/,
      );
    }
  });

  it('lets the direct (v0.3) BuildPlane credentials reach the build plane with mTLS', async () => {
    const plane: DirectBuildPlane = await h.control
      .makeApiClient(CustomObjectsApi)
      .getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: 'buildplanes',
        namespace: 'acme',
        name: 'acme-build-plane',
      });
    const creds = plane.spec.kubernetesCluster.credentials;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'acme',
          server: creds.apiServerURL,
          caData: creds.caCert,
          skipTLSVerify: false,
        },
      ],
      users: [
        { name: 'agent', certData: creds.clientCert, keyData: creds.clientKey },
      ],
      contexts: [{ name: 'acme', cluster: 'acme', user: 'agent' }],
      currentContext: 'acme',
    });
    const api = kc.makeApiClient(CoreV1Api);
    const namespaces = await api.listNamespace();
    expect(namespaces.items.map(n => n.metadata!.name)).toContain(
      'openchoreo-ci-acme',
    );
    const created = await api.createNamespacedConfigMap({
      namespace: 'openchoreo-ci-acme',
      body: { metadata: { name: 'from-agent' }, data: { a: 'b' } },
    });
    expect(created.metadata!.uid).toEqual(expect.any(String));
  });
});
