import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { startSandbox } from '@openchoreo-build/sandbox';
import {
  stepLogLinesOf,
  type ArgoWorkflow,
  type Component,
  type ComponentWorkflowRun,
  type StepLogLine,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  stepLogEventOf,
  type StepLogSseEvent,
} from '../__testUtils__/stepLogEvents';
import { readSseEvents } from '../__testUtils__/sse';
import express from 'express';
import { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import { readPluginConfig } from '../config/pluginConfig';
import { ControlPlane } from '../controlplane/ControlPlane';
import { buildControlPlaneKubeConfig } from '../controlplane/controlPlaneKubeConfig';
import { KubernetesClient } from '../kubernetes/KubernetesClient';
import { fnv1a32 } from '../runs/argoPodName';
import { TimestampCursor } from './dedup';
import { createLogsRouter } from './logsRouter';
import { formatLogEventId } from './resumeId';
import { StepLogService } from './StepLogService';

/**
 * Followers of one running step share one upstream read (StepLogHub.ts), against the real
 * sandbox: its API server serves `pods/log` as the kubelet does (follow on direct planes; polls
 * with `sinceTime` through the cluster gateway on agent planes, whose `/api/proxy/` handler
 * forwards the request to the plane's API server: internal/cluster-gateway/server.go@v0.9.0).
 * The step is written straight into the sandbox (Workflow, pod, log), so the test decides when
 * lines appear and when the container ends.
 */

jest.setTimeout(90_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const OC = 'openchoreo.dev/v1alpha1';
const WF = 'argoproj.io/v1alpha1';

type SseEvent = StepLogSseEvent;

/** An SSE client that keeps every event and lets the test wait for a condition on them. */
function follow(url: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  const lines: StepLogLine[] = [];
  const checks = new Set<() => void>();
  let req!: http.ClientRequest;
  let closed = false;
  const done = new Promise<void>((resolve, reject) => {
    req = http.get(
      url,
      {
        headers: { Authorization: mockCredentials.user.header(), ...headers },
        agent: false,
      },
      res => {
        readSseEvents(
          res,
          block => {
            const e = stepLogEventOf(block);
            if (!e) return;
            events.push(e);
            if (e.event === 'line') lines.push(...stepLogLinesOf(e.data));
          },
          () => {
            for (const check of [...checks]) check();
          },
        );
        res.on('end', () => {
          for (const check of [...checks]) check();
          resolve();
        });
        res.on('error', error => (closed ? resolve() : reject(error)));
      },
    );
    req.on('error', error => (closed ? resolve() : reject(error)));
  });
  return {
    events,
    lines,
    done,
    /** The browser leaves. */
    close: () => {
      closed = true;
      req.destroy();
    },
    /** Resolves once `condition` holds (checked after every chunk and at the end). */
    until(condition: () => boolean): Promise<void> {
      if (condition()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (condition()) {
            checks.delete(check);
            resolve();
          } else if (req.destroyed || events.at(-1)?.event === 'end') {
            checks.delete(check);
            reject(
              new Error(`stream ended first: ${JSON.stringify(events.at(-1))}`),
            );
          }
        };
        checks.add(check);
      });
    },
  };
}

type Follower = ReturnType<typeof follow>;

/**
 * A ComponentWorkflowRun whose Workflow's `build-step` pod runs, written straight into the
 * sandbox (it serves objects created with a status as they are); the test appends to its log
 * and ends it.
 */
