import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SEED_CATALOG, startSandbox } from '@openchoreo-build/sandbox';
import type { ComponentWorkflowListResponse } from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import { openchoreoBuildPlugin } from '../plugin';
import { catalogWith, exampleEntities } from '../__testUtils__/catalog';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';

jest.setTimeout(90_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * The sandbox's default (mixed) control plane serves v0.9 and v1.2.3 side by side: `nova` holds
 * v1.2.3 Workflows (`src/seed/nova.ts`), `acme` v0.9 ComponentWorkflows. `GET /workflows` answers
 * each organization in its own generation, and nova's secrets are read through the v1 gateway path
 * of each workflow's plane (`/api/proxy/workflowplane/{planeID}/{ns|_cluster}/{name}/k8s`,
 * `internal/cluster-gateway/server.go@v1.2.3:481-506`).
 */
describe('GET /workflows on a mixed control plane (real sandbox)', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-workflows-v1-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
    ({ server } = await startTestBackend({
      features: [
        catalogWith(exampleEntities()),
        openchoreoBuildPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: sandboxPluginConfig(sandbox, {
            namespaces: ['default', 'acme', 'platform', 'nova'],
          }),
        }),
      ],
    }));
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const get = async (url: string) => {
    const res = await request(server)
      .get(`/api/openchoreo-build${url}`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body as ComponentWorkflowListResponse;
  };

  it("lists nova's Workflow and the ClusterWorkflows as v1, on their planes, and acme's as v0", async () => {
    const nova = await get('/workflows?namespace=nova');
    expect(
      nova.items.map(w => [w.kind, w.name, w.generation, w.workflowPlane]),
    ).toEqual([
      [
        'Workflow',
        'paketo-buildpacks',
        'v1',
        { kind: 'WorkflowPlane', name: 'default' },
      ],
      [
        'ClusterWorkflow',
        'dockerfile-builder',
        'v1',
        { kind: 'ClusterWorkflowPlane', name: 'default' },
      ],
      [
        'ClusterWorkflow',
        'paketo-buildpacks-builder',
        'v1',
        { kind: 'ClusterWorkflowPlane', name: 'default' },
      ],
    ]);
    const docker = nova.items[1];
    expect(docker.repositoryFields).toMatchObject({
      url: 'repository.url',
      branch: 'repository.revision.branch',
      appPath: 'repository.appPath',
    });
    // Both planes answered through the gateway: every secret has a readiness, none is Unknown.
    for (const workflow of nova.items) {
      expect(
        workflow.secrets.map(s => [
          s.name,
          s.namespace,
          s.condition !== undefined,
        ]),
      ).toEqual([
        ['git-secret', 'workflows-nova', true],
        ['registry-push-secret', 'workflows-nova', false],
      ]);
      for (const secret of workflow.secrets)
        expect(secret.status).not.toBe('Unknown');
    }

    const acme = await get('/workflows?namespace=acme');
    expect(acme.items.length).toBeGreaterThan(0);
    for (const workflow of acme.items) {
      expect(workflow).toMatchObject({
        kind: 'ComponentWorkflow',
        generation: 'v0',
      });
      for (const secret of workflow.secrets)
        expect(secret.namespace).toBe('openchoreo-ci-acme');
    }
  });

  it('offers a nova component the workflows its ComponentType allows, and a v0 component every workflow of its org', async () => {
    const own = await get(
      '/components/nova/storefront/reading-list-service/workflows',
    );
    // nova's ComponentType `service` allows its Workflow and the docker ClusterWorkflow.
    expect(own.items.map(w => `${w.kind}/${w.name}`)).toEqual([
      'Workflow/paketo-buildpacks',
      'ClusterWorkflow/dockerfile-builder',
    ]);
    const acme = await get('/workflows?namespace=acme');
    const acmeOrg = SEED_CATALOG.find(o => o.org === 'acme')!;
    const project = acmeOrg.project;
    const component = acmeOrg.components[0].name;
    const forComponent = await get(
      `/components/acme/${project}/${component}/workflows`,
    );
    expect(forComponent.items.map(w => w.name)).toEqual(
      acme.items.map(w => w.name),
    );
  });
});
