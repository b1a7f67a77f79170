import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ConfigReader } from '@backstage/config';
import type { BuildPlane } from '@openchoreo-build/plugin-openchoreo-build-common';
import { readPluginConfig } from '../config/pluginConfig';
import { ControlPlane } from '../controlplane/ControlPlane';
import {
  KubernetesClient,
  kubeConfigFor,
} from '../kubernetes/KubernetesClient';
import { BuildPlaneRegistry } from './BuildPlaneRegistry';
import { BuildPlaneService } from './BuildPlaneService';

const UPSTREAM = 'UPSTREAM-BODY-secret-from-attacker';

const bp: BuildPlane = {
  metadata: { name: 'p', namespace: 'org', uid: 'u1', resourceVersion: '7' },
  spec: {
    kubernetesCluster: {
      server: 'https://bp.test',
      auth: { bearerToken: { value: 'T' } },
    },
    observer: {
      url: 'https://obs.test',
      authentication: { basicAuth: { username: 'u', password: 'pw' } },
    },
  },
};

describe('BuildPlaneService live checks', () => {
  const server = setupServer();
  const hits: string[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    hits.length = 0;
    server.use(
      // API discovery: a v0.9 control plane (GenerationDetector).
      http.get('http://control-plane.test/apis/openchoreo.dev/v1alpha1', () =>
        HttpResponse.json({
          kind: 'APIResourceList',
          resources: [
            { name: 'buildplanes' },
            { name: 'componentworkflowruns' },
          ],
        }),
      ),
      http.get(
        'http://control-plane.test/apis/openchoreo.dev/v1alpha1/namespaces/org/buildplanes',
        () => HttpResponse.json({ items: [bp] }),
      ),
      http.all('https://bp.test/*', ({ request }) => {
        hits.push(request.url);
        return HttpResponse.json(
          { kind: 'Status', code: 401, message: UPSTREAM },
          { status: 401 },
        );
      }),
      http.all('https://obs.test/*', ({ request }) => {
        hits.push(request.url);
        return new HttpResponse(UPSTREAM, { status: 500 });
      }),
    );
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  function service(liveCheckIntervalMs?: number) {
    const config = readPluginConfig(
      new ConfigReader({
        openchoreo: {
          build: {
            controlPlane: { url: 'http://control-plane.test', token: 'cp' },
          },
        },
      }),
    );
    const controlPlane = new ControlPlane(
      new KubernetesClient(
        kubeConfigFor({ server: 'http://control-plane.test', token: 'cp' }),
        'control plane',
        5000,
      ),
    );
    return new BuildPlaneService(
      controlPlane,
      new BuildPlaneRegistry(controlPlane, config),
      config,
      { liveCheckIntervalMs },
    );
  }

  it('runs at most one real check per plane per interval; later callers get that result and its time', async () => {
    const plans = service();
    const [first, concurrent] = await Promise.all([
      plans.detail('org', 'p'),
      plans.detail('org', 'p'),
    ]);
    const later = await plans.detail('org', 'p');
    expect(hits).toEqual([
      'https://bp.test/api/v1',
      'https://obs.test/api/logs/build/reachability-probe',
    ]);
    expect(concurrent.checkedAt).toBe(first.checkedAt);
    expect(later.checkedAt).toBe(first.checkedAt);
    expect(later.checks).toEqual(first.checks);

    const eager = service(0);
    await eager.detail('org', 'p');
    await eager.detail('org', 'p');
    expect(hits).toHaveLength(6);
  });

  it('never reflects what the plane or observer answered, only the status class', async () => {
    const detail = await service().detail('org', 'p');
    expect(JSON.stringify(detail)).not.toContain(UPSTREAM);
    expect(detail.checks).toEqual([
      expect.objectContaining({
        target: 'kubernetesApi',
        status: 'failed',
        httpStatus: 401,
        message: expect.stringMatching(
          /refused the backend's credentials for API discovery \(HTTP 401\)$/,
        ),
      }),
      expect.objectContaining({
        target: 'observer',
        status: 'failed',
        httpStatus: 500,
        message: 'The observer answered HTTP 500',
      }),
    ]);
  });
});
