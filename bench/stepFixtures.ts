/**
 * What the log benchmarks (`yarn bench`, `yarn bench:scale`) share: a run whose one step's log the
 * benchmark writes itself (straight into the sandbox's log store, so it can hold a step running for
 * as long as it needs), and a follower that checks every line of a step log stream.
 */
import http from 'node:http';
import {
  parseStepLogLinesData,
  type ArgoWorkflow,
  type ComponentWorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { startSandbox } from '@openchoreo-build/sandbox';
import { sseBlocks, sseEvent } from './sseBlocks';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export const OC = 'openchoreo.dev/v1alpha1';
export const WF_API = 'argoproj.io/v1alpha1';
/** The benchmarks' organization and its build namespace. */
export const ORG = 'acme';
export const NS = `openchoreo-ci-${ORG}`;
/** startTestBackend's mock user (bench/backend.ts). */
export const AUTH = 'Bearer mock-user-token';

/** The spec of a `react` build of the sandbox's seeded react-starter component. */
export function reactStarterRunSpec() {
  return {
    owner: { projectName: 'online-store', componentName: 'react-starter' },
    workflow: {
      name: 'react',
      systemParameters: {
        repository: {
          url: 'https://github.com/openchoreo/sample-workloads',
          revision: { branch: 'main' },
          appPath: '/webapp-react-nginx',
        },
      },
      parameters: {},
    },
  };
}

/** Argo's pod name hash of a node name (FNV-1a, 32 bits). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A run with one `build-step` whose Workflow, pod and log are written directly (the sandbox serves
 * objects created with a status as they are). Returns a writer for the step's `main` log.
 */
export function syntheticRun(
  sandbox: Sandbox,
  name: string,
  finished: boolean,
) {
  const now = new Date();
  const iso = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const nodeName = `${name}[0].build-step`;
  const hash = fnv1a32(nodeName);
  const podName = `${name}-build-step-${hash}`;
  const nodeId = `${name}-${hash}`;
  const phase = finished ? 'Succeeded' : 'Running';
  sandbox.controlPlane.create(
    {
      apiVersion: OC,
      kind: 'ComponentWorkflowRun',
      metadata: { name, namespace: ORG },
      spec: reactStarterRunSpec(),
      status: {
        conditions: [
          {
            type: 'WorkflowRunning',
            status: finished ? 'False' : 'True',
            reason: 'WorkflowRunning',
            message: '',
            lastTransitionTime: iso,
          },
          ...(finished
            ? [
                {
                  type: 'WorkflowSucceeded',
                  status: 'True',
                  reason: 'WorkflowSucceeded',
                  message: '',
                  lastTransitionTime: iso,
                },
              ]
            : []),
        ],
        runReference: {
          apiVersion: WF_API,
          kind: 'Workflow',
          name,
          namespace: NS,
        },
      },
    } satisfies ComponentWorkflowRun,
    'componentworkflowruns',
  );
  const workflowStatus = (p: string) => ({
    phase: p,
    startedAt: iso,
    nodes: {
      [name]: {
        id: name,
        name,
        displayName: name,
        type: 'Steps',
        phase: p,
        startedAt: iso,
        children: [nodeId],
      },
      [nodeId]: {
        id: nodeId,
        name: nodeName,
        displayName: 'build-step',
        type: 'Pod',
        templateName: 'build-step',
        phase: p,
        startedAt: iso,
        ...(p === 'Succeeded' ? { finishedAt: iso } : {}),
      },
    },
  });
  sandbox.buildPlane.create(
    {
      apiVersion: WF_API,
      kind: 'Workflow',
      metadata: { name, namespace: NS },
      spec: { entrypoint: 'build' },
      status: workflowStatus(phase),
    } satisfies ArgoWorkflow,
    'workflows',
  );
  const mainState = (done: boolean) =>
    done
      ? {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: iso,
            finishedAt: iso,
          },
        }
      : { running: { startedAt: iso } };
  const podStatus = (done: boolean) => ({
    phase: done ? 'Succeeded' : 'Running',
    containerStatuses: [
      {
        name: 'main',
        ready: !done,
        restartCount: 0,
        image: 'bench',
        imageID: '',
        state: mainState(done),
      },
    ],
  });
  sandbox.buildPlane.create(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        namespace: NS,
        labels: { 'workflows.argoproj.io/workflow': name },
        annotations: { 'workflows.argoproj.io/node-name': nodeName },
      },
      spec: { containers: [{ name: 'main', image: 'bench' }] },
      status: podStatus(finished),
    },
    'pods',
  );
  const log = sandbox.buildPlane.logs.register(
    NS,
    podName,
    'main',
    podName,
    name,
  );
  let ms = Date.now();
  return {
    podName,
    /** Appends lines (10k per log-store call, each call one timestamp). */
    append(lines: string[]) {
      for (let i = 0; i < lines.length; i += 10_000) {
        ms += 1;
        sandbox.buildPlane.logs.append(
          log,
          lines.slice(i, i + 10_000).join('\n'),
          ms,
        );
      }
    },
    /** The container ended (the log is complete): a followed read ends here. */
    end() {
      sandbox.buildPlane.logs.end(log);
    },
    finish() {
      const pod = sandbox.buildPlane.get('v1', 'pods', NS, podName)!;
      sandbox.buildPlane.updateStatus(
        { ...pod, status: podStatus(true) },
        'pods',
      );
      const wf = sandbox.buildPlane.get(WF_API, 'workflows', NS, name)!;
      sandbox.buildPlane.updateStatus(
        { ...wf, status: workflowStatus('Succeeded') },
        'workflows',
      );
      sandbox.buildPlane.logs.end(log);
    },
    get bytes() {
      return log.bytes;
    },
    get lines() {
      return log.lines.length;
    },
  };
}

