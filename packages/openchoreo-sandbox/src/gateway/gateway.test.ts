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
  rawRequest,
  runBody,
  startHarness,
  VERSION,
} from '../__testUtils__/harness';
import {
  ArgoWorkflow,
  ComponentWorkflowRun,
  KList,
} from '../__testUtils__/types';
import { KObject } from '../apiserver/types';

/** An observer answer to `POST /api/logs/build/{run}`. */
interface ObserverLogs {
  totalCount: number;
  logs: Array<{
    timestamp: string;
    log: string;
    containerName: string;
    podId: string;
  }>;
}

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

jest.setTimeout(60000);

describe('cluster gateway, observer and direct mTLS access', () => {
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

  const gateway = (path: string, extra: Partial<typeof tls> = {}) =>
    rawRequest(
      `${h.sandbox.endpoints.clusterGateway.url}/api/proxy/buildplane/${path}`,
      { ...tls, ...extra },
    );

  it('forwards buffered requests for agent-mode build planes and refuses streaming', async () => {
    const pods = await gateway(
      'default/default/default/k8s/api/v1/namespaces/openchoreo-ci-default/pods',
    );
    expect(pods.status).toBe(200);
    const pod = (JSON.parse(pods.body) as V1PodList).items.find(
      p => p.status?.phase === 'Succeeded',
    );
    const logPath = `default/default/default/k8s/api/v1/namespaces/openchoreo-ci-default/pods/${
      pod!.metadata!.name
    }/log`;
    const log = await gateway(`${logPath}?container=main&timestamps=true`);
    expect(log.status).toBe(200);
    expect(log.body.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    expect(
      (await gateway(`${logPath}?container=main&follow=true`)).status,
    ).toBe(501);
    expect(
      (
        await gateway(
          'default/default/default/k8s/api/v1/namespaces/openchoreo-ci-default/pods?watch=true',
        )
      ).status,
    ).toBe(501);
    // The v0.9 plane is addressed by its planeID.
    expect(
      (
        await gateway(
          'shared-builder/platform/platform-build-plane/k8s/api/v1/namespaces/openchoreo-ci-platform/pods',
        )
      ).status,
    ).toBe(200);
    const unknown = await gateway('nope/default/nope/k8s/api/v1/pods');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).message).toContain('nope');
    expect(
      (await gateway('acme-build-plane/acme/acme-build-plane/k8s/api/v1/pods'))
        .status,
    ).toBe(503);
    const noCert = await rawRequest(
      `${h.sandbox.endpoints.clusterGateway.url}/api/proxy/buildplane/default/default/default/k8s/api/v1/pods`,
      { ca: tls.ca },
    );
    expect(noCert.status).toBe(401);
  });

  it('serves archived logs with basic auth, also after the TTL deleted workflow and pods', async () => {
    const name = 'greeter-service-workflow-77a1e5ed';
    await h.control
      .makeApiClient(CustomObjectsApi)
      .createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: 'componentworkflowruns',
        namespace: 'default',
        body: runBody(name),
      });
    await h.sandbox.waitForRunCondition('default', name, 'WorkflowSucceeded');
    await h.sandbox.waitForObject(
      h.sandbox.buildPlane,
      'argoproj.io/v1alpha1',
      'workflows',
      'openchoreo-ci-default',
      name,
      wf => !wf,
    );
    const pods = await h.build.makeApiClient(CoreV1Api).listNamespacedPod({
      namespace: 'openchoreo-ci-default',
      labelSelector: `workflows.argoproj.io/workflow=${name}`,
    });
    expect(pods.items).toHaveLength(0);

    const { observer } = h.sandbox.endpoints;
    const query = (auth?: string) =>
      rawRequest(`${observer.url}/api/logs/build/${name}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(auth
            ? { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` }
            : {}),
        },
        body: JSON.stringify({
          startTime: '2000-01-01T00:00:00Z',
          endTime: new Date(Date.now() + 60000).toISOString(),
          limit: 10000,
          sortOrder: 'asc',
        }),
      });
    expect((await query()).status).toBe(401);
    expect((await query(`${observer.username}:wrong`)).status).toBe(401);
    const res = await query(`${observer.username}:${observer.password}`);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as ObserverLogs;
    expect(body.totalCount).toBe(body.logs.length);
    expect(new Set(body.logs.map(l => l.containerName))).toEqual(
      new Set(['init', 'wait', 'main']),
    );
    expect(body.logs[0]).toEqual({
      timestamp: expect.any(String),
      log: expect.any(String),
      containerName: expect.any(String),
      podId: expect.any(String),
    });
    const buildLines = body.logs.filter(
      l => l.containerName === 'main' && l.podId.includes('-build-step-'),
    );
    expect(buildLines.length).toBeGreaterThan(0);
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

  it('serves the seeded expired runs only from the observer', async () => {
    const control = h.control.makeApiClient(CustomObjectsApi);
    const list: KList<ComponentWorkflowRun> =
      await control.listNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: 'componentworkflowruns',
        namespace: 'default',
      });
    const oldest = list.items
      .filter(r => r.spec.owner.componentName === 'greeter-service' && r.status)
      .sort((a, b) =>
        a.metadata.creationTimestamp!.localeCompare(
          b.metadata.creationTimestamp!,
        ),
      )[0];
    const wfs: KList<ArgoWorkflow> = await h.build
      .makeApiClient(CustomObjectsApi)
      .listNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        plural: 'workflows',
        namespace: 'openchoreo-ci-default',
      });
    expect(wfs.items.map(w => w.metadata.name)).not.toContain(
      oldest.metadata.name,
    );
    const { observer } = h.sandbox.endpoints;
    const res = await rawRequest(
      `${observer.url}/api/logs/build/${oldest.metadata.name}`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(
            `${observer.username}:${observer.password}`,
          ).toString('base64')}`,
        },
        body: JSON.stringify({ limit: 5, sortOrder: 'desc' }),
      },
    );
    const body = JSON.parse(res.body) as ObserverLogs;
    expect(body.logs).toHaveLength(5);
    expect(body.totalCount).toBeGreaterThan(5);
    expect(body.logs[0].timestamp >= body.logs[4].timestamp).toBe(true);
  });
});
