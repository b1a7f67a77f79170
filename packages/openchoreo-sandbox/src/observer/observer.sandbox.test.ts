import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import {
  GROUP,
  Harness,
  rawRequest,
  runBody,
  startHarness,
  VERSION,
} from '../__testUtils__/harness';
import type { SandboxEndpoints } from '../sandbox';
import {
  BuildLogsAnswer,
  BuildLogEntry,
  postBuildLogs,
} from './__testUtils__/servers';

/**
 * The sandbox's observer as a client meets it: credentials from `endpoints.observer.auth`, and
 * archived lines filed by the pod's UID (`kubernetes.pod_id`, `ParseLogEntry` in
 * `internal/observer/opensearch/types.go@v0.9.0`) with the labels the Argo emulation gives pods
 * (`workflows.argoproj.io/workflow`, `workflows.argoproj.io/completed`), kept after the pods are gone.
 */

jest.setTimeout(60000);

const BUILD_NS = 'openchoreo-ci-default';

/** A bearer token by the client-credentials grant the endpoints describe. */
async function bearer(
  auth: SandboxEndpoints['observer']['auth'],
): Promise<string> {
  if (auth.type !== 'jwt') throw new Error(`expected jwt, got ${auth.type}`);
  const res = await rawRequest(auth.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: auth.clientId,
      client_secret: auth.clientSecret,
    }).toString(),
  });
  expect(res.status).toBe(200);
  return `Bearer ${JSON.parse(res.body).access_token}`;
}

/** Every archived line of a run from the last day (one page: the runs are small). */
async function archive(
  h: Harness,
  run: string,
  authorization?: string,
): Promise<BuildLogEntry[]> {
  const res = await postBuildLogs(
    h.sandbox.endpoints.observer.url,
    run,
    {
      startTime: new Date(Date.now() - 86400000).toISOString(),
      endTime: new Date(Date.now() + 60000).toISOString(),
      limit: 10000,
    },
    {
      'Content-Type': 'application/json',
      ...(authorization ? { Authorization: authorization } : {}),
    },
  );
  expect(res.status).toBe(200);
  const body = JSON.parse(res.body) as BuildLogsAnswer;
  expect(body.totalCount).toBe(body.logs.length);
  return body.logs;
}

