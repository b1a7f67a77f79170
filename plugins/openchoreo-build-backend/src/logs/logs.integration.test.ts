import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { startSandbox, type KObject } from '@openchoreo-build/sandbox';
import {
  stepLogLinesOf,
  type ArgoWorkflow,
  type Component,
  type ComponentWorkflowRun,
  type StepLogEndEvent,
  type StepLogLine,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  stepLogEventOf,
  type StepLogSseEvent,
} from '../__testUtils__/stepLogEvents';
import { readSseEvents } from '../__testUtils__/sse';
import { until } from '../__testUtils__/until';
import express from 'express';
import { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import { readPluginConfig } from '../config/pluginConfig';
import { ControlPlane } from '../controlplane/ControlPlane';
import { buildControlPlaneKubeConfig } from '../controlplane/controlPlaneKubeConfig';
import { KubernetesClient } from '../kubernetes/KubernetesClient';
import { openchoreoBuildPlugin } from '../plugin';
import { fnv1a32 } from '../runs/argoPodName';
import { MAX_BUFFERED_BYTES } from '../http/backpressure';
import { createLogsRouter } from './logsRouter';
import { StepLogService } from './StepLogService';
import { catalogWith, exampleEntities } from '../__testUtils__/catalog';
import {
  listFiles,
  loadReferenceYaml,
  referencePath,
} from '../__testUtils__/reference';
import { RunArchiveService } from '../runs/RunArchiveService';
import type { ArchivedLogEntry } from './observerArchive';
import { readRunArchive } from './runArchive';

jest.setTimeout(90_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const OC = 'openchoreo.dev/v1alpha1';
const WF = 'argoproj.io/v1alpha1';

type SseEvent = StepLogSseEvent;
/** `status` of an Argo Workflow as the sandbox holds it. */
type WorkflowStatus = NonNullable<ArgoWorkflow['status']>;

/** A minimal SSE reader over node:http, so tests can cut the connection at any point. */
function openSse(
  url: string,
  options: {
    headers?: Record<string, string>;
    onEvent?: (e: SseEvent, req: http.ClientRequest) => void;
    stall?: boolean;
  } = {},
) {
  const events: SseEvent[] = [];
  let req!: http.ClientRequest;
  const done = new Promise<{
    status: number;
    events: SseEvent[];
    body: string;
  }>((resolve, reject) => {
    req = http.get(
      url,
      {
        headers: {
          Authorization: mockCredentials.user.header(),
          ...options.headers,
        },
      },
      res => {
        if (options.stall) {
          res.pause();
          res.on('close', () =>
            resolve({ status: res.statusCode ?? 0, events, body: '' }),
          );
          return;
        }
        let raw = '';
        readSseEvents(res, block => {
          const e = stepLogEventOf(block);
          if (!e) return;
          events.push(e);
          options.onEvent?.(e, req);
        });
        // (A second listener: an error answer's body, for the tests of refusals.)
        res.on('data', (chunk: string) => {
          raw += res.statusCode === 200 ? '' : chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, events, body: raw }),
        );
        res.on('close', () =>
          resolve({ status: res.statusCode ?? 0, events, body: raw }),
        );
        res.on('error', () =>
          resolve({ status: res.statusCode ?? 0, events, body: raw }),
        );
      },
    );
    req.on('error', error =>
      events.length ? resolve({ status: 0, events, body: '' }) : reject(error),
    );
  });
  return { done, request: () => req, events };
}

const linesOf = (events: SseEvent[]): StepLogLine[] =>
  events.filter(e => e.event === 'line').flatMap(e => stepLogLinesOf(e.data));

describe('step logs against a real sandbox', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  let server: http.Server;
  let base: string;
  let service: StepLogService;
  /** The same routes with small byte caps (JSON page, download). */
  let capped: StepLogService;
  let cappedBase: string;
  let gatewayProxy: http.Server;
  const gatewayRequests: string[] = [];
  let archive: RunArchiveService;

  /**
   * What the observer archived of the `main` container of `step`'s pod in run `run`: the pod is
   * found by name in the sandbox's log store, its lines in the observer by the pod's UID.
   */
  async function archivedStepLines(run: string, step: string) {
    const container = [...sandbox.buildPlane.logs.all()].find(
      c =>
        c.workflow === run &&
        c.container === 'main' &&
        c.pod.includes(`-${step}-`),
    )!;
    expect(container).toBeDefined();
    const entries: ArchivedLogEntry[] = [];
    const detail = await archive.open('default', run);
    await readRunArchive(detail.source, page => {
      entries.push(...page);
    });
    return entries
      .filter(e => e.containerName === 'main' && e.podId === container.podUid)
      .map(e => ({ ts: e.timestamp, text: e.log, podUid: e.podId! }));
  }

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-logs-it-'));
    sandbox = await startSandbox({
      portBase: 0,
      speed: 'fast',
      stateDir,
      ttlSecondsAfterCompletion: 3600,
      // The orgs these tests read (default: v0.7, acme: v0.3) have BuildPlanes with an inline
      // `spec.observer`: the sandbox serves them the v0.7-era observer (no authentication), while
      // its v0.9 observer wants a JWT (covered by archive.integration.test.ts).
    });
    const { controlPlane, clusterGateway, observer } = sandbox.endpoints;

    // A recording proxy in front of the cluster gateway: every request the backend sends to it is kept.
    const gatewayAgent = new https.Agent({
      ca: Buffer.from(clusterGateway.caData, 'base64').toString(),
      cert: Buffer.from(clusterGateway.clientCertData, 'base64').toString(),
      key: Buffer.from(clusterGateway.clientKeyData, 'base64').toString(),
      keepAlive: true,
    });
    gatewayProxy = http.createServer((req, res) => {
      gatewayRequests.push(req.url ?? '');
      const upstream = https.request(
        new URL(req.url ?? '/', clusterGateway.url),
        {
          method: req.method,
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(([k]) => k !== 'host'),
          ),
          agent: gatewayAgent,
        },
        up => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    gatewayProxy.listen(0, '127.0.0.1');
    await once(gatewayProxy, 'listening');

    const config = readPluginConfig(
      new ConfigReader({
        openchoreo: {
          build: {
            namespaces: ['default', 'acme', 'platform'],
            controlPlane: { url: controlPlane.url, token: controlPlane.token },
            clusterGateway: {
              url: `http://127.0.0.1:${
                (gatewayProxy.address() as AddressInfo).port
              }`,
            },
            observer: { url: observer.url, auth: { ...observer.auth } },
            // The sandbox's seeded planes name a plain-http observer.
            allowInsecureBuildPlanes: true,
          },
        },
      }),
    );
    const cp = new ControlPlane(
      new KubernetesClient(
        buildControlPlaneKubeConfig(config.controlPlane),
        'control plane',
        15000,
      ),
    );
    const registry = new BuildPlaneRegistry(cp, config);
    // A real v0.9 build plane has the ClusterWorkflowTemplates its ComponentWorkflows reference
    // (install/helm/openchoreo-build-plane/templates/workflow-templates/*.yaml@v0.9.0): expired
    // runs' steps are named after them.
    for (const file of listFiles(
      referencePath(
        'openchoreo',
        'samples-v0.9.0',
        'cluster-workflow-templates',
      ),
    )) {
      for (const template of loadReferenceYaml<KObject>(file))
        sandbox.buildPlane.create(template, 'clusterworkflowtemplates');
    }
    archive = new RunArchiveService(cp, registry, {
      timeoutMs: 15000,
      limits: config.limits,
      pageSize: 50,
    });
    service = new StepLogService({
      archive,
      controlPlane: cp,
      registry,
      observer: config.observer,
      pollIntervalMs: 100,
      heartbeatMs: 500,
      requestTimeoutMs: 15000,
      archivePageSize: 50,
    });
    capped = new StepLogService({
      archive,
      controlPlane: cp,
      registry,
      observer: config.observer,
      pollIntervalMs: 100,
      heartbeatMs: 500,
      requestTimeoutMs: 15000,
      archivePageSize: 50,
      limits: { logPageBytes: 1000, logDownloadBytes: 1500 },
    });
    const app = express();
    app.use(
      '/capped/api/openchoreo-build',
      createLogsRouter({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.user(),
        }),
        namespaces: ['default', 'acme', 'platform'],
        logs: capped,
        authorizeRead: async () => undefined,
      }),
    );
    app.use(
      '/api/openchoreo-build',
      createLogsRouter({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.user(),
        }),
        namespaces: ['default', 'acme', 'platform'],
        logs: service,
        // Permissions are covered by the router's permission table test.
        authorizeRead: async () => undefined,
      }),
    );
    app.use(
      (
        error: Error & { statusCode?: number },
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        const status =
          {
            NotFoundError: 404,
            InputError: 400,
            ServiceUnavailableError: 503,
            NotAllowedError: 403,
          }[error.name as string] ??
          error.statusCode ??
          500;
        res
          .status(status)
          .json({ error: { name: error.name, message: error.message } });
      },
    );
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/openchoreo-build`;
    cappedBase = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/capped/api/openchoreo-build`;
  });

  afterAll(async () => {
    service?.close();
    capped?.close();
    server?.closeAllConnections();
    server?.close();
    gatewayProxy?.closeAllConnections();
    gatewayProxy?.close();
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  let counter = 0;
  /** Starts a run directly in the sandbox's control plane (annotations reach the build plane). */
  function startRun(
    org: 'acme' | 'default',
    annotations: Record<string, string> = {},
  ) {
    const component = org === 'acme' ? 'react-starter' : 'greeter-service';
    const project = org === 'acme' ? 'online-store' : 'default';
    const spec = sandbox.controlPlane.get(OC, 'components', org, component)!
      .spec as NonNullable<Component['spec']>;
    counter += 1;
    const name = `${component}-workflow-${(0xabc00000 + counter).toString(16)}`;
    sandbox.controlPlane.create(
      {
        apiVersion: OC,
        kind: 'ComponentWorkflowRun',
        metadata: { name, namespace: org, annotations },
        spec: {
          owner: { projectName: project, componentName: component },
          workflow: spec.workflow,
        },
      } satisfies ComponentWorkflowRun,
      'componentworkflowruns',
    );
    return name;
  }

  /** The run's Argo Workflow status as the sandbox holds it. */
  function workflowStatus(org: string, run: string) {
    return sandbox.buildPlane.get(WF, 'workflows', `openchoreo-ci-${org}`, run)
      ?.status as WorkflowStatus | undefined;
  }
  /** The Argo node of a step (by display name) of the run's Workflow. */
  function nodeOf(org: string, run: string, step: string) {
    return Object.values(workflowStatus(org, run)?.nodes ?? {}).find(
      n => n?.displayName === step,
    );
  }
  /** A run of `acme` whose Workflow succeeded. */
  function succeededRun() {
    return sandbox.controlPlane
      .list(OC, 'componentworkflowruns', 'acme')
      .map(r => r.metadata.name!)
      .find(name => workflowStatus('acme', name)?.phase === 'Succeeded')!;
  }
  /** A run of `default` whose Workflow is gone (the seed's expired history). */
  function expiredRun() {
    return sandbox.controlPlane
      .list(OC, 'componentworkflowruns', 'default')
      .map(r => r.metadata.name!)
      .find(
        name =>
          !sandbox.buildPlane.get(
            WF,
            'workflows',
            'openchoreo-ci-default',
            name,
          ),
      )!;
  }
  /** The step's pod and its `main` log as the sandbox holds it (the truth to compare with). */
  function podOf(org: string, run: string, step: string) {
    const node = nodeOf(org, run, step);
    const pod = sandbox.buildPlane
      .list('v1', 'pods', `openchoreo-ci-${org}`)
      .find(
        p =>
          p.metadata.annotations?.['workflows.argoproj.io/node-name'] ===
          node?.name,
      );
    return pod?.metadata.name;
  }
  function truth(org: string, podName: string) {
    return sandbox.buildPlane.logs
      .get(`openchoreo-ci-${org}`, podName, 'main')!
      .lines.map(l => ({ ts: l.ts, text: l.text }));
  }
  function expectExact(
    lines: StepLogLine[],
    expected: Array<{ ts: string; text: string }>,
  ) {
    expect(lines.map(l => l.n)).toEqual(expected.map((_, i) => i));
    expect(lines.map(l => ({ ts: l.ts, text: l.text }))).toEqual(expected);
  }

  it('follows a direct plane live from before the step starts to its end, every line once', async () => {
    const run = startRun('acme');
    const { done } = openSse(`${base}/runs/acme/${run}/steps/build-step/logs`);
    const { status, events } = await done;
    expect(status).toBe(200);
    expect(
      events.filter(e => e.event === 'source').map(e => e.data.source),
    ).toEqual(['live']);
    expect(events[events.length - 1]).toMatchObject({ event: 'end' });
    const lines = linesOf(events);
    const podName = podOf('acme', run, 'build-step')!;
    expectExact(lines, truth('acme', podName));
    expect((events[events.length - 1].data as StepLogEndEvent).totalLines).toBe(
      lines.length,
    );
    expect(lines.some(l => l.text.includes('\u001b['))).toBe(true); // ANSI kept for the viewer
    // Ids are the ordinal of the event's last line, then its timestamp and the count of lines up
    // to it with that timestamp (the resume point; see resumeId.ts).
    for (const e of events.filter(x => x.event === 'line')) {
      const last = e.data.n + e.data.text.length - 1;
      expect(e.id).toMatch(
        new RegExp(`^${last}:${e.data.ts[e.data.text.length - 1]}:[1-9]\\d*$`),
      );
    }
  });

  it('resumes exactly after a forced disconnect (Last-Event-ID header and ?lastEventId=)', async () => {
    const run = startRun('acme', {
      'sandbox.openchoreo.dev/log-bytes': '300000',
    });
    // First connection: cut it after the third line event.
    let lineEvents = 0;
    const first = openSse(`${base}/runs/acme/${run}/steps/build-step/logs`, {
      onEvent: (e, req) => {
        if (e.event === 'line' && ++lineEvents === 3) req.destroy();
      },
    });
    const a = await first.done;
    const lastId = [...a.events].reverse().find(e => e.event === 'line')!.id!;
    const second = await openSse(
      `${base}/runs/acme/${run}/steps/build-step/logs`,
      { headers: { 'Last-Event-ID': lastId } },
    ).done;
    expect(second.events[second.events.length - 1].event).toBe('end');
    const podName = podOf('acme', run, 'build-step')!;
    const all = [...linesOf(a.events), ...linesOf(second.events)];
    expectExact(all, truth('acme', podName));
    // The query form resumes the same way (EventSource-less clients).
    const third = await openSse(
      `${base}/runs/acme/${run}/steps/build-step/logs?lastEventId=${
        all.length - 6
      }`,
    ).done;
    expect(linesOf(third.events).map(l => l.n)).toEqual([
      all.length - 5,
      all.length - 4,
      all.length - 3,
      all.length - 2,
      all.length - 1,
    ]);
  });

  it('polls an agent-mode plane through the gateway with sinceTime, never follow=true, without duplicates', async () => {
    gatewayRequests.length = 0;
    const run = startRun('default', {
      'sandbox.openchoreo.dev/log-bytes': '200000',
    });
    const { events } = await openSse(
      `${base}/runs/default/${run}/steps/build-step/logs`,
    ).done;
    expect(
      events.filter(e => e.event === 'source').map(e => e.data.source),
    ).toEqual(['polling']);
    expect(events[events.length - 1].event).toBe('end');
    const podName = podOf('default', run, 'build-step')!;
    expectExact(linesOf(events), truth('default', podName));
    // The step's pod was found through the gateway by the Workflow's label (stepPod.ts).
    expect(
      gatewayRequests.some(
        u =>
          /\/pods\?/.test(u) &&
          new URL(u, 'http://x').searchParams.get('labelSelector') ===
            `workflows.argoproj.io/workflow=${run}`,
      ),
    ).toBe(true);
    const logRequests = gatewayRequests.filter(u =>
      u.includes(`/pods/${podName}/log`),
    );
    expect(logRequests.length).toBeGreaterThan(1);
    expect(
      logRequests.every(
        u => new URL(u, 'http://x').searchParams.get('timestamps') === 'true',
      ),
    ).toBe(true);
    expect(
      logRequests.some(u =>
        new URL(u, 'http://x').searchParams.has('sinceTime'),
      ),
    ).toBe(true);
    expect(
      gatewayRequests.filter(u => /[?&](follow|watch)=(true|1)/.test(u)),
    ).toEqual([]);
  });

  it('switches from live to the archive when the pod goes away mid-stream, without gap or duplicate', async () => {
    const run = startRun('acme', {
      'sandbox.openchoreo.dev/log-bytes': '200000',
    });
    let deleted = false;
    const { done } = openSse(`${base}/runs/acme/${run}/steps/build-step/logs`, {
      onEvent: e => {
        if (e.event === 'line' && !deleted) {
          deleted = true;
          const podName = podOf('acme', run, 'build-step')!;
          sandbox.buildPlane.delete(
            'v1',
            'pods',
            'openchoreo-ci-acme',
            podName,
          );
        }
      },
    });
    const { events } = await done;
    expect(
      events.filter(e => e.event === 'source').map(e => e.data.source),
    ).toEqual(['live', 'archive']);
    expect(events[events.length - 1].event).toBe('end');
    // The pod is gone: its name follows from the Argo node (pod name format v2).
    const node = nodeOf('acme', run, 'build-step')!;
    const podName = `${run}-${node.templateName}-${node.id!.slice(
      run.length + 1,
    )}`;
    // Every line once and in order; the archive's timestamps have OpenSearch's millisecond
    // precision (fluent-bit's @timestamp, internal/observer/opensearch/types.go@v0.9.0), the
    // kubelet's nanoseconds.
    const toMs = (ts: string | undefined) => ts && new Date(ts).toISOString();
    const lines = linesOf(events);
    expect(lines.map(l => l.n)).toEqual(lines.map((_, i) => i));
    expect(lines.map(l => ({ ts: toMs(l.ts), text: l.text }))).toEqual(
      truth('acme', podName).map(l => ({ ts: toMs(l.ts), text: l.text })),
    );
  });

  it('reads an expired run (no Workflow, no pods) from the observer archive', async () => {
    const expired = expiredRun();
    expect(expired).toBeDefined();
    const { status, events } = await openSse(
      `${base}/runs/default/${expired}/steps/build-step/logs`,
    ).done;
    expect(status).toBe(200);
    expect(
      events.filter(e => e.event === 'source').map(e => e.data.source),
    ).toEqual(['archive']);
    expect(events[events.length - 1].event).toBe('end');
    const archived = await archivedStepLines(expired, 'build-step');
    expect(archived.length).toBeGreaterThan(10);
    expectExact(
      linesOf(events),
      archived.map(l => ({ ts: l.ts, text: l.text })),
    );

    // The JSON page and the download come from the same source.
    const page = await fetch(
      `${base}/runs/default/${expired}/steps/build-step/logs?follow=false&offset=2&limit=3`,
      {
        headers: { Authorization: mockCredentials.user.header() },
      },
    );
    expect(await page.json()).toEqual({
      lines: linesOf(events).slice(2, 5),
      source: 'archive',
      complete: false,
      nextOffset: 5,
    });
    const lastPage = await (
      await fetch(
        `${base}/runs/default/${expired}/steps/build-step/logs?follow=false&offset=2&limit=10000`,
      )
    ).json();
    expect(lastPage).toMatchObject({
      complete: true,
      nextOffset: archived.length,
    });
    const file = await fetch(
      `${base}/runs/default/${expired}/steps/build-step/logs?download=1`,
    );
    expect(file.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="${expired}-build-step.log"`,
    );
    expect(await file.text()).toBe(archived.map(l => `${l.text}\n`).join(''));

    // Unknown step of an expired run: 404 naming it and the steps that exist.
    const missing = await fetch(
      `${base}/runs/default/${expired}/steps/nope-step/logs`,
    );
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toMatch(
      /Step nope-step not found in the archived logs of run default\/.*build-step/,
    );
  });

  it('answers clear errors: unknown run, unknown step, bad input', async () => {
    const unknownRun = await fetch(
      `${base}/runs/default/no-such-run/steps/build-step/logs`,
    );
    expect(unknownRun.status).toBe(404);
    expect((await unknownRun.json()).error.message).toMatch(/no-such-run/);
    const finished = succeededRun();
    const unknownStep = await fetch(
      `${base}/runs/acme/${finished}/steps/nope-step/logs?follow=false`,
    );
    expect(unknownStep.status).toBe(404);
    expect((await unknownStep.json()).error.message).toMatch(
      /Step nope-step not found in run acme\/.*\(its steps: clone-step/,
    );
    const bad = await fetch(
      `${base}/runs/acme/${finished}/steps/build-step/logs?follow=maybe`,
    );
    expect(bad.status).toBe(400);
    const badId = await fetch(
      `${base}/runs/acme/${finished}/steps/build-step/logs`,
      { headers: { 'Last-Event-ID': 'x' } },
    );
    expect(badId.status).toBe(400);
    const otherNs = await fetch(
      `${base}/runs/kube-system/x/steps/build-step/logs`,
    );
    expect(otherNs.status).toBe(404);
  });

  it('serves a step by its id (the Argo node id) as by its name', async () => {
    const finished = succeededRun();
    const node = nodeOf('acme', finished, 'build-step')!;
    const page = async (step: string) => {
      const res = await fetch(
        `${base}/runs/acme/${finished}/steps/${encodeURIComponent(
          step,
        )}/logs?follow=false`,
        { headers: { Authorization: mockCredentials.user.header() } },
      );
      expect(res.status).toBe(200);
      return (await res.json()).lines;
    };
    const byId = await page(node.id!);
    expect(byId.length).toBeGreaterThan(0);
    expect(byId).toEqual(await page('build-step'));
    // A download asked for by id is named after the step as shown.
    const download = await fetch(
      `${base}/runs/acme/${finished}/steps/${node.id}/logs?download=true`,
    );
    await download.text();
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="${finished}-build-step.log"`,
    );
  });

  it('answers a step that has not started yet clearly in JSON mode', async () => {
    const run = startRun('acme');
    const res = await fetch(
      `${base}/runs/acme/${run}/steps/workload-create-step/logs?follow=false`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      lines: [],
      complete: false,
      nextOffset: 0,
      waiting: expect.any(String),
    });
  });

  it('aborts the upstream follow when the browser leaves', async () => {
    const run = startRun('acme', {
      'sandbox.openchoreo.dev/log-bytes': '2000000',
    });
    const closed = once(service.events, 'closed');
    let watched: Promise<void> | undefined;
    const { done } = openSse(`${base}/runs/acme/${run}/steps/build-step/logs`, {
      onEvent: (e, req) => {
        if (e.event !== 'line' || watched) return;
        const log = sandbox.buildPlane.logs.get(
          'openchoreo-ci-acme',
          podOf('acme', run, 'build-step')!,
          'main',
        )!;
        expect(log.ended).toBe(false); // still running: the backend holds a follow request open
        expect(log.events.listenerCount('lines')).toBe(1);
        watched = new Promise<void>(resolve => {
          log.events.on('removeListener', name => {
            if (name === 'lines' && log.events.listenerCount('lines') === 0)
              resolve();
          });
        });
        req.destroy();
      },
    });
    await done;
    await closed;
    await watched; // the sandbox saw the follow request go away
    // The reader (the step's shared follow, StepLogHub.ts) ends with the request it held.
    await new Promise<void>(resolve => {
      const check = () => {
        if (service.stats().length > 0) return;
        service.events.off('closed', check);
        resolve();
      };
      service.events.on('closed', check);
      check();
    });
    expect(service.stats()).toEqual([]);
    expect(service.hubs.stats()).toEqual([]);
  });

  it('keeps memory bounded for a client that stops reading: the upstream is paused', async () => {
    // A finished step with a 20 MB log, written straight into the sandbox (served as written).
    const name = 'react-starter-workflow-5ta11ed0';
    const ns = 'openchoreo-ci-acme';
    const nodeName = `${name}[0].build-step`;
    const podName = `${name}-build-step-${fnv1a32(nodeName)}`;
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const spec = sandbox.controlPlane.get(
      OC,
      'components',
      'acme',
      'react-starter',
    )!.spec as NonNullable<Component['spec']>;
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
          workflow: spec.workflow,
        },
        status: {
          conditions: [
            {
              type: 'WorkflowSucceeded',
              status: 'True',
              reason: 'WorkflowSucceeded',
              message: '',
              lastTransitionTime: at,
            },
          ],
          runReference: {
            apiVersion: WF,
            kind: 'Workflow',
            name,
            namespace: ns,
          },
        },
      } satisfies ComponentWorkflowRun,
      'componentworkflowruns',
    );
    const nodeId = `${name}-${fnv1a32(nodeName)}`;
    sandbox.buildPlane.create(
      {
        apiVersion: WF,
        kind: 'Workflow',
        metadata: { name, namespace: ns },
        spec: { entrypoint: 'build' },
        status: {
          phase: 'Succeeded',
          nodes: {
            [name]: {
              id: name,
              name,
              displayName: name,
              type: 'Steps',
              phase: 'Succeeded',
              startedAt: at,
              children: [nodeId],
            },
            [nodeId]: {
              id: nodeId,
              name: nodeName,
              displayName: 'build-step',
              type: 'Pod',
              templateName: 'build-step',
              phase: 'Succeeded',
              startedAt: at,
              finishedAt: at,
            },
          },
        },
      } satisfies ArgoWorkflow,
      'workflows',
    );
    sandbox.buildPlane.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        // Found as Argo's pods are: by workflow label and node-name annotation (stepPod.ts).
        metadata: {
          name: podName,
          namespace: ns,
          labels: { 'workflows.argoproj.io/workflow': name },
          annotations: { 'workflows.argoproj.io/node-name': nodeName },
        },
        spec: { containers: [{ name: 'main', image: 'x' }] },
        status: {
          phase: 'Succeeded',
          containerStatuses: [
            { name: 'main', state: { terminated: { exitCode: 0 } } },
          ],
        },
      },
      'pods',
    );
    const log = sandbox.buildPlane.logs.register(
      ns,
      podName,
      'main',
      podName,
      name,
    );
    for (let chunk = 0; chunk < 20; chunk += 1) {
      const lines = Array.from(
        { length: 10_000 },
        (_, i) =>
          `\u001b[32m[build]\u001b[0m line ${chunk * 10_000 + i} ${'.'.repeat(
            70,
          )}`,
      );
      sandbox.buildPlane.logs.append(log, lines.join('\n'), Date.now() + chunk);
    }
    sandbox.buildPlane.logs.end(log);
    const upstreamTotal = log.bytes + log.lines.length * 31; // with the timestamps the kubelet adds

    const backpressure = once(service.events, 'backpressure');
    const stalled = openSse(`${base}/runs/acme/${name}/steps/build-step/logs`, {
      stall: true,
    });
    await backpressure;
    // The backend stopped reading upstream: it waits for 'drain' instead of buffering the log.
    const stats = service.stats()[0];
    expect(stats.waitingForSink).toBe(true);
    expect(stats.position).toBeLessThan(log.lines.length / 2);
    expect(stats.upstreamBytes).toBeLessThan(upstreamTotal / 2);
    expect(stats.peakBufferedBytes).toBeLessThan(
      MAX_BUFFERED_BYTES + 1024 * 1024,
    ); // the bound + one upstream batch
    const closed = once(service.events, 'closed');
    stalled.request().destroy();
    const [final] = await closed;
    expect(final.peakBufferedBytes).toBeLessThan(
      MAX_BUFFERED_BYTES + 1024 * 1024,
    );
    expect(final.upstreamBytes).toBeLessThan(upstreamTotal / 2);
  });

  it('caps open log streams per user: the 21st answers 429 with Retry-After naming the limit; closing one frees a slot; another user is unaffected', async () => {
    // A realistic-speed run: its last step waits for minutes, so its log streams stay open.
    const run = startRun('acme', { 'sandbox.openchoreo.dev/speed': '1' });
    const url = `${base}/runs/acme/${run}/steps/workload-create-step/logs`;
    const me = 'user:default/mock';
    const streams = Array.from({ length: 20 }, () => openSse(url));
    await until(() =>
      streams.every(s => s.events.some(e => e.event === 'waiting')),
    );
    expect(service.streams.countOf(me)).toBe(20);

    const refused = await fetch(url, {
      headers: { Authorization: mockCredentials.user.header() },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect((await refused.json()).error.message).toMatch(
      /20 open log streams.*openchoreo\.build\.limits\.logStreams\.perUser = 20/,
    );
    // Pages and downloads count too: the cap is on what a user holds open upstream.
    expect(
      (
        await fetch(`${url}?follow=false`, {
          headers: { Authorization: mockCredentials.user.header() },
        })
      ).status,
    ).toBe(429);

    const other = await fetch(`${url}?follow=false`, {
      headers: {
        Authorization: mockCredentials.user.header('user:default/other'),
      },
    });
    expect(other.status).toBe(200);

    streams[0].request().destroy();
    await until(() => service.streams.countOf(me) === 19);
    const again = openSse(url);
    await until(() => again.events.some(e => e.event === 'waiting'));
    for (const s of [...streams, again]) s.request().destroy();
    await until(() => service.streams.size === 0);
  });

  it('bounds JSON pages and downloads in bytes: a page ends early with truncated and nextOffset, a download with a final line', async () => {
    const expired = expiredRun();
    const archivedLines = (await archivedStepLines(expired, 'build-step')).map(
      l => ({ ts: l.ts, text: l.text }),
    );
    expect(JSON.stringify(archivedLines).length).toBeGreaterThan(3000);

    // Page by page under a 1000-byte cap: every line once, in order, each page within the cap.
    const seen: StepLogLine[] = [];
    const pages: Array<{
      lines: StepLogLine[];
      truncated?: boolean;
      complete: boolean;
      nextOffset: number;
      offset: number;
    }> = [];
    let offset = 0;
    for (let more = true; more && pages.length < 200; ) {
      const body = await (
        await fetch(
          `${cappedBase}/runs/default/${expired}/steps/build-step/logs?follow=false&offset=${offset}&limit=10000`,
        )
      ).json();
      pages.push({ ...body, offset });
      seen.push(...body.lines);
      offset = body.nextOffset;
      more = body.truncated === true;
    }
    expect(pages.length).toBeGreaterThan(2);
    for (const [i, p] of pages.entries()) {
      const last = i === pages.length - 1;
      expect(p.lines.length).toBeGreaterThan(0);
      expect(p.nextOffset).toBe(p.offset + p.lines.length);
      // Every page but the last was cut by the cap and stays within it.
      expect({ truncated: p.truncated === true, complete: p.complete }).toEqual(
        { truncated: !last, complete: last },
      );
      expect(last || JSON.stringify(p.lines).length <= 1000).toBe(true);
    }
    expect(offset).toBe(archivedLines.length);
    expectExact(seen, archivedLines);

    const file = await (
      await fetch(
        `${cappedBase}/runs/default/${expired}/steps/build-step/logs?download=1`,
      )
    ).text();
    const [body, note] = [
      file.slice(0, file.lastIndexOf('[log download stopped')),
      file.slice(file.lastIndexOf('[log download stopped')),
    ];
    expect(note).toMatch(
      /^\[log download stopped after \d+ bytes: the limit openchoreo\.build\.limits\.logDownloadBytes is 1500/,
    );
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1500);
    // Whole lines only, the start of the log.
    expect(
      archivedLines
        .map(l => `${l.text}\n`)
        .join('')
        .startsWith(body),
    ).toBe(true);
    expect(body.endsWith('\n')).toBe(true);
  });

  it('ends an open log stream with a final event when the backend shuts down', async () => {
    const own = new StepLogService({ ...service.options });
    const app = express();
    app.use(
      createLogsRouter({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.user(),
        }),
        namespaces: ['acme'],
        logs: own,
        authorizeRead: async () => undefined,
      }),
    );
    const local = app.listen(0, '127.0.0.1');
    await once(local, 'listening');
    try {
      const run = startRun('acme', { 'sandbox.openchoreo.dev/speed': '1' });
      const stream = openSse(
        `http://127.0.0.1:${
          (local.address() as AddressInfo).port
        }/runs/acme/${run}/steps/workload-create-step/logs`,
        {
          onEvent: e => {
            if (e.event === 'waiting') own.close();
          },
        },
      );
      const { events } = await stream.done;
      expect(events[events.length - 1]).toMatchObject({
        event: 'error',
        data: {
          fatal: false,
          status: 503,
          message: expect.stringMatching(/shutting down/),
        },
      });
    } finally {
      local.closeAllConnections();
      local.close();
    }
  });

  it('is mounted by the plugin (Backstage auth, config and error shape)', async () => {
    const { controlPlane, clusterGateway, observer } = sandbox.endpoints;
    const backend = await startTestBackend({
      features: [
        openchoreoBuildPlugin,
        catalogWith(exampleEntities()),
        mockServices.rootConfig.factory({
          data: {
            openchoreo: {
              build: {
                namespaces: ['default'],
                controlPlane: {
                  url: controlPlane.url,
                  token: controlPlane.token,
                },
                clusterGateway: {
                  url: clusterGateway.url,
                  caData: clusterGateway.caData,
                  clientCert: clusterGateway.clientCertData,
                  clientKey: clusterGateway.clientKeyData,
                },
                observer: {
                  url: observer.url,
                  username: observer.username,
                  password: observer.password,
                },
                allowInsecureBuildPlanes: true,
                logs: { pollIntervalMs: 100 },
              },
            },
          },
        }),
      ],
    });
    try {
      const url = `http://127.0.0.1:${
        (backend.server.address() as AddressInfo).port
      }/api/openchoreo-build`;
      const expired = expiredRun();
      // Requests without a token are refused (the test backend's mock auth accepts the mock header only).
      expect(
        (
          await fetch(
            `${url}/runs/default/${expired}/steps/build-step/logs?follow=false`,
            { headers: { Authorization: 'Bearer bad' } },
          )
        ).status,
      ).toBe(401);
      const { status, events } = await openSse(
        `${url}/runs/default/${expired}/steps/clone-step/logs`,
      ).done;
      expect(status).toBe(200);
      expect(events.map(e => e.event)).toEqual(['source', 'line', 'end']);
      const missing = await fetch(
        `${url}/runs/default/nope/steps/build-step/logs`,
        { headers: { Authorization: mockCredentials.user.header() } },
      );
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({
        error: {
          name: 'NotFoundError',
          message: expect.stringContaining('default/nope'),
        },
      });
    } finally {
      await backend.stop();
    }
  });
});
