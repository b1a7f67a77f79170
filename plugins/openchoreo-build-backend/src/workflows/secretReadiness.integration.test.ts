import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSandbox } from '@openchoreo-build/sandbox';
import type {
  ComponentWorkflowListResponse,
  RequiredSecret,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import { openchoreoBuildPlugin } from '../plugin';
import { catalogWith, exampleEntities } from '../__testUtils__/catalog';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';

jest.setTimeout(90_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const ESO_API = 'external-secrets.io/v1';
const ACME_CI = 'openchoreo-ci-acme';

/**
 * The portal's secret readiness (`GET /workflows`) follows the build plane live: acme's docker
 * workflow needs `registry-push-secret`, whose ExternalSecret reads the key `acme-registry-password`
 * from the fake ClusterSecretStore `default`. Patching the store as OpenChoreo's GitOps guide does
 * (`kubectl patch clustersecretstore default --type=json …`) makes it Ready, with nothing restarted.
 */
describe('secret readiness on a live build plane (real sandbox)', () => {
  let sandbox: Sandbox;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-secrets-it-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  /** `kubectl patch clustersecretstore default --type=json -p '<ops>'` with the build plane's admin kubeconfig. */
  function patchStore(ops: unknown[]): Promise<number> {
    const { url, token, caData } = sandbox.endpoints.buildPlane;
    const body = JSON.stringify(ops);
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${url}/apis/external-secrets.io/v1/clustersecretstores/default`,
        {
          method: 'PATCH',
          ca: Buffer.from(caData, 'base64'),
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json-patch+json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        res => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Resolves once the ExternalSecret's Ready condition has `status`. */
  const externalSecretReady = (name: string, status: 'True' | 'False') =>
    sandbox.waitForObject(
      sandbox.buildPlane,
      ESO_API,
      'externalsecrets',
      ACME_CI,
      name,
      es =>
        (
          es?.status as
            | { conditions?: Array<{ type: string; status: string }> }
            | undefined
        )?.conditions?.find(c => c.type === 'Ready')?.status === status,
    );

  it("turns acme's registry-push-secret Ready when the key is patched into the store, and back when it is removed", async () => {
    const { server } = await startTestBackend({
      features: [
        catalogWith(exampleEntities()),
        openchoreoBuildPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({ data: sandboxPluginConfig(sandbox) }),
      ],
    });
    const registrySecret = async (): Promise<RequiredSecret> => {
      const res = await request(server)
        .get('/api/openchoreo-build/workflows?namespace=acme')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      const body = res.body as ComponentWorkflowListResponse;
      const docker = body.items.find(w => w.name === 'docker');
      const secret = docker?.secrets.find(
        s => s.name === 'registry-push-secret',
      );
      expect(secret).toBeDefined();
      return secret!;
    };

    expect(await registrySecret()).toMatchObject({
      kind: 'ExternalSecret',
      status: 'NotReady',
      message:
        'ExternalSecret registry-push-secret is not Ready (SecretSyncedError): could not get secret data from provider',
    });

    expect(
      await patchStore([
        {
          op: 'add',
          path: '/spec/provider/fake/data/-',
          value: { key: 'acme-registry-password', value: 'registry-pw' },
        },
      ]),
    ).toBe(200);
    await externalSecretReady('registry-push-secret', 'True');
    expect(await registrySecret()).toMatchObject({
      status: 'Ready',
      message: 'ExternalSecret registry-push-secret is Ready',
    });
    const docker = (
      await request(server)
        .get('/api/openchoreo-build/workflows?namespace=acme')
        .set('Authorization', mockCredentials.user.header())
    ).body as ComponentWorkflowListResponse;
    expect(docker.items.find(w => w.name === 'docker')?.ready).toBe(true);

    // The entry just added is the last one; removing it makes the ExternalSecret fail again.
    const entries = (
      sandbox.buildPlane.get(
        ESO_API,
        'clustersecretstores',
        undefined,
        'default',
      )?.spec as { provider: { fake: { data: unknown[] } } }
    ).provider.fake.data;
    expect(
      await patchStore([
        {
          op: 'remove',
          path: `/spec/provider/fake/data/${entries.length - 1}`,
        },
      ]),
    ).toBe(200);
    await externalSecretReady('registry-push-secret', 'False');
    expect(await registrySecret()).toMatchObject({ status: 'NotReady' });
  });
});