export function logLine(i: number): string {
  return `\u001b[90m[build]\u001b[0m compiling module ${i} ${(
    Math.imul(i, 2654435761) >>> 0
  )
    .toString(16)
    .padStart(8, '0')} \u001b[32mok\u001b[0m ${'.'.repeat(40)}`;
}

export interface Follower {
  received: number;
  duplicates: number;
  gaps: number;
  next: number;
  ended: boolean;
  connected: Promise<void>;
  done: Promise<void>;
}

/** A full SSE client: parses every line event and checks the ordinals. */
export function follow(url: string): Follower {
  const state = {
    received: 0,
    duplicates: 0,
    gaps: 0,
    next: 0,
    ended: false,
  } as Follower;
  let onConnected!: () => void;
  let onRefused!: (error: Error) => void;
  state.connected = new Promise((resolve, reject) => {
    onConnected = resolve;
    onRefused = reject;
  });
  state.done = new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { Authorization: AUTH }, agent: false },
      res => {
        if (res.statusCode !== 200) {
          // Say why instead of waiting forever for a `source` event (e.g. 429: the stream caps).
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () => {
            const error = new Error(
              `follower refused: ${res.statusCode} ${body.slice(0, 300)}`,
            );
            onRefused(error);
            reject(error);
          });
          return;
        }
        const split = sseBlocks(block => {
          const { event, data } = sseEvent(block);
          if (event === 'source') onConnected();
          if (event === 'line' && data) {
            const batch = parseStepLogLinesData(data);
            for (let i = 0; i < batch.text.length; i += 1) {
              const n = batch.n + i;
              if (n < state.next) state.duplicates += 1;
              else {
                if (n > state.next) state.gaps += n - state.next;
                state.received += 1;
                state.next = n + 1;
              }
            }
          }
          if (event === 'end') state.ended = true;
        });
        res.setEncoding('utf8');
        res.on('data', split);
        res.on('end', () => resolve());
        res.on('error', reject);
      },
    );
    req.on('error', error => {
      onRefused(error);
      reject(error);
    });
  });
  return state;
}
