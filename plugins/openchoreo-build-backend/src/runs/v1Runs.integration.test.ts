import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSandbox } from '@openchoreo-build/sandbox';
import {
  stepLogLinesOf,
  type RunDetail,
  type RunListResponse,
  type RunSummary,
  type StepLogLine,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { catalogWith, claimingEntities } from '../__testUtils__/catalog';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';
import { sseEventsOf } from '../__testUtils__/sse';
import { stepLogEventOf } from '../__testUtils__/stepLogEvents';
import { openchoreoBuildPlugin } from '../plugin';

jest.setTimeout(120_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** Reads an SSE response to its end: every event with its parsed data. */
async function readSse(
  url: string,
): Promise<Array<{ event: string; data: unknown }>> {
  const res = await fetch(url, {
    headers: {
      Authorization: mockCredentials.user.header(),
      Accept: 'text/event-stream',
    },
  });
  expect(res.status).toBe(200);
  return sseEventsOf(await res.text()).flatMap(block => {
    const event = stepLogEventOf(block);
    return event ? [{ event: event.event, data: event.data }] : [];
  });
}

/**
 * The v1 adapter against the sandbox's `nova` organization: OpenChoreo v1.2.3 WorkflowRuns,
 * ClusterWorkflows on the cluster-scoped WorkflowPlane reached through the v1 gateway path, and the
 * v1 observer query (`POST /api/v1/logs/query`).
 */
describe('v1 runs on the sandbox (nova, OpenChoreo v1.2.3)', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-build-v1-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
    const backend = await startTestBackend({
      features: [
        catalogWith(
          claimingEntities([
            'nova/storefront/greeting-service',
            'nova/storefront/reading-list-service',
          ]),
        ),
        openchoreoBuildPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: sandboxPluginConfig(sandbox, {
            namespaces: ['default', 'nova'],
            // The (Cluster)ObservabilityPlanes name the sandbox's plain-http observer.
            allowInsecureBuildPlanes: true,
          }),
        }),
      ],
    });
    server = backend.server;
    base = `http://127.0.0.1:${
      (server.address() as { port: number }).port
    }/api/openchoreo-build`;
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const get = async <T>(url: string): Promise<T> => {
    const res = await fetch(`${base}${url}`, {
      headers: { Authorization: mockCredentials.user.header() },
    });
    const body = await res.json();
    if (res.status !== 200)
      throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(body)}`);
    return body as T;
  };

  /** Re-reads the run until `done` holds for it: the controller's progress is the event awaited. */
  async function runUntil(
    name: string,
    done: (run: RunDetail) => boolean,
  ): Promise<RunDetail> {
    for (;;) {
      const run = await get<RunDetail>(`/runs/nova/${name}`);
      if (done(run)) return run;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  async function novaRuns(): Promise<RunSummary[]> {
    return (await get<RunListResponse>('/runs?namespace=nova&limit=100')).items;
  }

  it('lists nova WorkflowRuns as v1 runs with component, workflow kind, repository and image', async () => {
    const runs = await novaRuns();
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(runs.every(r => r.generation === 'v1')).toBe(true);
    const succeeded = runs.find(
      r => r.component === 'greeting-service' && r.status === 'Succeeded',
    );
    expect(succeeded).toMatchObject({
      project: 'storefront',
      workflow: 'dockerfile-builder',
      workflowKind: 'ClusterWorkflow',
      name: expect.stringMatching(/^greeting-service-run-[0-9a-f]{8}$/),
      repository: { branch: 'main', commit: expect.any(String) },
      image: expect.stringContaining('greeting-service'),
    });
    expect(succeeded!.repository.url).toBeTruthy();
  });

  it("reads a finished run's archived step logs by task, each step its own lines", async () => {
    const finished = (await novaRuns()).find(
      r => r.component === 'greeting-service' && r.status === 'Succeeded',
    )!;
    const detail = await get<RunDetail>(`/runs/nova/${finished.name}`);
    expect(detail.stepsSource).toBe('tasks');
    expect(detail.execution.found).toBe(false);
    const names = detail.steps.map(s => s.name);
    expect(names).toEqual([
      'checkout-source',
      'build-image',
      'publish-image',
      'generate-workload-cr',
    ]);
    const pages = await Promise.all(
      names.map(step =>
        get<{ lines: StepLogLine[]; source: string }>(
          `/runs/nova/${finished.name}/steps/${step}/logs?follow=false`,
        ),
      ),
    );
    for (const page of pages) {
      expect(page.source).toBe('archive');
      expect(page.lines.length).toBeGreaterThan(0);
    }
    // What the sandbox archived for the run, one `main` container per step, in the order they ran.
    const archived = [...sandbox.buildPlane.logs.all()]
      .filter(c => c.workflow === finished.name && c.container === 'main')
      .sort((a, b) => a.lines[0].ms - b.lines[0].ms)
      .map(c => c.lines.map(l => l.text));
    expect(archived).toHaveLength(names.length);
    // The observer ignores the task; the step's time window gives each step exactly its lines.
    expect(pages.map(p => p.lines.map(l => l.text))).toEqual(archived);
    expect(archived[0].some(t => t.includes('Cloning'))).toBe(true);

    // No whole-run log for v1: the answer says where the lines are instead.
    const whole = await fetch(`${base}/runs/nova/${finished.name}/logs`, {
      headers: { Authorization: mockCredentials.user.header() },
    });
    expect(whole.status).toBe(400);
    expect((await whole.json()).error.message).toContain(
      'it has no whole-run log',
    );
  });

  it('starts a run of a nova component and follows its first step live to the end', async () => {
    const res = await fetch(`${base}/runs`, {
      method: 'POST',
      headers: {
        Authorization: mockCredentials.user.header(),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        namespace: 'nova',
        project: 'storefront',
        component: 'greeting-service',
      }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as RunSummary;
    expect(created).toMatchObject({
      generation: 'v1',
      workflowKind: 'ClusterWorkflow',
      name: expect.stringMatching(/^greeting-service-run-[0-9a-f]{8}$/),
    });
    expect((await novaRuns()).some(r => r.name === created.name)).toBe(true);

    const running = await runUntil(
      created.name,
      r => r.stepsSource === 'argo' && r.steps.length > 0,
    );
    const first = running.steps[0];
    const events = await readSse(
      `${base}/runs/nova/${created.name}/steps/${encodeURIComponent(
        first.id,
      )}/logs`,
    );
    const lines = events
      .filter(e => e.event === 'line')
      .flatMap(e => stepLogLinesOf(e.data as never));
    expect(lines.length).toBeGreaterThan(0);
    // nova's planes are agent-mode: the pod's log is polled through the gateway's workflowplane path.
    expect(events.find(e => e.event === 'source')?.data).toMatchObject({
      source: 'polling',
    });
    expect(events[events.length - 1].event).toBe('end');
    const finished = await runUntil(created.name, r =>
      ['Succeeded', 'Failed'].includes(r.status),
    );
    expect(finished.status).toBe('Succeeded');
  });

  it('keeps a run the controller deleted after its ttlAfterCompletion: listed and readable from the run record, marked, with its archived step logs', async () => {
    const res = await fetch(`${base}/runs`, {
      method: 'POST',
      headers: {
        Authorization: mockCredentials.user.header(),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        namespace: 'nova',
        project: 'storefront',
        component: 'greeting-service',
      }),
    });
    expect(res.status).toBe(201);
    const { name } = (await res.json()) as RunSummary;
    // The sample ClusterWorkflow keeps runs 1d; the fast sandbox scales that to seconds.
    const gone = await runUntil(name, r => r.deleted !== undefined);
    expect(
      sandbox.controlPlane.get(
        'openchoreo.dev/v1alpha1',
        'workflowruns',
        'nova',
        name,
      ),
    ).toBeUndefined();
    expect(gone).toMatchObject({
      generation: 'v1',
      status: 'Succeeded',
      deleted: { reason: 'retention', at: expect.any(String) },
      component: 'greeting-service',
      cancellable: false,
    });
    expect(gone.steps.map(s => s.name)).toEqual([
      'checkout-source',
      'build-image',
      'publish-image',
      'generate-workload-cr',
    ]);
    // The recorder writes the deletion a moment after the watch told it (changes are coalesced).
    let listed = (await novaRuns()).find(r => r.name === name);
    while (!listed?.deleted) {
      await new Promise(resolve => setTimeout(resolve, 100));
      listed = (await novaRuns()).find(r => r.name === name);
    }
    expect(listed.deleted.reason).toBe('retention');
    const logs = await get<{ lines: StepLogLine[]; source: string }>(
      `/runs/nova/${name}/steps/build-image/logs?follow=false`,
    );
    expect(logs.source).toBe('archive');
    expect(logs.lines.length).toBeGreaterThan(0);
    // A deleted run cannot be cancelled; the answer says why rather than failing upstream.
    const cancel = await fetch(`${base}/runs/nova/${name}/cancel`, {
      method: 'POST',
      headers: { Authorization: mockCredentials.user.header() },
    });
    expect(cancel.status).toBe(409);
  });
});
