import Ajv from 'ajv';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import type { BuildPlane } from '@openchoreo-build/plugin-openchoreo-build-common';
import { ServiceUnavailableError } from '@backstage/errors';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';
import {
  KubernetesClient,
  kubeConfigFor,
} from '../kubernetes/KubernetesClient';
import { planConnection } from './connectionPlan';
import { createConnector, gatewayServerUrl } from './createConnector';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const PEM = (label: string) =>
  `-----BEGIN CERTIFICATE-----\n${b64(label)}\n-----END CERTIFICATE-----`;

/** One BuildPlane per generation, each checked against the real CRD it claims to follow. */
const fixtures: Record<string, { crd: string; bp: BuildPlane }> = {
  'v0.3 direct credentials': {
    crd: 'buildplane-crd-history/openchoreo.dev_buildplanes-v0.3.0.yaml',
    bp: {
      metadata: { name: 'acme-build-plane', namespace: 'acme' },
      spec: {
        kubernetesCluster: {
          name: 'acme',
          credentials: {
            apiServerURL: 'https://bp-v03.test:6443',
            caCert: b64(PEM('ca')),
            clientCert: b64(PEM('cert')),
            clientKey: b64('KEY-V03'),
          },
        },
        observer: {
          url: 'https://observer.test',
          authentication: { basicAuth: { username: 'u', password: 'p-v03' } },
        },
      },
    },
  },
  'v0.7 bearer token from a Secret': {
    crd: 'buildplane-crd-history/openchoreo.dev_buildplanes-v0.7.0.yaml',
    bp: {
      metadata: { name: 'bp07', namespace: 'org7' },
      spec: {
        kubernetesCluster: {
          server: 'https://bp-v07.test',
          tls: { ca: { value: PEM('ca7') } },
          auth: {
            bearerToken: { secretRef: { name: 'bp-token', key: 'token' } },
          },
        },
        observer: {
          url: 'https://observer.test',
          authentication: { basicAuth: { username: 'u', password: 'p' } },
        },
      },
    },
  },
  'v0.7 mTLS inline': {
    crd: 'buildplane-crd-history/openchoreo.dev_buildplanes-v0.7.0.yaml',
    bp: {
      metadata: { name: 'bp07m', namespace: 'org7' },
      spec: {
        kubernetesCluster: {
          server: 'https://bp-v07m.test',
          tls: { ca: { value: PEM('ca') } },
          auth: {
            mtls: {
              clientCert: { value: PEM('c') },
              clientKey: {
                secretRef: {
                  name: 'bp-key',
                  key: 'tls.key',
                  namespace: 'secrets',
                },
              },
            },
          },
        },
        observer: {
          url: 'https://observer.test',
          authentication: { basicAuth: { username: 'u', password: 'p' } },
        },
      },
    },
  },
  'v0.7 agent enabled': {
    crd: 'buildplane-crd-history/openchoreo.dev_buildplanes-v0.7.0.yaml',
    bp: {
      metadata: { name: 'default', namespace: 'default' },
      spec: {
        agent: { enabled: true, clientCA: { value: PEM('agent-ca') } },
        kubernetesCluster: {
          server: 'https://ignored.test',
          tls: { ca: { value: PEM('x') } },
          auth: { bearerToken: { value: 'IGNORED' } },
        },
        observer: {
          url: 'https://observer.test',
          authentication: { basicAuth: { username: 'u', password: 'p' } },
        },
      },
    },
  },
  'v0.8 observabilityPlaneRef': {
    crd: 'buildplane-crd-history/openchoreo.dev_buildplanes-v0.8.0.yaml',
    bp: {
      metadata: { name: 'bp08', namespace: 'org8' },
      spec: {
        kubernetesCluster: {
          server: 'https://bp-v08.test',
          tls: { ca: { value: PEM('ca') } },
          auth: { bearerToken: { value: 'TOKEN-V08' } },
        },
        observabilityPlaneRef: 'default',
      },
    },
  },
  'v0.9 clusterAgent': {
    crd: 'crds-v0.9.0/openchoreo.dev_buildplanes.yaml',
    bp: {
      metadata: { name: 'platform-build-plane', namespace: 'platform' },
      spec: {
        planeID: 'shared-builder',
        clusterAgent: { clientCA: { value: PEM('ca9') } },
        secretStoreRef: { name: 'default' },
        observabilityPlaneRef: 'default',
      },
    },
  },
};

