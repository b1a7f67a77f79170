import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { BuildPlane } from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  KubernetesClient,
  kubeConfigFor,
} from '../kubernetes/KubernetesClient';
import { planConnection } from './connectionPlan';
import { createConnector } from './createConnector';
import type { ObserverConfig } from '../observer/observerConfig';
import { ObserverResolver } from './observerTarget';
import type { PlanePolicy } from './planePolicy';

const strict = { allowInsecure: false };
const lax = { allowInsecure: true };

function plane(spec: BuildPlane['spec']): BuildPlane {
  return { metadata: { name: 'p', namespace: 'org' }, spec };
}

describe('BuildPlanes are input: insecure transports and odd ids are refused', () => {
  const server = setupServer();
  const requests: string[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    requests.length = 0;
    server.use(
      http.all('*', ({ request }) => {
        requests.push(`${request.method} ${request.url}`);
        return HttpResponse.json({
          apiVersion: 'v1',
          kind: 'Secret',
          data: { token: Buffer.from('T').toString('base64') },
        });
      }),
    );
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const controlPlane = new KubernetesClient(
    kubeConfigFor({ server: 'http://control-plane.test', token: 'cp' }),
    'control plane',
    5000,
  );
  const env = (policy: { allowInsecure: boolean }) => ({
    controlPlane,
    clusterGateway: { url: 'https://gateway.test' },
    timeoutMs: 5000,
    policy,
  });
  const connect = (bp: BuildPlane, policy: { allowInsecure: boolean }) =>
    createConnector(
      bp,
      planConnection(bp, { gatewayConfigured: true, policy }),
      env(policy),
    );

  const httpServer = plane({
    kubernetesCluster: {
      server: 'http://bp.test',
      auth: { bearerToken: { secretRef: { name: 'tok', key: 'token' } } },
    },
  });
  const skipVerify = plane({
    kubernetesCluster: {
      server: 'https://bp.test',
      tls: { insecureSkipVerify: true },
      auth: { bearerToken: { value: 'T' } },
    },
  });
  const httpV03 = plane({
    kubernetesCluster: { credentials: { apiServerURL: 'http://bp.test' } },
  });

  it.each([
    [
      'an http:// server',
      httpServer,
      /spec.kubernetesCluster.server is plain http:\/\/.*allowInsecureBuildPlanes/,
    ],
    [
      'tls.insecureSkipVerify',
      skipVerify,
      /spec.kubernetesCluster.tls.insecureSkipVerify is true.*allowInsecureBuildPlanes/,
    ],
    [
      'an http:// v0.3 apiServerURL',
      httpV03,
      /credentials.apiServerURL is plain http:\/\//,
    ],
    [
      'a file:// server',
      plane({ kubernetesCluster: { server: 'file:///etc/passwd' } }),
      /must be an https:\/\/ URL/,
    ],
    [
      'planeID ".."',
      plane({ planeID: '..', clusterAgent: {} }),
      /spec.planeID "\.\." is not a valid Kubernetes name/,
    ],
  ])(
    'refuses %s by default, naming the plane and field, before any request',
    async (_label, bp, reason) => {
      await expect(connect(bp, strict)).rejects.toThrow(
        /^build plane org\/p: /,
      );
      await expect(connect(bp, strict)).rejects.toThrow(reason);
      expect(
        planConnection(bp, { gatewayConfigured: true, policy: strict })
          .problems,
      ).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
      expect(requests).toEqual([]);
    },
  );

  it('accepts http:// and insecureSkipVerify when allowInsecureBuildPlanes is set', async () => {
    await expect(connect(httpServer, lax)).resolves.toMatchObject({
      mode: 'direct',
    });
    await expect(connect(skipVerify, lax)).resolves.toMatchObject({
      mode: 'direct',
    });
    expect(
      planConnection(httpServer, { gatewayConfigured: true, policy: lax })
        .problems,
    ).toEqual([]);
  });

  it('gives an http:// inline observer no target (its password would go in clear) unless allowed', async () => {
    const bp = plane({
      observer: {
        url: 'http://obs.test',
        authentication: { basicAuth: { username: 'u', password: 'pw' } },
      },
    });
    const noPlanes = { findObservabilityPlane: async () => undefined };
    const resolver = (
      config: ObserverConfig | undefined,
      policy: PlanePolicy,
    ) => new ObserverResolver(noPlanes, config, policy);
    expect(await resolver(undefined, strict).targetFor(bp)).toBeUndefined();
    expect(await resolver(undefined, strict).resolve(bp)).toMatchObject({
      refusal: expect.stringMatching(/spec.observer.url is plain http:\/\//),
    });
    expect(await resolver(undefined, lax).targetFor(bp)).toMatchObject({
      url: 'http://obs.test',
      source: 'inline',
    });
    expect(
      planConnection(bp, { gatewayConfigured: true, policy: strict })
        .problems[0],
    ).toMatch(/spec.observer.url is plain http:\/\//);
    // The configured observer is the operator's choice, not input.
    expect(
      await resolver(
        { url: 'http://configured.test', auth: { type: 'none' } },
        strict,
      ).targetFor(plane({})),
    ).toMatchObject({ source: 'config' });
  });
});
