/**
 * `yarn bench`: the log pipeline benchmark (not a test). Prints, measured in one run on this machine:
 *
 * 1. throughput of a 50 MB step log through the backend SSE stream ÷ a direct read of pods/log from
 *    the build plane (same sandbox, same log), and the time to the first line;
 * 2. 200 concurrent followers of one running step: backend peak RSS / heap, lines lost / duplicated;
 * 3. the LogViewer in headless Chromium with 1,000,000 lines: time to first render, search time,
 *    JS heap.
 *
 * The sandbox runs in this process (the big log comes from a run annotated with
 * `sandbox.openchoreo.dev/log-bytes`; the followed step is written straight into its log store, see
 * docs/performance.md); the backend runs in a child process (bench/backend.ts) so its memory is its own.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { parseStepLogLinesData } from '@openchoreo-build/plugin-openchoreo-build-common';
import { startSandbox } from '@openchoreo-build/sandbox';
import { chromiumLaunchOptions } from '../packages/app/e2e-tests/chromium';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const OC = 'openchoreo.dev/v1alpha1';
const WF_API = 'argoproj.io/v1alpha1';
const ORG = 'acme';
const NS = `openchoreo-ci-${ORG}`;
const AUTH = 'Bearer mock-user-token'; // startTestBackend's mock user
const LOG_BYTES = 50 * 1024 * 1024;
const FOLLOWERS = 200;
const BROWSER_LINES = 1_000_000;

function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const fmt = (n: number, digits = 1) => n.toFixed(digits);

/**
 * A run with one `build-step` whose Workflow, pod and log are written directly (the sandbox serves
 * objects created with a status as they are). Returns a writer for the step's `main` log.
 */
function syntheticRun(sandbox: Sandbox, name: string, finished: boolean) {
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
      spec: {
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
      },
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
    } as any,
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
    } as any,
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
    } as any,
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

/**
 * A `react` run of react-starter that the sandbox's controller executes, its `build-step` writing
 * about `bytes` of log (`sandbox.openchoreo.dev/log-bytes`); resolves once the run succeeded.
 */
async function annotatedRun(sandbox: Sandbox, name: string, bytes: number) {
  sandbox.controlPlane.create(
    {
      apiVersion: OC,
      kind: 'ComponentWorkflowRun',
      metadata: {
        name,
        namespace: ORG,
        annotations: { 'sandbox.openchoreo.dev/log-bytes': String(bytes) },
      },
      spec: {
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
      },
    } as any,
    'componentworkflowruns',
  );
  await sandbox.waitForRunCondition(ORG, name, 'WorkflowSucceeded', 600_000);
  const wf = sandbox.buildPlane.get(WF_API, 'workflows', NS, name) as any;
  const node = Object.values(
    wf.status.nodes as Record<
      string,
      { name: string; templateName?: string; type: string }
    >,
  ).find(n => n.type === 'Pod' && n.templateName === 'build-step');
  if (!node) throw new Error(`run ${name} has no build-step pod`);
  const podName = `${name}-build-step-${fnv1a32(node.name)}`;
  const log = sandbox.buildPlane.logs.get(NS, podName, 'main');
  if (!log?.ended) throw new Error(`the build-step log of ${name} did not end`);
  return { podName, bytes: log.bytes, lines: log.lines.length };
}

function logLine(i: number): string {
  return `\u001b[90m[build]\u001b[0m compiling module ${i} ${(
    Math.imul(i, 2654435761) >>> 0
  )
    .toString(16)
    .padStart(8, '0')} \u001b[32mok\u001b[0m ${'.'.repeat(40)}`;
}

/** Reads a whole response; `onChunk` sees every chunk. Resolves with bytes and time. */
function readAll(
  url: string,
  options: https.RequestOptions,
  onChunk: (chunk: Buffer, t: number) => void = () => {},
): Promise<{ bytes: number; ms: number; status: number }> {
  const transport = url.startsWith('https:') ? https : http;
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = transport.get(url, options, res => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        onChunk(chunk, performance.now() - t0);
      });
      res.on('end', () =>
        resolve({
          bytes,
          ms: performance.now() - t0,
          status: res.statusCode ?? 0,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

interface Follower {
  received: number;
  duplicates: number;
  gaps: number;
  next: number;
  ended: boolean;
  connected: Promise<void>;
  done: Promise<void>;
}

/** A full SSE client: parses every line event and checks the ordinals. */
function follow(url: string): Follower {
  const state = {
    received: 0,
    duplicates: 0,
    gaps: 0,
    next: 0,
    ended: false,
  } as Follower;
  let onConnected!: () => void;
  state.connected = new Promise(resolve => {
    onConnected = resolve;
  });
  state.done = new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { Authorization: AUTH }, agent: false },
      res => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let boundary = buffer.indexOf('\n\n');
          while (boundary >= 0) {
            const block = buffer.slice(0, boundary);
            buffer = buffer.slice(boundary + 2);
            boundary = buffer.indexOf('\n\n');
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = block
              .split('\n')
              .filter(l => l.startsWith('data: '))
              .map(l => l.slice(6))
              .join('\n');
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
          }
        });
        res.on('end', () => resolve());
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
  return state;
}