const expectedPlans: Record<string, object> = {
  'v0.3 direct credentials': {
    generation: 'v0.3',
    mode: 'direct',
    authMethod: 'clientCertificate',
    apiServerURL: 'https://bp-v03.test:6443',
  },
  'v0.7 bearer token from a Secret': {
    generation: 'v0.4-v0.8',
    mode: 'direct',
    authMethod: 'bearerToken',
  },
  'v0.7 mTLS inline': {
    generation: 'v0.4-v0.8',
    mode: 'direct',
    authMethod: 'clientCertificate',
  },
  'v0.7 agent enabled': {
    generation: 'v0.4-v0.8',
    mode: 'agent',
    planeID: 'default',
    gatewayRoute: { form: 'planeName', planeName: 'default' },
  },
  'v0.8 observabilityPlaneRef': {
    generation: 'v0.4-v0.8',
    mode: 'direct',
    // The URL is the ObservabilityPlane's observerURL, read when the plane is checked.
    observer: {
      source: 'observabilityPlane',
      observabilityPlaneRef: 'default',
      authentication: 'basic',
    },
  },
  'v0.9 clusterAgent': {
    generation: 'v0.9+',
    mode: 'agent',
    authMethod: 'gatewayClientCertificate',
    planeID: 'shared-builder',
    gatewayRoute: {
      form: 'planeIdAndCr',
      planeID: 'shared-builder',
      namespace: 'platform',
      name: 'platform-build-plane',
    },
  },
};

const environment = {
  gatewayConfigured: true,
  observer: { url: 'http://obs-config.test', auth: 'basic' as const },
};

describe('planConnection', () => {
  it.each(Object.keys(fixtures))(
    '%s: fixture matches the real CRD and picks the right mode',
    label => {
      const { crd, bp } = fixtures[label];
      const [definition] = loadReferenceYaml<{
        spec: { versions: Array<{ schema: { openAPIV3Schema: object } }> };
      }>(referencePath('openchoreo', crd));
      const validate = new Ajv({ strict: false }).compile(
        definition.spec.versions[0].schema.openAPIV3Schema,
      );
      expect(
        validate({
          apiVersion: 'openchoreo.dev/v1alpha1',
          kind: 'BuildPlane',
          ...bp,
        }),
      ).toBe(true);
      expect(planConnection(bp, environment)).toMatchObject({
        ...expectedPlans[label],
        problems: [],
      });
    },
  );

  it('treats a kubeconfig Secret (clusterRef, in no BuildPlane CRD) as unconfigured, and unconfigured planes', () => {
    const clusterRefPlane = {
      metadata: { name: 'k' },
      spec: { kubernetesCluster: { clusterRef: { name: 'kc' } } },
    } as unknown as BuildPlane;
    expect(planConnection(clusterRefPlane, environment)).toMatchObject({
      mode: 'unconfigured',
      problems: [
        expect.stringMatching(/clusterRef .* not supported/),
        expect.stringMatching(/neither/),
      ],
    });
    expect(
      planConnection({ metadata: { name: 'x' }, spec: {} }, environment),
    ).toMatchObject({
      mode: 'unconfigured',
      problems: [expect.stringMatching(/neither/)],
    });
    expect(
      planConnection(fixtures['v0.9 clusterAgent'].bp, {
        gatewayConfigured: false,
      }).problems[0],
    ).toMatch(/clusterGateway.url/);
  });
});

