import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSandbox } from '@openchoreo-build/sandbox';
import type {
  RunDetail,
  StepLogPageResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import { openchoreoBuildPlugin } from '../plugin';
import { catalogWith, exampleEntities } from '../__testUtils__/catalog';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';

jest.setTimeout(90_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const OC = 'openchoreo.dev/v1alpha1';

/**
 * `diagnosis` of `GET /runs/:ns/:name` against a real sandbox: the portal's backend reads the
 * sandbox's control plane (BuildPlanes, ComponentWorkflows), its build plane through the cluster
 * gateway or directly (pods, ExternalSecrets, logs), exactly as it reads real clusters.
 */
describe('run diagnosis (real sandbox)', () => {
  let sandbox: Sandbox;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-diagnosis-it-'));
    sandbox = await startSandbox({
      portBase: 0,
      speed: 'fast',
      stateDir,
      // Keep finished Workflows (and their pods' logs) for the whole test.
      ttlSecondsAfterCompletion: 3600,
    });
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  async function backend(extra: JsonObject = {}) {
    const { server } = await startTestBackend({
      features: [
        catalogWith(exampleEntities()),
        openchoreoBuildPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: sandboxPluginConfig(sandbox, extra),
        }),
      ],
    });
    return {
      get: (url: string) =>
        request(server)
          .get(`/api/openchoreo-build${url}`)
          .set('Authorization', mockCredentials.user.header()),
    };
  }

  let counter = 0;
  function runName(component: string): string {
    counter += 1;
    return `${component}-workflow-${(0xd1a90000 + counter).toString(16)}`;
  }

  it('diagnoses a run whose ComponentWorkflow is missing once the grace period is over', async () => {
    const name = runName('greeter-service');
    const component = sandbox.controlPlane.get(
      OC,
      'components',
      'default',
      'greeter-service',
    )!.spec as { workflow: { systemParameters: JsonObject } };
    // What OpenChoreo v0.9 leaves when the ComponentWorkflow is missing: WorkflowPending, no
    // runReference, forever (internal/controller/componentworkflowrun/controller.go@v0.9.0:97-148).
    // Written with its status, the sandbox serves the run as it is (docs/sandbox.md).
    sandbox.controlPlane.create(
      {
        apiVersion: OC,
        kind: 'ComponentWorkflowRun',
        metadata: { name, namespace: 'default' },
        spec: {
          owner: { projectName: 'default', componentName: 'greeter-service' },
          workflow: {
            name: 'docker-retired',
            systemParameters: component.workflow.systemParameters,
          },
        },
        status: {
          conditions: [
            {
              type: 'WorkflowCompleted',
              status: 'False',
              reason: 'WorkflowPending',
              message: 'Workflow has not completed yet',
              lastTransitionTime: new Date().toISOString(),
              observedGeneration: 1,
            },
          ],
        },
      },
      'componentworkflowruns',
    );

    // Within the default grace period (60 s) a fresh run is not stuck.
    const patient = await (await backend()).get(`/runs/default/${name}`);
    expect(patient.status).toBe(200);
    expect((patient.body as RunDetail).status).toBe('Pending');
    expect((patient.body as RunDetail).diagnosis).toEqual([]);

    const eager = await (
      await backend({ diagnosis: { pendingGraceSeconds: 0 } })
    ).get(`/runs/default/${name}`);
    expect(eager.status).toBe(200);
    const detail = eager.body as RunDetail;
    expect(detail.status).toBe('Pending');
    expect(detail.diagnosis).toEqual([
      expect.objectContaining({
        id: 'pending-workflow-missing',
        severity: 'error',
        title: 'ComponentWorkflow docker-retired does not exist',
      }),
    ]);
  });

  it('diagnoses a run of a workflow whose ExternalSecret is not Ready', async () => {
    // acme's docker workflow renders the ExternalSecret registry-push-secret, whose key the
    // sandbox's secret store lacks: the ESO emulation marks it Ready=False/SecretSyncedError.
    const name = runName('react-starter');
    const component = sandbox.controlPlane.get(
      OC,
      'components',
      'acme',
      'react-starter',
    )!.spec as { workflow: { systemParameters: JsonObject } };
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
            parameters: {
              docker: { context: '/', filePath: '/Dockerfile' },
            },
          },
        },
      },
      'componentworkflowruns',
    );
    await sandbox.waitForObject(
      sandbox.controlPlane,
      OC,
      'componentworkflowruns',
      'acme',
      name,
      run =>
        Boolean(
          (run?.status as { runReference?: unknown } | undefined)?.runReference,
        ),
    );

    const res = await (await backend()).get(`/runs/acme/${name}`);
    expect(res.status).toBe(200);
    const detail = res.body as RunDetail;
    expect(detail.diagnosis).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'external-secret-not-ready',
          severity: 'error',
          title: expect.stringContaining('registry-push-secret'),
          detail: expect.stringContaining('SecretSyncedError'),
          // acme's plane is reached directly: the operator's UpdateFailed event names the key.
          fix: expect.stringContaining(
            "ClusterSecretStore default has no key acme-registry-password. In production, store it in the secret manager behind ClusterSecretStore default; for the development fake store, run this with the secret in place of <value>, then start the build again: kubectl patch clustersecretstore default --type='json'",
          ),
        }),
      ]),
    );
  });

  it('links the failed step’s log line exactly as the log route numbers it', async () => {
    const name = runName('greeter-service');
    const component = sandbox.controlPlane.get(
      OC,
      'components',
      'default',
      'greeter-service',
    )!.spec as {
      workflow: {
        name: string;
        systemParameters: { repository: JsonObject };
        parameters: JsonObject;
      };
    };
    // An app path the sandbox's build step has no Dockerfile for: build-step fails like podman does.
    sandbox.controlPlane.create(
      {
        apiVersion: OC,
        kind: 'ComponentWorkflowRun',
        metadata: { name, namespace: 'default' },
        spec: {
          owner: { projectName: 'default', componentName: 'greeter-service' },
          workflow: {
            ...component.workflow,
            systemParameters: {
              repository: {
                ...component.workflow.systemParameters.repository,
                appPath: '/service-go-greeter/missing-dockerfile',
              },
            },
          },
        },
      },
      'componentworkflowruns',
    );
    await sandbox.waitForRunCondition('default', name, 'WorkflowFailed');

    const api = await backend();
    const res = await api.get(`/runs/default/${name}`);
    expect(res.status).toBe(200);
    const detail = res.body as RunDetail;
    const build = detail.diagnosis.find(d => d.id === 'build-failed');
    const buildStep = detail.steps.find(s => s.name === 'build-step')!;
    expect(build).toMatchObject({
      severity: 'error',
      logRef: {
        step: buildStep.id,
        stepName: 'build-step',
        line: expect.any(Number),
      },
    });
    expect(build!.logRef!.text).toMatch(/Dockerfile/);

    // The log route, asked for the linked step, numbers that line n = line - 1, with the same text.
    const page = await api.get(
      `/runs/default/${name}/steps/${encodeURIComponent(
        build!.logRef!.step,
      )}/logs?follow=false`,
    );
    expect(page.status).toBe(200);
    const lines = (page.body as StepLogPageResponse).lines;
    const linked = lines.find(l => l.n === build!.logRef!.line - 1);
    expect(stripVTControlCharacters(linked?.text ?? '')).toBe(
      build!.logRef!.text,
    );
  });

  /**
   * Resolves with the first FailedMount event about a pod of run `run` in `namespace` (now or
   * later; other tests' runs may have their own).
   */
  function failedMountOf(namespace: string, run: string): Promise<JsonObject> {
    const isFailedMount = (object: JsonObject) => {
      const involved = object.involvedObject as JsonObject | undefined;
      return (
        object.kind === 'Event' &&
        object.reason === 'FailedMount' &&
        involved?.namespace === namespace &&
        String(involved?.name ?? '').startsWith(`${run}-`)
      );
    };
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

  /**
   * Starts run `name` of `workflow` for a seeded component (its repository as the component has it)
   * and resolves once the kubelet reported FailedMount for one of the run's pods.
   */
  async function startRunStuckOnMount(run: {
    name: string;
    org: string;
    project: string;
    component: string;
    workflow: string;
  }): Promise<JsonObject> {
    const component = sandbox.controlPlane.get(
      OC,
      'components',
      run.org,
      run.component,
    )!.spec as { workflow: { systemParameters: JsonObject } };
    const mounted = failedMountOf(`openchoreo-ci-${run.org}`, run.name);
    sandbox.controlPlane.create(
      {
        apiVersion: OC,
        kind: 'ComponentWorkflowRun',
        metadata: { name: run.name, namespace: run.org },
        spec: {
          owner: { projectName: run.project, componentName: run.component },
          workflow: {
            name: run.workflow,
            systemParameters: component.workflow.systemParameters,
            parameters: { docker: { context: '/', filePath: '/Dockerfile' } },
          },
        },
      },
      'componentworkflowruns',
    );
    return mounted;
  }

  /**
   * A step that mounts a Secret which does not exist never starts: the kubelet keeps its pod
   * waiting and records `FailedMount` events ("MountVolume.SetUp failed for volume … : secret …
   * not found"), and neither Argo nor OpenChoreo fails the run. acme's `docker` workflow needs
   * `registry-push-secret`, whose ExternalSecret cannot sync in the sandbox, and mounts it in
   * push-step as the v0.9 sample does
   * (samples/component-workflows/with-private-registry/cluster-workflow-template.yaml@v0.9.0:148-158).
   * acme's plane is reached directly, so its events can be read.
   */
  it('names the missing Secret and quotes the FailedMount event', async () => {
    const name = 'react-starter-workflow-fa11ed00';
    const event = await startRunStuckOnMount({
      name,
      org: 'acme',
      project: 'online-store',
      component: 'react-starter',
      workflow: 'docker',
    });

    const { get } = await backend({ diagnosis: { pendingGraceSeconds: 0 } });
    const res = await get(`/runs/acme/${name}`);
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

  /**
   * The same stuck step on a plane reached through the cluster gateway: the v0.9 agent may not read
   * events (`clusterrole.yaml@v0.9.0` has no `events` rule; the sandbox's build plane refuses them
   * to the agent), so the diagnosis says it could not read them and still reports the waiting pod
   * from its container states.
   */
  it('reports a stuck step through the gateway, where the agent may not read events', async () => {
    const name = 'greeter-service-workflow-fa11ed01';
    // acme's docker workflow (it needs registry-push-secret, which cannot sync) in the v0.9 org.
    const docker = sandbox.controlPlane.get(
      OC,
      'componentworkflows',
      'acme',
      'docker',
    )!;
    sandbox.controlPlane.create(
      {
        apiVersion: OC,
        kind: 'ComponentWorkflow',
        metadata: { name: 'docker-private', namespace: 'platform' },
        spec: docker.spec,
      },
      'componentworkflows',
    );
    await startRunStuckOnMount({
      name,
      org: 'platform',
      project: 'internal-tools',
      component: 'greeter-service',
      workflow: 'docker-private',
    });

    const { get } = await backend({ diagnosis: { pendingGraceSeconds: 0 } });
    const detail = (await get(`/runs/platform/${name}`)).body as RunDetail;
    expect(['Pending', 'Running']).toContain(detail.status);
    const ids = detail.diagnosis.map(d => d.id);
    expect(ids).toContain('events-unreadable');
    const stuck = detail.diagnosis.find(d => d.id.startsWith('pod-'));
    expect(stuck).toMatchObject({
      title: expect.stringContaining('push-step'),
    });
  });
});
