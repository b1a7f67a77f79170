import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { startSandbox } from '@openchoreo-build/sandbox';
import type {
  AutoBuildResponse,
  WebhookResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import { claimingEntities } from '../__testUtils__/catalog';
import {
  deliver,
  OC,
  webhookBackend,
  type BackendOptions,
  type Sandbox,
  type Server,
} from './__testUtils__/harness';
import {
  githubHeaders,
  githubPushPayload,
  sha,
} from './__testUtils__/payloads';
import { deliveryHash, WEBHOOK_RUN_METADATA } from './deliveryRuns';

jest.setTimeout(120_000);

const GREETER = 'service-go-greeter/main.go';
const READING_LIST = 'service-go-reading-list/main.go';

interface WorkflowRunObject {
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: {
    workflow: {
      kind?: string;
      name: string;
      parameters: {
        repository: {
          url: string;
          revision: { branch?: string; commit?: string };
          appPath?: string;
        };
      };
    };
  };
}

/**
 * Auto-build on the sandbox's v1.2.3 organization `nova`: its Components name the repository in
 * `spec.workflow.parameters` at the fields their Workflow marks (greeting-service: ClusterWorkflow
 * dockerfile-builder, autoBuild on; reading-list-service: nova's Workflow paketo-buildpacks,
 * autoBuild off), so a push creates WorkflowRuns (`webhook_processor.go@v1.2.3`,
 * `TriggerWorkflow` in `services/workflowrun/service.go@v1.2.3`). `default` (v0.9) is served
 * beside it.
 */
describe('auto-build webhooks on a v1 organization (sandbox nova)', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  let server: Server;

  const backend = (options: Pick<BackendOptions, 'auditor'> = {}) =>
    webhookBackend(sandbox, {
      ...options,
      namespaces: ['default', 'nova'],
      entities: claimingEntities([
        'nova/storefront/greeting-service',
        'nova/storefront/reading-list-service',
        'nova/storefront/unmarked-service',
      ]),
    });

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-webhooks-v1-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
    server = await backend();
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const workflowRuns = () =>
    sandbox.controlPlane.list(
      OC,
      'workflowruns',
      'nova',
    ) as unknown as WorkflowRunObject[];
  const v0Runs = () =>
    sandbox.controlPlane.list(OC, 'componentworkflowruns', 'default');
  /** The nova WorkflowRuns a delivery created, found by its label. */
  const ofDelivery = (res: request.Response) => {
    const { deliveryId } = res.body as WebhookResponse;
    const hash = deliveryHash('github', deliveryId);
    return workflowRuns().filter(
      run => run.metadata.labels?.[WEBHOOK_RUN_METADATA.deliveryLabel] === hash,
    );
  };

  function github(
    target: Server,
    payload: object,
    delivery?: string,
  ): Promise<request.Response> {
    const body = JSON.stringify(payload);
    return deliver(
      target,
      'github',
      body,
      githubHeaders(sandbox.endpoints.webhooks.githubSecret, body, {
        delivery,
      }),
    );
  }

  it('a signed push to the component’s repository and branch creates a WorkflowRun with the pushed commit in the marked field', async () => {
    const after = sha('nova-greeter');
    const v0Before = v0Runs().length;
    const res = await github(
      server,
      githubPushPayload({ after, commits: [{ modified: [GREETER] }] }),
      'nova-delivery-1',
    );
    expect(res.status).toBe(200);
    // default/greeter-service (v0) and nova/greeting-service (v1) share the repository and appPath.
    expect(res.body).toMatchObject({
      runsStarted: 2,
      runsFailed: 0,
      branch: 'main',
      commit: after,
    });
    expect(v0Runs().length).toBe(v0Before + 1);

    const [run, ...others] = ofDelivery(res);
    expect(others).toEqual([]);
    expect(run.metadata.name).toMatch(/^greeting-service-run-[0-9a-f]{8}$/);
    expect(run.metadata.labels).toMatchObject({
      'openchoreo.dev/project': 'storefront',
      'openchoreo.dev/component': 'greeting-service',
      [WEBHOOK_RUN_METADATA.providerLabel]: 'github',
      [WEBHOOK_RUN_METADATA.pushLabel]: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(run.metadata.annotations).toMatchObject({
      [WEBHOOK_RUN_METADATA.deliveryAnnotation]: 'nova-delivery-1',
      'openchoreo.dev/created-by': 'webhook:github',
    });
    expect(run.spec.workflow).toMatchObject({
      kind: 'ClusterWorkflow',
      name: 'dockerfile-builder',
      parameters: {
        repository: {
          url: 'https://github.com/openchoreo/sample-workloads',
          revision: { branch: 'main', commit: after },
          appPath: '/service-go-greeter',
        },
        docker: { context: '/service-go-greeter' },
      },
    });
  });

  it('a push to another branch creates nothing: the component names main', async () => {
    const before = workflowRuns().length;
    const res = await github(
      server,
      githubPushPayload({
        branch: 'feature/x',
        commits: [{ modified: [GREETER] }],
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ runsStarted: 0, branch: 'feature/x' });
    expect(workflowRuns().length).toBe(before);
  });

  it('a redelivery creates nothing new, also after a restart (the WorkflowRuns are found by label)', async () => {
    const payload = githubPushPayload({ commits: [{ modified: [GREETER] }] });
    const first = await github(server, payload, 'nova-delivery-2');
    expect(ofDelivery(first)).toHaveLength(1);
    const count = workflowRuns().length;

    const replay = await github(server, payload, 'nova-delivery-2');
    expect(replay.body).toMatchObject({ duplicate: true, runsStarted: 0 });

    const restarted = await backend();
    const again = await github(restarted, payload, 'nova-delivery-2');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      duplicate: true,
      runsStarted: 0,
      runsAlreadyStarted: 2,
    });
    // The same push under a new delivery id (a captured replay) is recognized by the push label.
    const otherId = await github(restarted, payload, 'nova-delivery-3');
    expect(otherId.body).toMatchObject({
      runsStarted: 0,
      runsAlreadyStarted: 2,
    });
    expect(workflowRuns().length).toBe(count);
  });

  it('the autoBuild card reads the repository through the markers; switched on, a namespaced Workflow’s component builds', async () => {
    const url =
      '/api/openchoreo-build/components/nova/storefront/reading-list-service/autobuild';
    const auth = mockCredentials.user.header();
    const card = await request(server).get(url).set('Authorization', auth);
    expect(card.status).toBe(200);
    expect(card.body as AutoBuildResponse).toMatchObject({
      autoBuild: false,
      requireBranchMatch: true,
      repository: {
        url: 'https://github.com/openchoreo/sample-workloads',
        branch: 'main',
        appPath: '/service-go-reading-list',
      },
    });
    expect(card.body.repositoryProblem).toBeUndefined();

    const on = await request(server)
      .put(url)
      .set('Authorization', auth)
      .send({ enabled: true });
    expect(on.status).toBe(200);
    expect(on.body.autoBuild).toBe(true);

    const after = sha('nova-reading-list');
    const res = await github(
      server,
      githubPushPayload({ after, commits: [{ modified: [READING_LIST] }] }),
    );
    expect(res.body).toMatchObject({ runsStarted: 1, runsFailed: 0 });
    const [run] = ofDelivery(res);
    expect(run.metadata.labels?.['openchoreo.dev/component']).toBe(
      'reading-list-service',
    );
    expect(run.spec.workflow).toMatchObject({
      kind: 'Workflow',
      name: 'paketo-buildpacks',
      parameters: { repository: { revision: { commit: after } } },
    });
  });

  it('a component whose Workflow marks no repository URL is never built; the audit and the card say why', async () => {
    const paketo = sandbox.controlPlane.get(
      OC,
      'workflows',
      'nova',
      'paketo-buildpacks',
    )!;
    const spec = structuredClone(paketo.spec) as any;
    delete spec.parameters.openAPIV3Schema.properties.repository.properties.url[
      'x-openchoreo-component-parameter-repository-url'
    ];
    sandbox.controlPlane.create(
      {
        apiVersion: OC,
        kind: 'Workflow',
        metadata: { name: 'unmarked-builder', namespace: 'nova' },
        spec,
      },
      'workflows',
    );
    const component = structuredClone(
      sandbox.controlPlane.get(
        OC,
        'components',
        'nova',
        'reading-list-service',
      )!,
    ) as any;
    sandbox.controlPlane.create(
      {
        apiVersion: OC,
        kind: 'Component',
        metadata: { name: 'unmarked-service', namespace: 'nova' },
        spec: {
          ...component.spec,
          autoBuild: true,
          workflow: { ...component.spec.workflow, name: 'unmarked-builder' },
        },
      },
      'components',
    );
    const success = jest.fn(async () => {});
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => ({ success, fail: jest.fn() })),
    });
    const audited = await backend({ auditor });
    const before = workflowRuns().length;
    const res = await github(
      audited,
      githubPushPayload({
        branch: 'main',
        commits: [{ modified: ['docs/README.md'] }],
      }),
    );
    expect(res.body).toMatchObject({ runsStarted: 0 });
    expect(workflowRuns().length).toBe(before);
    const reason =
      'Workflow nova/unmarked-builder schema missing x-openchoreo-component-parameter-repository-url extension, so pushes cannot be matched to the component';
    expect(success).toHaveBeenCalledWith({
      meta: expect.objectContaining({
        skipped: [`nova/unmarked-service: ${reason}`],
      }),
    });
    const card = await request(audited)
      .get(
        '/api/openchoreo-build/components/nova/storefront/unmarked-service/autobuild',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(card.body).toMatchObject({
      autoBuild: true,
      repositoryProblem: reason,
    });
    expect(card.body.repository).toBeUndefined();
  });
});