describe('connectors', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const controlPlane = new KubernetesClient(
    kubeConfigFor({ server: 'http://control-plane.test', token: 'cp-token' }),
    'control plane',
    5000,
  );
  const env = {
    controlPlane,
    clusterGateway: {
      url: 'https://gateway.test:8443/',
      caData: PEM('gw-ca'),
      clientCert: b64(PEM('gw-cert')),
      clientKey: b64('GW-KEY'),
    },
    timeoutMs: 5000,
    policy: { allowInsecure: false },
  };
  const secret = (data: Record<string, string>) =>
    HttpResponse.json({
      apiVersion: 'v1',
      kind: 'Secret',
      data: Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, b64(v)]),
      ),
    });
  const workflowPath =
    'apis/argoproj.io/v1alpha1/namespaces/openchoreo-ci-org/workflows/run-1';
  const connectorFor = (label: string) => {
    const { bp } = fixtures[label];
    return createConnector(bp, planConnection(bp, environment), env);
  };

  it('v0.3: talks straight to credentials.apiServerURL', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`https://bp-v03.test:6443/${workflowPath}`, ({ request }) => {
        seen.push(request.url);
        return HttpResponse.json({
          metadata: { name: 'run-1' },
          status: { phase: 'Running' },
        });
      }),
    );
    const connector = await connectorFor('v0.3 direct credentials');
    expect(connector.mode).toBe('direct');
    expect(connector.capabilities).toEqual({ watch: true, followLogs: true });
    expect(
      (await connector.findWorkflow('openchoreo-ci-org', 'run-1'))?.status
        ?.phase,
    ).toBe('Running');
    expect(seen).toHaveLength(1);
  });

  it('v0.4–v0.8: resolves a bearer token secretRef from the control plane', async () => {
    let authorization: string | null = null;
    server.use(
      http.get(
        'http://control-plane.test/api/v1/namespaces/org7/secrets/bp-token',
        ({ request }) => {
          expect(request.headers.get('authorization')).toBe('Bearer cp-token');
          return secret({ token: 'BP-TOKEN-123\n' });
        },
      ),
      http.get(`https://bp-v07.test/${workflowPath}`, ({ request }) => {
        authorization = request.headers.get('authorization');
        return new HttpResponse(
          JSON.stringify({ kind: 'Status', code: 404, message: 'not found' }),
          { status: 404 },
        );
      }),
    );
    const connector = await connectorFor('v0.7 bearer token from a Secret');
    expect(
      await connector.findWorkflow('openchoreo-ci-org', 'run-1'),
    ).toBeUndefined();
    expect(authorization).toBe('Bearer BP-TOKEN-123');
  });

  it('v0.4–v0.8: names the missing Secret when a secretRef cannot be read', async () => {
    server.use(
      http.get(
        'http://control-plane.test/api/v1/namespaces/org7/secrets/bp-token',
        () =>
          new HttpResponse(JSON.stringify({ kind: 'Status', code: 404 }), {
            status: 404,
          }),
      ),
    );
    await expect(
      connectorFor('v0.7 bearer token from a Secret'),
    ).rejects.toThrow(
      new ServiceUnavailableError(
        'build plane org7/bp07: spec.kubernetesCluster.auth.bearerToken names Secret org7/bp-token, which does not exist in the control plane',
      ),
    );
  });

  it('v0.4–v0.8: refuses a secretRef into another namespace without reading it', async () => {
    const reads: string[] = [];
    server.use(
      http.all('http://control-plane.test/*', ({ request }) => {
        reads.push(request.url);
        return secret({ 'tls.key': 'STOLEN' });
      }),
    );
    await expect(connectorFor('v0.7 mTLS inline')).rejects.toThrow(
      new ServiceUnavailableError(
        'build plane org7/bp07m: spec.kubernetesCluster.auth.mtls.clientKey.secretRef.namespace is "secrets", but Secrets are read only from the plane\'s own namespace "org7"',
      ),
    );
    expect(reads).toEqual([]);
  });

  it('agent mode: v0.9 planes take the 6-part path with planeID, v0.7/v0.8 planes the 4-part path with their name', async () => {
    const requests: Array<{
      method: string;
      url: string;
      type: string | null;
      body: string;
    }> = [];
    server.use(
      http.all('https://gateway.test:8443/*', async ({ request }) => {
        requests.push({
          method: request.method,
          url: request.url,
          type: request.headers.get('content-type'),
          body: await request.text(),
        });
        return HttpResponse.json({
          metadata: { name: 'run-1' },
          spec: { shutdown: 'Terminate' },
        });
      }),
    );
    const v09 = await connectorFor('v0.9 clusterAgent');
    expect(v09.capabilities).toEqual({ watch: false, followLogs: false });
    await v09.terminateWorkflow('openchoreo-ci-org', 'run-1');
    const v07 = await connectorFor('v0.7 agent enabled');
    await v07.findWorkflow('openchoreo-ci-org', 'run-1');
    expect(requests).toEqual([
      {
        method: 'PATCH',
        url: `https://gateway.test:8443/api/proxy/buildplane/shared-builder/platform/platform-build-plane/k8s/${workflowPath}`,
        type: 'application/merge-patch+json',
        body: '{"spec":{"shutdown":"Terminate"}}',
      },
      {
        method: 'GET',
        // internal/clients/kubernetes/client.go@v0.7.0:267-279, proxy_client.go@v0.7.0:69 and @v0.8.0:69.
        url: `https://gateway.test:8443/api/proxy/buildplane/default/k8s/${workflowPath}`,
        type: null,
        body: '',
      },
    ]);
    expect(
      gatewayServerUrl('https://g/', {
        form: 'planeIdAndCr',
        planeID: 'p',
        namespace: 'n s',
        name: 'x',
      }),
    ).toBe('https://g/api/proxy/buildplane/p/n%20s/x/k8s');
    expect(
      gatewayServerUrl('https://g/', { form: 'planeName', planeName: 'a b' }),
    ).toBe('https://g/api/proxy/buildplane/a%20b/k8s');
  });

  it("agent mode: maps the gateway's own plain-text answers to clear errors", async () => {
    // What OpenChoreo's gateway writes with http.Error (internal/cluster-gateway/server.go@v0.9.0).
    let answer = { status: 200, text: '' };
    server.use(
      http.all(
        'https://gateway.test:8443/*',
        () =>
          new HttpResponse(`${answer.text}\n`, {
            status: answer.status,
            headers: { 'Content-Type': 'text/plain; charset=utf-8' },
          }),
      ),
    );
    const connector = await connectorFor('v0.9 clusterAgent');
    const failureOf = async (status: number, text: string) => {
      answer = { status, text };
      const error = await connector
        .listExternalSecrets('openchoreo-ci-platform')
        .then(
          () => undefined,
          (e: Error & { statusCode?: number }) => e,
        );
      return {
        name: error?.name,
        statusCode: error?.statusCode,
        message: error?.message,
      };
    };
    const label =
      'build plane platform/platform-build-plane (via cluster gateway)';

    // connection_manager.go@v0.9.0:151 → 503 saying what to check.
    const noAgent = await failureOf(
      502,
      'proxy request failed: failed to send HTTP tunnel request: no agents found for plane buildplane/shared-builder',
    );
    expect(noAgent.name).toBe('ServiceUnavailableError');
    expect(noAgent.message).toContain(
      `${label}: the build plane's agent is not connected to the cluster gateway (no agent registered as buildplane/shared-builder)`,
    );
    expect(noAgent.message).toContain('status.agentConnection');

    // server.go@v0.9.0:557 → 504.
    expect(
      await failureOf(502, 'proxy request failed: HTTP tunnel request timeout'),
    ).toMatchObject({ name: 'GatewayTimeoutError', statusCode: 504 });

    // server.go@v0.9.0:515 → 501, explained.
    const streaming = await failureOf(
      501,
      'Streaming operations (watch, logs -f, exec, port-forward) are not yet supported through the HTTP proxy. Use the CQRS API (/api/k8s-resources/) for resource operations, or connect directly to the data plane for streaming operations.',
    );
    expect(streaming.name).toBe('NotImplementedError');
    expect(streaming.message).toContain('polled');

    // validator.go@v0.9.0:61-66 → "the gateway refused", with the path-form hint.
    const target = await failureOf(403, 'Target not allowed: platform');
    expect(target).toMatchObject({ name: 'BadGatewayError', statusCode: 502 });
    expect(target.message).toMatch(
      /^the cluster gateway refused listing ExternalSecret in openchoreo-ci-platform for build plane .* \(HTTP 403\): Target not allowed: platform; the gateway read the path in another release's form/,
    );
  });

  it('never reads a clusterRef kubeconfig Secret, so its exec command never runs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-clusterref-'));
    const marker = path.join(dir, 'exec-ran');
    const kubeconfig = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://bp-kubeconfig.test"}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ["-c", "touch ${marker}"]}}}]
