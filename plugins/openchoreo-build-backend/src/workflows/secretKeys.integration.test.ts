import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { startSandbox } from '@openchoreo-build/sandbox';
import {
  fakeStorePatchCommand,
  type ComponentWorkflowListResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import { openchoreoBuildPlugin } from '../plugin';
import { catalogWith, exampleEntities } from '../__testUtils__/catalog';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * The sandbox seeds acme's `registry-push-secret` ExternalSecret against ClusterSecretStore
 * `default`, which lacks `acme-registry-password`. As the External Secrets Operator does, its Ready
 * condition says only "could not get secret data from provider"; the key is in the Warning
 * `UpdateFailed` event, which `GET /workflows` reads.
 */
describe('GET /workflows against a sandbox: the key a ClusterSecretStore lacks', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-build-keys-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it("answers it as missingKey, from the operator's event", async () => {
    const { server } = await startTestBackend({
      features: [
        catalogWith(exampleEntities()),
        openchoreoBuildPlugin,
        mockServices.rootConfig.factory({ data: sandboxPluginConfig(sandbox) }),
      ],
    });
    const res = await request(server)
      .get('/api/openchoreo-build/workflows?namespace=acme')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const secret = (res.body as ComponentWorkflowListResponse).items
      .find(w => w.name === 'docker')
      ?.secrets.find(s => s.name === 'registry-push-secret');
    expect(secret).toMatchObject({
      kind: 'ExternalSecret',
      status: 'NotReady',
      message: expect.stringMatching(
        /could not get secret data from provider$/,
      ),
      missingKey: {
        key: 'acme-registry-password',
        store: { kind: 'ClusterSecretStore', name: 'default' },
      },
    });
    expect(fakeStorePatchCommand(secret!.missingKey!)).toBe(
      `kubectl patch clustersecretstore default --type='json' -p='[{"op":"add","path":"/spec/provider/fake/data/-","value":{"key":"acme-registry-password","value":"<value>"}}]'`,
    );
  });
});
