import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { once } from 'node:events';
import { ConfigReader } from '@backstage/config';
import { startSandbox } from '@openchoreo-build/sandbox';
import type {
  ArgoWorkflow,
  BuildPlane,
  Component,
  KubernetesList,
  KubernetesObject,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { readPluginConfig } from '../config/pluginConfig';
import { ControlPlane } from '../controlplane/ControlPlane';
import { ciNamespaceFor, RESOURCE_TYPES } from '../controlplane/resourceTypes';
import { kubeGet, kubeGetJson, podPath } from '../logs/kubeRequest';
import { httpRequest } from '../http/httpRequest';
import {
  KubernetesClient,
  kubeConfigFor,
} from '../kubernetes/KubernetesClient';
import { BuildPlaneRegistry } from './BuildPlaneRegistry';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const b64 = (text: string) => Buffer.from(text).toString('base64');
const pem = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

describe('build planes against a real sandbox', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-build-bp-'));
    // Workflows and pods stay until the tests are done (the gateway tests read them).
    sandbox = await startSandbox({
      portBase: 0,
      speed: 'fast',
      stateDir,
      ttlSecondsAfterCompletion: 3600,
    });
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  function registry(
    options: {
      secretRecheckMs?: number;
      allowInsecure?: boolean;
      /** Configure the sandbox's cluster gateway (agent-mode planes). */
      gateway?: boolean;
    } = {},
  ) {
    const { controlPlane, clusterGateway } = sandbox.endpoints;
    const config = readPluginConfig(
      new ConfigReader({
        openchoreo: {
          build: {
            controlPlane: { url: controlPlane.url, token: controlPlane.token },
            allowInsecureBuildPlanes: options.allowInsecure ?? false,
            ...(options.gateway
              ? {
                  clusterGateway: {
                    url: clusterGateway.url,
                    caData: clusterGateway.caData,
                    clientCert: clusterGateway.clientCertData,
                    clientKey: clusterGateway.clientKeyData,
                  },
                }
              : {}),
          },
        },
      }),
    );
    const cp = new ControlPlane(
      new KubernetesClient(
        kubeConfigFor({ server: controlPlane.url, token: controlPlane.token }),
        'control plane',
        5000,
      ),
    );
    return new BuildPlaneRegistry(cp, config, {
      secretRecheckMs: options.secretRecheckMs,
    });
  }

  function writeToken(name: string, token: string) {
    const existing = sandbox.controlPlane.get('v1', 'secrets', 'acme', name);
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: 'acme' },
      data: { token: b64(token) },
    };
    if (existing)
      sandbox.controlPlane.update(
        {
          ...secret,
          metadata: {
            ...secret.metadata,
            resourceVersion: existing.metadata.resourceVersion,
          },
        },
        'secrets',
      );
    else sandbox.controlPlane.create(secret, 'secrets');
  }

  function tokenPlane(secretName: string): BuildPlane {
    const { buildPlane } = sandbox.endpoints;
    return {
      metadata: {
        name: `rotating-${secretName}`,
        namespace: 'acme',
        uid: secretName,
        resourceVersion: '1',
        generation: 1,
      },
      spec: {
        kubernetesCluster: {
          server: buildPlane.url,
          tls: { ca: { value: pem(buildPlane.caData) } },
          auth: {
            bearerToken: { secretRef: { name: secretName, key: 'token' } },
          },
        },
      },
    };
  }

  it('picks up a rotated token Secret on the next request after the plane refused the old one, without a restart', async () => {
    writeToken('bp-token-a', 'revoked-token');
    const planes = registry();
    const bp = tokenPlane('bp-token-a');
    const before = await planes.connectorFor(bp);
    await expect(
      before.findWorkflow('openchoreo-ci-acme', 'no-such-run'),
    ).rejects.toThrow(/refused the backend's credentials .*HTTP 401/);

    writeToken('bp-token-a', sandbox.endpoints.buildPlane.token);
    const after = await planes.connectorFor(bp);
    expect(after).not.toBe(before);
    await expect(
      after.findWorkflow('openchoreo-ci-acme', 'no-such-run'),
    ).resolves.toBeUndefined();
    // Nothing changed since: the connector is reused.
    expect(await planes.connectorFor(bp)).toBe(after);
  });

  it('re-checks the Secrets after the recheck interval, so a rotation applies even while the old token works', async () => {
    writeToken('bp-token-b', sandbox.endpoints.buildPlane.token);
    const planes = registry({ secretRecheckMs: 0 });
    const bp = tokenPlane('bp-token-b');
    const first = await planes.connectorFor(bp);
    expect(await planes.connectorFor(bp)).toBe(first);
    writeToken('bp-token-b', sandbox.endpoints.buildPlane.readOnlyToken);
    const rotated = await planes.connectorFor(bp);
    expect(rotated).not.toBe(first);
    await expect(
      rotated.findWorkflow('openchoreo-ci-acme', 'no-such-run'),
    ).resolves.toBeUndefined();
    // A new BuildPlane version builds a new connector too.
    const edited = await planes.connectorFor({
      ...bp,
      metadata: { ...bp.metadata, resourceVersion: '2', generation: 2 },
    });
    expect(edited).not.toBe(rotated);
  });

  it('never follows a redirect with the plane credentials (bearer token, client certificate)', async () => {
    const { clusterGateway } = sandbox.endpoints;
    // Any key pair serves for TLS here: the plane skips verification (allowed for this test only).
    const tls = {
      key: pem(clusterGateway.clientKeyData),
      cert: pem(clusterGateway.clientCertData),
    };
    const elsewhere: Array<{ authorization?: string; clientCert: boolean }> =
      [];
    const other = https.createServer(
      { ...tls, requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        const cert = (req.socket as TLSSocket).getPeerCertificate();
        elsewhere.push({
          authorization: req.headers.authorization,
          clientCert: Boolean(cert && Object.keys(cert).length > 0),
        });
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end('{"metadata":{"name":"stolen"}}');
      },
    );
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    const target = `https://localhost:${(other.address() as AddressInfo).port}`;
    const redirecting = https.createServer(tls, (req, res) =>
      res.writeHead(302, { Location: `${target}${req.url}` }).end(),
    );
    redirecting.listen(0, '127.0.0.1');
    await once(redirecting, 'listening');
    const origin = `https://127.0.0.1:${
      (redirecting.address() as AddressInfo).port
    }`;
    const plain = http.createServer((req, res) =>
      res.writeHead(302, { Location: `${target}${req.url}` }).end(),
    );
    plain.listen(0, '127.0.0.1');
    await once(plain, 'listening');
    const plainOrigin = `http://127.0.0.1:${
      (plain.address() as AddressInfo).port
    }`;
    try {
      const bp: BuildPlane = {
        metadata: {
          name: 'redirecting',
          namespace: 'acme',
          uid: 'r',
          resourceVersion: '1',
        },
        spec: {
          kubernetesCluster: {
            server: origin,
            tls: { insecureSkipVerify: true },
            auth: {
              bearerToken: { value: 'PLANE-TOKEN' },
              mtls: {
                clientCert: { value: tls.cert },
                clientKey: { value: tls.key },
              },
            },
          },
        },
      };
      const connector = await registry({ allowInsecure: true }).connectorFor(
        bp,
      );
      await expect(
        connector.findWorkflow('openchoreo-ci-acme', 'run'),
      ).rejects.toThrow(/HTTP 302/);
      await expect(connector.probe()).rejects.toThrow(/HTTP 302/);
      // The observer/gateway client (httpRequest) does not follow either.
      const res = await httpRequest(`${plainOrigin}/api/logs`, {
        headers: { Authorization: 'Basic c2VjcmV0' },
        timeoutMs: 5000,
      });
      expect(res.status).toBe(302);
      expect(elsewhere).toEqual([]);
    } finally {
      plain.close();
      redirecting.close();
      other.close();
    }
  });

  /** Starts a run of the org's greeter-service and resolves with its name once it succeeded. */
  async function succeededRun(org: string, name: string): Promise<string> {
    const component = sandbox.controlPlane.get(
      'openchoreo.dev/v1alpha1',
      'components',
      org,
      'greeter-service',
    ) as unknown as Component;
    sandbox.controlPlane.create(
      {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'ComponentWorkflowRun',
        metadata: { name, namespace: org },
        spec: {
          owner: {
            projectName: component.spec?.owner?.projectName,
            componentName: 'greeter-service',
          },
          workflow: component.spec?.workflow,
        },
      },
      'componentworkflowruns',
    );
    await sandbox.waitForRunCondition(org, name, 'WorkflowSucceeded');
    return name;
  }

  /** A seeded BuildPlane as the backend reads it. */
  const seededPlane = (namespace: string, name: string) =>
    sandbox.controlPlane.get(
      'openchoreo.dev/v1alpha1',
      'buildplanes',
      namespace,
      name,
    ) as unknown as BuildPlane;

  it.each([
    {
      generation: 'v0.7 (agent.enabled)',
      org: 'default',
      plane: 'default',
      // internal/clients/kubernetes/client.go@v0.7.0:267-279, proxy_client.go@v0.7.0:69
      route: '/api/proxy/buildplane/default/k8s',
      run: 'greeter-service-workflow-0a7a0a7a',
    },
    {
      generation: 'v0.9 (clusterAgent, planeID)',
      org: 'platform',
      plane: 'platform-build-plane',
      // internal/clients/kubernetes/proxy_client.go@v0.9.0:97
      route:
        '/api/proxy/buildplane/shared-builder/platform/platform-build-plane/k8s',
      run: 'greeter-service-workflow-0a9a0a9a',
    },
  ])(
    'reaches the $generation plane on its own gateway path: workflow, pods and a step log',
    async ({ org, plane, route, run }) => {
      await succeededRun(org, run);
      const connector = await registry({ gateway: true }).connectorFor(
        seededPlane(org, plane),
      );
      expect(connector.mode).toBe('agent');
      expect(connector.kubernetes.serverUrl).toBe(
        `${sandbox.endpoints.clusterGateway.url}${route}`,
      );
      const namespace = ciNamespaceFor(org);
      const workflows = await connector.kubernetes.list<ArgoWorkflow>(
        RESOURCE_TYPES.argoWorkflow,
        namespace,
      );
      expect(workflows.items.map(w => w.metadata?.name)).toContain(run);
      expect(
        (await connector.findWorkflow(namespace, run))?.status?.phase,
      ).toBe('Succeeded');
      const request = {
        target: connector.label,
        what: `pods of ${run}`,
        timeoutMs: 10000,
      };
      const pods = await kubeGetJson<KubernetesList<KubernetesObject>>(
        connector.kubernetes.kubeConfig,
        `/api/v1/namespaces/${namespace}/pods`,
        {
          ...request,
          query: { labelSelector: `workflows.argoproj.io/workflow=${run}` },
        },
      );
      expect(pods.items.length).toBeGreaterThan(0);
      const log = await kubeGet(
        connector.kubernetes.kubeConfig,
        podPath(namespace, pods.items[0].metadata?.name ?? '', '/log'),
        { ...request, query: { container: 'main', timestamps: true } },
      );
      let text = '';
      for await (const chunk of log) text += String(chunk);
      expect(text.trim().split('\n').length).toBeGreaterThan(0);
      expect(text).toMatch(/^\d{4}-\d\d-\d\dT/);
    },
  );

  it("maps the sandbox gateway's real answers: no agent, the other generation's path, a followed log", async () => {
    const planes = registry({ gateway: true });
    const v09 = (name: string, planeID: string): BuildPlane => ({
      metadata: {
        name,
        namespace: 'platform',
        uid: name,
        resourceVersion: '1',
      },
      spec: { planeID, clusterAgent: { clientCA: { value: 'unused' } } },
    });
    // A plane whose agent never connected: 502 "no agents found" → 503 saying what to check.
    const orphan = await planes.connectorFor(v09('orphan', 'orphan-plane'));
    await expect(
      orphan.findWorkflow('openchoreo-ci-platform', 'any'),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining(
        "the build plane's agent is not connected to the cluster gateway (no agent registered as buildplane/orphan-plane)",
      ),
    });
    // A v0.9-shaped CR whose id is served by a v0.7 agent: that gateway reads the namespace as
    // the target (server.go@v0.7.0:345-372) → 403 "Target not allowed: platform".
    const mismatched = await planes.connectorFor(v09('mismatched', 'default'));
    await expect(
      mismatched.findWorkflow('openchoreo-ci-default', 'any'),
    ).rejects.toMatchObject({
      name: 'BadGatewayError',
      message: expect.stringMatching(
        /^the cluster gateway refused .* \(HTTP 403\): Target not allowed: platform; the gateway read the path in another release's form/,
      ),
    });
    // follow=true through the gateway: its 501 text, explained.
    const seeded = await planes.connectorFor(seededPlane('default', 'default'));
    await expect(
      kubeGet(
        seeded.kubernetes.kubeConfig,
        podPath('openchoreo-ci-default', 'any-pod', '/log'),
        {
          query: { follow: true },
          target: seeded.label,
          what: 'log of any-pod',
          timeoutMs: 10000,
        },
      ),
    ).rejects.toMatchObject({
      name: 'NotImplementedError',
      message: expect.stringContaining('agent-mode planes are polled'),
    });
  });
});