contexts: [{name: ctx, context: {cluster: c, user: u}}]
current-context: ctx
`;
    const requests: string[] = [];
    server.use(
      http.all('http://control-plane.test/*', ({ request }) => {
        requests.push(request.url);
        return secret({ kubeconfig });
      }),
      http.all('https://bp-kubeconfig.test/*', ({ request }) => {
        requests.push(request.url);
        return HttpResponse.json({});
      }),
    );
    const bp = {
      metadata: { name: 'kc', namespace: 'org' },
      spec: {
        kubernetesCluster: {
          clusterRef: { name: 'bp-kubeconfig', namespace: 'org' },
        },
      },
    } as unknown as BuildPlane;
    await expect(
      createConnector(bp, planConnection(bp, environment), env),
    ).rejects.toThrow(/clusterRef .* not supported/);
    expect(requests).toEqual([]);
    expect(fs.existsSync(marker)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('maps unreachable planes to 503 naming the plane', async () => {
    const bp: BuildPlane = {
      metadata: { name: 'down', namespace: 'org' },
      spec: {
        kubernetesCluster: {
          server: 'http://127.0.0.1:1',
          auth: { bearerToken: { value: 't' } },
        },
      },
    };
    server.use(http.get('http://127.0.0.1:1/*', () => passthrough()));
    const connector = await createConnector(
      bp,
      planConnection(bp, environment),
      { ...env, policy: { allowInsecure: true } },
    );
    await expect(connector.probe()).rejects.toThrow(
      new ServiceUnavailableError(
        'build plane org/down (direct) is unreachable (ECONNREFUSED) for API discovery',
      ),
    );
  });
});