function runningStep(sandbox: Sandbox, org: 'acme' | 'default', name: string) {
  const ns = `openchoreo-ci-${org}`;
  const component = org === 'acme' ? 'react-starter' : 'greeter-service';
  const project = org === 'acme' ? 'online-store' : 'default';
  const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const nodeName = `${name}[0].build-step`;
  const nodeId = `${name}-${fnv1a32(nodeName)}`;
  const podName = `${name}-build-step-${fnv1a32(nodeName)}`;
  const spec = sandbox.controlPlane.get(OC, 'components', org, component)!
    .spec as NonNullable<Component['spec']>;
  sandbox.controlPlane.create(
    {
      apiVersion: OC,
      kind: 'ComponentWorkflowRun',
      metadata: { name, namespace: org },
      spec: {
        owner: { projectName: project, componentName: component },
        workflow: spec.workflow,
      },
      status: {
        conditions: [
          {
            type: 'WorkflowRunning',
            status: 'True',
            reason: 'WorkflowRunning',
            message: '',
            lastTransitionTime: at,
          },
        ],
        runReference: { apiVersion: WF, kind: 'Workflow', name, namespace: ns },
      },
    } satisfies ComponentWorkflowRun,
    'componentworkflowruns',
  );
  const workflowStatus = (phase: string) => ({
    phase,
    startedAt: at,
    nodes: {
      [name]: {
        id: name,
        name,
        displayName: name,
        type: 'Steps',
        phase,
        startedAt: at,
        children: [nodeId],
      },
      [nodeId]: {
        id: nodeId,
        name: nodeName,
        displayName: 'build-step',
        type: 'Pod',
        templateName: 'build-step',
        phase,
        startedAt: at,
      },
    },
  });
  sandbox.buildPlane.create(
    {
      apiVersion: WF,
      kind: 'Workflow',
      metadata: { name, namespace: ns },
      spec: { entrypoint: 'build' },
      status: workflowStatus('Running'),
    } satisfies ArgoWorkflow,
    'workflows',
  );
  const podStatus = (done: boolean) => ({
    phase: done ? 'Succeeded' : 'Running',
    containerStatuses: [
      {
        name: 'main',
        state: done
          ? { terminated: { exitCode: 0, reason: 'Completed' } }
          : { running: { startedAt: at } },
      },
    ],
  });
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
      status: podStatus(false),
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
  let written = 0;
  return {
    podName,
    log,
    /** `count` lines in appends of `per` (each append is one timestamp, as a burst of output is). */
    append(count: number, per = 50) {
      for (let i = 0; i < count; i += per) {
        const first = written;
        const lines = Array.from(
          { length: Math.min(per, count - i) },
          (_, k) => `\u001b[32m[build]\u001b[0m ${name} line ${first + k}`,
        );
        written += lines.length;
        sandbox.buildPlane.logs.append(log, lines.join('\n'));
      }
    },
    /** The container ends: pod and Workflow finished, log complete. */
    finish() {
      const pod = sandbox.buildPlane.get('v1', 'pods', ns, podName)!;
      sandbox.buildPlane.updateStatus(
        { ...pod, status: podStatus(true) },
        'pods',
      );
      const wf = sandbox.buildPlane.get(WF, 'workflows', ns, name)!;
      sandbox.buildPlane.updateStatus(
        { ...wf, status: workflowStatus('Succeeded') },
        'workflows',
      );
      sandbox.buildPlane.logs.end(log);
    },
    /** The log as the sandbox holds it, numbered: what every follower must get. */
    truth(): StepLogLine[] {
      return log.lines.map((l, n) => ({ n, ts: l.ts, text: l.text }));
    },
    /** `pods/log?follow=true` requests the sandbox has seen for this container so far. */
    follows: 0,
  };
}

/** Exactly the lines `from…` of `truth`, and event ids as a reader of the whole log gives them. */
function expectExact(f: Follower, truth: StepLogLine[], from = 0) {
  expect(f.lines).toEqual(truth.slice(from));
  const cursor = new TimestampCursor();
  const idAfter = new Map<number, string>();
  truth.forEach(line => {
    cursor.observe(line.ts!);
    idAfter.set(line.n, formatLogEventId(line.n, cursor));
  });
  for (const e of f.events.filter(x => x.event === 'line')) {
    const last = e.data.n + e.data.text.length - 1;
    expect(e.id).toBe(idAfter.get(last));
  }
  expect(f.events.at(-1)).toEqual({
    event: 'end',
    data: { totalLines: truth.length },
  });
}

