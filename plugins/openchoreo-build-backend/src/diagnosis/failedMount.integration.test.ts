import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { startSandbox } from '@openchoreo-build/sandbox';
import type { RunDetail } from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import { openchoreoBuildPlugin } from '../plugin';
import { catalogWith, exampleEntities } from '../__testUtils__/catalog';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';

jest.setTimeout(90_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const OC = 'openchoreo.dev/v1alpha1';

/**
 * A step that mounts a Secret which does not exist never starts: the kubelet keeps its pod
 * waiting and records `FailedMount` events ("MountVolume.SetUp failed for volume … : secret …
 * not found"), and neither Argo nor OpenChoreo fails the run. acme's `docker` workflow needs
 * `registry-push-secret`, whose ExternalSecret cannot sync in the sandbox, and mounts it in
 * push-step as the v0.9 sample does
 * (samples/component-workflows/with-private-registry/cluster-workflow-template.yaml@v0.9.0:148-158).
 * acme's plane is reached directly, so its events can be read.
 */
describe('diagnosis of a step stuck on a missing Secret (real sandbox)', () => {
  let sandbox: Sandbox;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-failedmount-it-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  /** Resolves with the first FailedMount event about a pod in `namespace` (now or later). */
  function failedMountIn(namespace: string): Promise<JsonObject> {
    const isFailedMount = (object: JsonObject) =>
      object.kind === 'Event' &&
      object.reason === 'FailedMount' &&
      (object.involvedObject as JsonObject | undefined)?.namespace ===
        namespace;
    const existing = sandbox.buildPlane
      .list('v1', 'events', namespace)
      .find(e => isFailedMount(e as unknown as JsonObject));
    if (existing) return Promise.resolve(existing as unknown as JsonObject);
    return new Promise(resolve => {
      const stop = sandbox.buildPlane.store.subscribe(event => {
        const object = event.object as unknown as JsonObject;
        if (event.gr === '/events' && isFailedMount(object)) {
          stop();
          resolve(object);
        }
      });
    });
  }

  it('names the missing Secret and quotes the FailedMount event', async () => {
    const name = 'react-starter-workflow-fa11ed00';
    const component = sandbox.controlPlane.get(
      OC,
      'components',
      'acme',
      'react-starter',
    )!.spec as { workflow: { systemParameters: JsonObject } };
    const mounted = failedMountIn('openchoreo-ci-acme');
    sandbox.controlPlane.create(
      {
        apiVersion: OC,
        kind: 'ComponentWorkflowRun',
        metadata: { name, namespace: 'acme' },
        spec: {
          owner: {
            projectName: 'online-store',
            componentName: 'react-starter',
          },
          workflow: {
            name: 'docker',
            systemParameters: component.workflow.systemParameters,
            parameters: { docker: { context: '/', filePath: '/Dockerfile' } },
          },
        },
      },
      'componentworkflowruns',
    );
    const event = await mounted;

    const { server } = await startTestBackend({
      features: [
        catalogWith(exampleEntities()),
        openchoreoBuildPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: sandboxPluginConfig(sandbox, {
            diagnosis: { pendingGraceSeconds: 0 },
          }),
        }),
      ],
    });
    const res = await request(server)
      .get(`/api/openchoreo-build/runs/acme/${name}`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const detail = res.body as RunDetail;
    // The run hangs rather than fails.
    expect(['Pending', 'Running']).toContain(detail.status);
    const stuck = detail.diagnosis.find(d => d.id === 'pod-secret-missing');
    expect(stuck).toMatchObject({
      severity: 'error',
      title:
        'Step push-step cannot start: Secret registry-push-secret does not exist',
    });
    expect(stuck!.detail).toContain(String(event.message));
    expect(detail.diagnosis.map(d => d.id)).toContain(
      'external-secret-not-ready',
    );
  });
});