/** Every child process this benchmark started, stopped on a signal. */
const children = new Set<ChildProcess>();

function backendProcess(config: object): Promise<{
  child: ChildProcess;
  port: number;
  ask<T>(type: string): Promise<T>;
}> {
  const child = fork(path.join(__dirname, 'backend.ts'), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      '--expose-gc',
      ...(process.env.BENCH_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
        : []),
    ],
    env: {
      ...process.env,
      BENCH_CONFIG: JSON.stringify(config),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const ask = <T>(type: string) =>
    new Promise<T>(resolve => {
      const onMessage = (message: any) => {
        if (message.type === type) {
          child.off('message', onMessage);
          resolve(message as T);
        }
      };
      child.on('message', onMessage);
      child.send({ type });
    });
  return new Promise((resolve, reject) => {
    // (@backstage/cli's nodeTransform also sends `watch` messages over the same channel.)
    const onMessage = (message: any) => {
      if (message?.type !== 'ready') return;
      child.off('message', onMessage);
      resolve({ child, port: message.port, ask });
    };
    child.on('message', onMessage);
    child.once('exit', code =>
      reject(new Error(`the backend process exited (${code})`)),
    );
  });
}

async function browserBench(): Promise<Record<string, number>> {
  // esbuild comes with the toolchain (Backstage CLI); it bundles the viewer for a bare page.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild');
  const t0 = performance.now();
  const bundle = await esbuild.build({
    entryPoints: [path.join(__dirname, 'harness', 'entry.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  const bundleMs = performance.now() - t0;
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;font-family:sans-serif}</style></head><body><div id="root" style="width:1280px"></div><script>${bundle.outputFiles[0].text.replace(
    /<\/script/g,
    '<\\/script',
  )}</script></body></html>`;
  const file = path.join(os.tmpdir(), `oc-log-bench-${process.pid}.html`);
  fs.writeFileSync(file, html);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    ...chromiumLaunchOptions,
    headless: true,
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
    });
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => (window as any).bench?.ready);
    const result = await page.evaluate(
      (lines: number) => (window as any).runBench(lines),
      BROWSER_LINES,
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    return {
      ...result,
      bundleMs,
      bundleKb: bundle.outputFiles[0].contents.length / 1024,
      heapUsedMb: mb(heap.usedSize),
      heapTotalMb: mb(heap.totalSize),
    };
  } finally {
    await browser.close();
    fs.rmSync(file, { force: true });
  }
}

async function main() {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-'));
  const sandbox = await startSandbox({
    portBase: 0,
    speed: 'fast',
    stateDir,
    ttlSecondsAfterCompletion: 3600,
  });
  const { controlPlane, buildPlane, clusterGateway, observer } =
    sandbox.endpoints;
  const backend = await backendProcess({
    openchoreo: {
      build: {
        namespaces: [ORG],
        // The sandbox's planes name plain-http observers.
        allowInsecureBuildPlanes: true,
        controlPlane: { url: controlPlane.url, token: controlPlane.token },
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
        logs: { pollIntervalMs: 500 },
      },
    },
  });
  const api = `http://127.0.0.1:${backend.port}/api/openchoreo-build`;
  const results: Record<string, string> = {};
  const print = (key: string, value: string) => {
    results[key] = value;
    console.log(`${key.padEnd(44)} ${value}`);
  };
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(
      os.totalmem() / 2 ** 30,
    )} GiB, Node ${process.version}`,
  );
  try {
    // 1. 50 MB step log: backend stream vs direct read. A real run of the sandbox's controller,
    // asked for a big build log with the log-bytes annotation.
    const big = await annotatedRun(
      sandbox,
      'react-starter-workflow-be000050',
      LOG_BYTES,
    );
    print(
      'step log size',
      `${fmt(mb(big.bytes))} MB, ${big.lines.toLocaleString()} lines`,
    );
    const directUrl = `${buildPlane.url}/api/v1/namespaces/${NS}/pods/${big.podName}/log?container=main&timestamps=true&follow=true`;
    const direct = () =>
      readAll(directUrl, {
        headers: { Authorization: `Bearer ${buildPlane.token}` },
        ca: Buffer.from(buildPlane.caData, 'base64').toString(),
        agent: false,
      });
    let firstLineMs = 0;
    const throughBackend = () => {
      let first = -1;
      let tail = '';
      return readAll(
        `${api}/runs/${ORG}/react-starter-workflow-be000050/steps/build-step/logs`,
        { headers: { Authorization: AUTH }, agent: false },
        (chunk, t) => {
          if (first < 0 && chunk.includes('event: line')) first = t;
          tail = (tail + chunk.subarray(-200).toString('latin1')).slice(-200);
        },
      ).then(r => {
        if (!tail.includes('event: end'))
          throw new Error('the backend stream ended without "end"');
        const total = Number(/"totalLines":(\d+)/.exec(tail)?.[1]);
        if (total !== big.lines)
          throw new Error(
            `the backend sent ${total} lines, expected ${big.lines}`,
          );
        return { ...r, first };
      });
    };
    await direct(); // warm-up (TLS, JIT)
    await throughBackend();
    const directRuns: number[] = [];
    const backendRuns: number[] = [];
    const firsts: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      directRuns.push((await direct()).ms);
      const b = await throughBackend();
      backendRuns.push(b.ms);
      firsts.push(b.first);
    }
    const median = (xs: number[]) =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const directMs = median(directRuns);
    const backendMs = median(backendRuns);
    firstLineMs = median(firsts);
    print(
      'direct read of pods/log (median of 3)',
      `${fmt(directMs, 0)} ms = ${fmt(mb(big.bytes) / (directMs / 1000))} MB/s`,
    );
    print(
      'through backend SSE (median of 3)',
      `${fmt(backendMs, 0)} ms = ${fmt(
        mb(big.bytes) / (backendMs / 1000),
      )} MB/s`,
    );
    print(
      'throughput ratio backend / direct',
      `${fmt(directMs / backendMs, 2)} (must be ≥ 0.8)`,
    );
    print('time to first line (50 MB log)', `${fmt(firstLineMs, 0)} ms`);

    if (process.env.BENCH_ONLY === 'throughput') return;
    // 2. 200 followers of one running step.
    const running = syntheticRun(
      sandbox,
      'react-starter-workflow-be000200',
      false,
    );
    running.append(Array.from({ length: 100 }, (_, i) => logLine(i)));
    await backend.ask('reset');
    const followers = Array.from({ length: FOLLOWERS }, () =>
      follow(
        `${api}/runs/${ORG}/react-starter-workflow-be000200/steps/build-step/logs`,
      ),
    );
    const c0 = performance.now();
    await Promise.all(followers.map(f => f.connected));
    print(
      `${FOLLOWERS} followers connected`,
      `${fmt(performance.now() - c0, 0)} ms`,
    );
    const TOTAL = 20_000;
    for (let written = 100; written < TOTAL; written += 200) {
      running.append(
        Array.from({ length: 200 }, (_, i) => logLine(written + i)),
      );
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    running.finish();
    await Promise.all(followers.map(f => f.done));
    const stats = await backend.ask<{ peakRss: number; peakHeap: number }>(
      'stats',
    );
    const expected = running.lines;
    const lost = followers.reduce((sum, f) => sum + (expected - f.received), 0);
    const duplicates = followers.reduce((sum, f) => sum + f.duplicates, 0);
    print(
      `${FOLLOWERS} followers: lines per follower`,
      `${expected.toLocaleString()} (ended cleanly: ${
        followers.filter(f => f.ended).length
      }/${FOLLOWERS})`,
    );
    print(
      `${FOLLOWERS} followers: lines lost / duplicated`,
      `${lost} / ${duplicates}`,
    );
    print(
      `${FOLLOWERS} followers: backend peak RSS / heap`,
      `${fmt(mb(stats.peakRss))} MB / ${fmt(mb(stats.peakHeap))} MB`,
    );
  } finally {
    backend.child.send({ type: 'stop' });
    await sandbox.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }

  if (process.env.BENCH_ONLY === 'throughput') return;
  // 3. The viewer in headless Chromium.
  const browser = await browserBench();
  print('browser: 1M lines, fill LogStore', `${fmt(browser.fillMs, 0)} ms`);
  print(
    'browser: time to first render',
    `${fmt(browser.firstRenderMs, 0)} ms (rows in DOM: ${browser.domRows})`,
  );
  print(
    'browser: search via the UI (1M lines)',
    `${fmt(browser.searchUiMs, 0)} ms, ${browser.matches} matches`,
  );
  print(
    'browser: search again (text cached)',
    `${fmt(browser.searchAgainMs, 0)} ms, ${
      browser.searchAgainMatches
    } matches`,
  );
  print(
    'browser: scroll to the middle',
    `${fmt(browser.scrollMs, 0)} ms (rows in DOM: ${
      browser.domRowsAfterScroll
    })`,
  );
  print(
    'browser: JS heap after GC',
    `${fmt(browser.heapUsedMb)} MB used / ${fmt(browser.heapTotalMb)} MB total`,
  );
  print(
    'browser: bundle',
    `${fmt(browser.bundleKb, 0)} KB built in ${fmt(
      browser.bundleMs,
      0,
    )} ms (esbuild)`,
  );
}

// Ctrl-C or a kill: stop the backend child (it also exits when its IPC channel closes) and end;
// the in-process sandbox and Chromium die with this process.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGTERM');
    process.exit(130);
  });
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