describe('followers of one running step share one upstream read', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  let server: http.Server;
  let gatewayProxy: http.Server;
  /** pods/log requests through the cluster gateway (agent-mode planes). */
  const gatewayLogRequests: URL[] = [];
  let service: StepLogService;
  /** The same with a tiny window: late followers must read their backlog alone. */
  let narrow: StepLogService;
  let base: string;
  let narrowBase: string;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-shared-it-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
    const { controlPlane, clusterGateway, observer } = sandbox.endpoints;
    // A recording proxy in front of the cluster gateway.
    const gatewayAgent = new https.Agent({
      ca: Buffer.from(clusterGateway.caData, 'base64').toString(),
      cert: Buffer.from(clusterGateway.clientCertData, 'base64').toString(),
      key: Buffer.from(clusterGateway.clientKeyData, 'base64').toString(),
      keepAlive: true,
    });
    gatewayProxy = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', clusterGateway.url);
      if (url.pathname.endsWith('/log')) gatewayLogRequests.push(url);
      const upstream = https.request(
        url,
        {
          method: req.method,
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(([k]) => k !== 'host'),
          ) as http.OutgoingHttpHeaders,
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
            namespaces: ['default', 'acme'],
            controlPlane: { url: controlPlane.url, token: controlPlane.token },
            clusterGateway: {
              url: `http://127.0.0.1:${
                (gatewayProxy.address() as AddressInfo).port
              }`,
            },
            observer: { url: observer.url, auth: { ...observer.auth } },
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
    const options = {
      controlPlane: cp,
      registry,
      observer: config.observer,
      pollIntervalMs: 100,
      heartbeatMs: 500,
      requestTimeoutMs: 15000,
      // 60 followers of one user.
      limits: { logStreams: { perUser: 100, total: 200 } },
    };
    service = new StepLogService(options);
    narrow = new StepLogService({
      ...options,
      limits: { ...options.limits, logFollowWindowBytes: 2048 },
    });
    const app = express();
    for (const [prefix, logs] of [
      ['/api/openchoreo-build', service],
      ['/narrow/api/openchoreo-build', narrow],
    ] as const) {
      app.use(
        prefix,
        createLogsRouter({
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.user(),
          }),
          namespaces: ['default', 'acme'],
          logs,
          // Permissions are covered by the router's permission table test.
          authorizeRead: async () => undefined,
        }),
      );
    }
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    base = `${origin}/api/openchoreo-build`;
    narrowBase = `${origin}/narrow/api/openchoreo-build`;
  });

  afterAll(async () => {
    service?.close();
    narrow?.close();
    server?.closeAllConnections();
    server?.close();
    gatewayProxy?.closeAllConnections();
    gatewayProxy?.close();
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  /** Counts the step's `pods/log?follow=true` requests: each one listens for new lines. */
  function countFollows(step: ReturnType<typeof runningStep>) {
    step.log.events.on('newListener', (event: string) => {
      if (event === 'lines') step.follows += 1;
    });
  }

  /** Resolves once no request follows the log any more / only `count` do. */
  function followersOfLog(step: ReturnType<typeof runningStep>, count: number) {
    const { events } = step.log;
    if (events.listenerCount('lines') === count) return Promise.resolve();
    return new Promise<void>(resolve => {
      const check = () => {
        if (events.listenerCount('lines') !== count) return;
        events.off('removeListener', check);
        resolve();
      };
      events.on('removeListener', check);
    });
  }

  it('50 followers on a direct plane: one pods/log follow, every line once with the ids a lone reader gets; late and resumed followers included', async () => {
    const step = runningStep(
      sandbox,
      'acme',
      'react-starter-workflow-5ba4ed01',
    );
    countFollows(step);
    step.append(100);
    const url = `${base}/runs/acme/react-starter-workflow-5ba4ed01/steps/build-step/logs`;
    const lookups = jest.spyOn(service, 'locator');
    const followers = Array.from({ length: 50 }, () => follow(url));
    await Promise.all(followers.map(f => f.until(() => f.lines.length >= 100)));
    expect(service.hubs.stats()).toMatchObject([
      { followers: 50, position: 100 },
    ]);

    step.append(400);
    await Promise.all(followers.map(f => f.until(() => f.lines.length >= 500)));
    // Joining late: from the start, and resuming from an id one of the others got.
    const late = follow(url);
    // (Its first event: the 100 lines written before anyone followed.)
    const resumeAt = followers[7].events.filter(e => e.event === 'line')[0];
    const resumed = follow(url, { 'Last-Event-ID': resumeAt.id! });
    await late.until(() => late.lines.length >= 500);
    await resumed.until(() => resumed.lines.at(-1)?.n === 499);
    expect(service.hubs.stats()).toMatchObject([{ followers: 52 }]);

    step.append(500, 25);
    step.finish();
    await Promise.all([...followers, late, resumed].map(f => f.done));
    const truth = step.truth();
    expect(truth).toHaveLength(1000);
    for (const f of [...followers, late]) expectExact(f, truth);
    const resumedFrom = resumeAt.data.n + resumeAt.data.text.length;
    expectExact(resumed, truth, resumedFrom);
    expect(resumed.lines[0].n).toBe(resumedFrom);
    // One upstream follow served all 52 clients, and it ended with the step. The run and its
    // plane were looked up once: concurrent requests share a lookup, later ones the live hub.
    expect(step.follows).toBe(1);
    expect(lookups).toHaveBeenCalledTimes(1);
    lookups.mockRestore();
    expect(service.hubs.stats()).toEqual([]);
    expect(service.stats()).toEqual([]);
  });

  it('stops the shared follow when the last follower leaves', async () => {
    const step = runningStep(
      sandbox,
      'acme',
      'react-starter-workflow-5ba4ed02',
    );
    countFollows(step);
    step.append(10);
    const url = `${base}/runs/acme/react-starter-workflow-5ba4ed02/steps/build-step/logs`;
    const [a, b] = [follow(url), follow(url)];
    await Promise.all([a, b].map(f => f.until(() => f.lines.length === 10)));
    expect(step.log.events.listenerCount('lines')).toBe(1);
    a.close();
    step.append(10);
    await b.until(() => b.lines.length === 20);
    expect(step.log.events.listenerCount('lines')).toBe(1);
    b.close();
    await followersOfLog(step, 0);
    expect(service.hubs.stats()).toEqual([]);
    expect(step.follows).toBe(1);
  });

  it('a follower older than the window reads its backlog alone, then joins the shared follow at its position', async () => {
    const step = runningStep(
      sandbox,
      'acme',
      'react-starter-workflow-5ba4ed03',
    );
    countFollows(step);
    const url = `${narrowBase}/runs/acme/react-starter-workflow-5ba4ed03/steps/build-step/logs`;
    step.append(1);
    const early = Array.from({ length: 5 }, () => follow(url));
    await Promise.all(early.map(f => f.until(() => f.lines.length === 1)));
    step.append(999);
    await Promise.all(early.map(f => f.until(() => f.lines.length === 1000)));
    expect(narrow.hubs.stats()[0].windowStart).toBeGreaterThan(0);

    const late = follow(url);
    await late.until(() => late.lines.length === 1000);
    // Its own follow went away once it reached the hub's window.
    await followersOfLog(step, 1);
    expect(step.follows).toBe(2);
    expect(narrow.hubs.stats()).toMatchObject([{ followers: 6 }]);

    step.append(200);
    step.finish();
    await Promise.all([...early, late].map(f => f.done));
    const truth = step.truth();
    for (const f of [...early, late]) expectExact(f, truth);
  });

  it('20 followers on an agent-mode plane: one poll sequence through the cluster gateway', async () => {
    const step = runningStep(
      sandbox,
      'default',
      'greeter-service-workflow-5ba4ed04',
    );
    step.append(30);
    gatewayLogRequests.length = 0;
    const url = `${base}/runs/default/greeter-service-workflow-5ba4ed04/steps/build-step/logs`;
    const followers = Array.from({ length: 20 }, () => follow(url));
    await Promise.all(followers.map(f => f.until(() => f.lines.length === 30)));
    step.append(300, 30);
    step.finish();
    await Promise.all(followers.map(f => f.done));
    const truth = step.truth();
    for (const f of followers) {
      expect(
        f.events.filter(e => e.event === 'source').map(e => e.data.source),
      ).toEqual(['polling']);
      expectExact(f, truth);
    }
    const polls = gatewayLogRequests.filter(u =>
      u.pathname.endsWith(`/pods/${step.podName}/log`),
    );
    // One reader: a single first read (no sinceTime yet), then reads on from its cursor.
    expect(polls.filter(u => !u.searchParams.has('sinceTime'))).toHaveLength(1);
    expect(polls.every(u => !u.searchParams.has('follow'))).toBe(true);
  });
});