describe('the sandbox observer (jwt, the default)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ seed: true });
  });
  afterAll(() => h.close());

  it('describes client-credentials access in endpoints.observer.auth', () => {
    const { auth, url } = h.sandbox.endpoints.observer;
    expect(auth).toEqual({
      type: 'jwt',
      tokenUrl: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+\/oauth2\/token$/,
      ),
      clientId: expect.any(String),
      clientSecret: expect.any(String),
      audience: 'openchoreo-observer',
    });
    // The issuer is its own origin, not the observer's.
    expect(new URL((auth as { tokenUrl: string }).tokenUrl).origin).not.toBe(
      new URL(url).origin,
    );
  });

  it("files a run's lines by the UIDs of its pods, with the pods' labels, also once the pods are gone", async () => {
    const name = 'greeter-service-workflow-0b5e1d2a';
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
    const pods = await h.build.makeApiClient(CoreV1Api).listNamespacedPod({
      namespace: BUILD_NS,
      labelSelector: `workflows.argoproj.io/workflow=${name}`,
    });
    const uids = pods.items.map(p => p.metadata!.uid!);
    const podNames = pods.items.map(p => p.metadata!.name!);
    expect(uids.length).toBeGreaterThan(1);

    const authorization = await bearer(h.sandbox.endpoints.observer.auth);
    expect(
      (await postBuildLogs(h.sandbox.endpoints.observer.url, name, {})).status,
    ).toBe(401);
    const lines = await archive(h, name, authorization);
    expect(new Set(lines.map(l => l.podId))).toEqual(new Set(uids));
    for (const l of lines) expect(podNames).not.toContain(l.podId);
    expect(new Set(lines.map(l => l.containerName))).toEqual(
      new Set(['init', 'wait', 'main']),
    );
    for (const l of lines) {
      expect(l.namespace).toBe(BUILD_NS);
      // The labels Argo puts on step pods, as the collector saw them (it caches pod metadata).
      expect(l.labels).toEqual({
        'workflows.argoproj.io/completed':
          expect.stringMatching(/^(true|false)$/),
        'workflows.argoproj.io/workflow': name,
      });
    }

    // Deleting the Workflow takes its pods; the archive keeps the lines.
    await h.build.makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      plural: 'workflows',
      namespace: BUILD_NS,
      name,
    });
    for (const pod of podNames)
      await h.sandbox.waitForObject(
        h.sandbox.buildPlane,
        'v1',
        'pods',
        BUILD_NS,
        pod,
        p => !p,
      );
    expect(await archive(h, name, authorization)).toEqual(lines);
  });

  it('serves the seeded expired runs (no Workflow, no pods) by pod UID', async () => {
    const runs = h.sandbox.controlPlane.list(
      'openchoreo.dev/v1alpha1',
      'componentworkflowruns',
      'default',
    );
    const workflows = new Set(
      h.sandbox.buildPlane
        .list('argoproj.io/v1alpha1', 'workflows', BUILD_NS)
        .map(w => w.metadata.name),
    );
    const expired = runs.filter(
      r => r.status && !workflows.has(r.metadata.name),
    );
    expect(expired.length).toBeGreaterThan(0);
    const authorization = await bearer(h.sandbox.endpoints.observer.auth);
    const res = await postBuildLogs(
      h.sandbox.endpoints.observer.url,
      expired[0].metadata.name!,
      {
        startTime: new Date(Date.now() - 7 * 86400000).toISOString(),
        endTime: new Date().toISOString(),
        limit: 5,
        sortOrder: 'desc',
      },
      { 'Content-Type': 'application/json', Authorization: authorization },
    );
    const body = JSON.parse(res.body) as BuildLogsAnswer;
    expect(body.logs).toHaveLength(5);
    expect(body.totalCount).toBeGreaterThan(5);
    // RFC3339Nano trims trailing zeros (Go's time format), so the strings differ in length:
    // compare instants, not text.
    expect(Date.parse(body.logs[0].timestamp)).toBeGreaterThanOrEqual(
      Date.parse(body.logs[4].timestamp),
    );
    for (const l of body.logs)
      expect(l.podId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
  });
});

describe('the sandbox observer in basic and none modes', () => {
  it('takes the basic credentials of endpoints.observer.auth in basic mode', async () => {
    const h = await startHarness({ observerAuth: 'basic' });
    try {
      const { auth, url } = h.sandbox.endpoints.observer;
      expect(auth.type).toBe('basic');
      if (auth.type !== 'basic') return;
      const basic = `Basic ${Buffer.from(
        `${auth.username}:${auth.password}`,
      ).toString('base64')}`;
      const body = {
        startTime: '2024-05-01T09:00:00Z',
        endTime: '2024-05-01T11:00:00Z',
      };
      expect((await postBuildLogs(url, 'run-1', body)).status).toBe(401);
      const res = await postBuildLogs(url, 'run-1', body, {
        'Content-Type': 'application/json',
        Authorization: basic,
      });
      expect(res.status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('needs no credentials in none mode', async () => {
    const h = await startHarness({ observerAuth: 'none' });
    try {
      expect(h.sandbox.endpoints.observer.auth).toEqual({ type: 'none' });
      const res = await postBuildLogs(
        h.sandbox.endpoints.observer.url,
        'run-1',
        {
          startTime: '2024-05-01T09:00:00Z',
          endTime: '2024-05-01T11:00:00Z',
        },
      );
      expect(res.status).toBe(200);
    } finally {
      await h.close();
    }
  });
});
