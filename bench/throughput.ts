/**
 * Part 1 of `yarn bench` (bench/run.ts): a 50 MB step log read through the backend's SSE stream
 * and directly from the build plane's pods/log (same sandbox, same log): throughput, CPU per read
 * of each process, and the time to the first line of each.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { ComponentWorkflowRun } from '@openchoreo-build/plugin-openchoreo-build-common';
import { startBareHop, type BareHopUpstream } from './bareHop';
import {
  AUTH,
  fnv1a32,
  NS,
  OC,
  ORG,
  reactStarterRunSpec,
  WF_API,
  type Sandbox,
} from './stepFixtures';

const LOG_BYTES = 50 * 1024 * 1024;

const mb = (bytes: number) => bytes / (1024 * 1024);
const fmt = (n: number, digits = 1) => n.toFixed(digits);

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
      spec: reactStarterRunSpec(),
    } satisfies ComponentWorkflowRun,
    'componentworkflowruns',
  );
  await sandbox.waitForRunCondition(ORG, name, 'WorkflowSucceeded', 600_000);
  // The Workflow's nodes as the sandbox's controller writes them (name and type always set).
  const wf = sandbox.buildPlane.get(WF_API, 'workflows', NS, name)!;
  const status = wf.status as {
    nodes: Record<
      string,
      { name: string; templateName?: string; type: string }
    >;
  };
  const node = Object.values(status.nodes).find(
    n => n.type === 'Pod' && n.templateName === 'build-step',
  );
  if (!node) throw new Error(`run ${name} has no build-step pod`);
  const podName = `${name}-build-step-${fnv1a32(node.name)}`;
  const log = sandbox.buildPlane.logs.get(NS, podName, 'main');
  if (!log?.ended) throw new Error(`the build-step log of ${name} did not end`);
  return { podName, bytes: log.bytes, lines: log.lines.length };
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

/** Alternating runs of each single-stream measurement (their median is printed). */
const RUNS = 5;

/** CPU time (ms, all threads) process `pid` has used so far, from /proc (Linux, 10 ms ticks). */
function procCpu(pid: number): { user: number; sys: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name: state is [0], utime [11], stime [12], in clock ticks (1/100 s).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * 10, sys: Number(fields[12]) * 10 };
}

/** Runs `work` and adds the CPU time `pids` used meanwhile to `into` (one entry per pid). */
async function withCpu<T>(
  pids: number[],
  into: Array<{ user: number[]; sys: number[] }>,
  work: () => Promise<T>,
): Promise<T> {
  const before = pids.map(procCpu);
  const result = await work();
  pids.forEach((pid, k) => {
    const after = procCpu(pid);
    into[k].user.push(after.user - before[k].user);
    into[k].sys.push(after.sys - before[k].sys);
  });
  return result;
}

/**
 * Time from the request to the first complete log line of a response, which is then dropped
 * (`firstLineEnd` finds the end of the first line in what arrived so far, or -1).
 */
function timeToFirstLine(
  url: string,
  options: https.RequestOptions,
  firstLineEnd: (received: string) => number,
): Promise<number> {
  const transport = url.startsWith('https:') ? https : http;
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = transport.get(url, options, res => {
      let received = '';
      res.on('data', (chunk: Buffer) => {
        // The first line is within the first few KB; latin1 keeps the byte offsets.
        if (received.length < 1 << 20) received += chunk.toString('latin1');
        if (firstLineEnd(received) < 0) return;
        resolve(performance.now() - t0);
        req.destroy();
      });
      res.on('end', () =>
        reject(new Error(`${url} ended before its first line`)),
      );
    });
    req.on('error', error => {
      if (!req.destroyed) reject(error);
    });
  });
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median user + sys CPU of a process's reads, as printed. */
const cpuText = (c: { user: number[]; sys: number[] }) =>
  `${fmt(median(c.user) + median(c.sys), 0)} ms (user ${fmt(
    median(c.user),
    0,
  )} + sys ${fmt(median(c.sys), 0)})`;

/**
 * The ceiling on this machine (bench/bareHop.ts): the same log read through a bare Node hop,
 * alternating with direct reads. The hop's time ÷ the backend's (both medians) is the share of the
 * reachable throughput the backend reaches; the direct reads here only show the machine's state.
 */
async function measureCeiling(options: {
  /** A direct read of the same URL: every read through the hop must carry as many bytes. */
  direct: () => Promise<{ ms: number; bytes: number }>;
  backendMs: number;
  upstream: BareHopUpstream;
  print: (key: string, value: string) => void;
}): Promise<void> {
  const { direct, backendMs, upstream, print } = options;
  const hop = await startBareHop(upstream);
  try {
    const viaHop = () => readAll(hop.url, { agent: false });
    await viaHop(); // warm-up
    const directRuns: number[] = [];
    const hopRuns: number[] = [];
    const cpu = [
      { user: [] as number[], sys: [] as number[] },
      { user: [] as number[], sys: [] as number[] },
    ];
    for (let i = 0; i < RUNS; i += 1) {
      const d = await direct();
      directRuns.push(d.ms);
      const r = await withCpu([process.pid, hop.pid], cpu, viaHop);
      if (r.status !== 200 || r.bytes !== d.bytes)
        throw new Error(
          `the bare hop answered ${r.status} with ${r.bytes} of ${d.bytes} bytes`,
        );
      hopRuns.push(r.ms);
    }
    const hopRatio = median(directRuns) / median(hopRuns);
    print(
      `ceiling: bare Node hop (median of ${RUNS})`,
      `${fmt(median(hopRuns), 0)} ms, ratio ${fmt(hopRatio, 2)} (direct ${fmt(
        median(directRuns),
        0,
      )} ms meanwhile)`,
    );
    print('CPU per read, via bare hop: this process', cpuText(cpu[0]));
    print('CPU per read, via bare hop: the hop', cpuText(cpu[1]));
    print(
      'backend throughput ÷ bare hop throughput',
      `${fmt(median(hopRuns) / backendMs, 2)} (bare hop ms ÷ backend ms)`,
    );
  } finally {
    hop.stop();
  }
}

/** Measures and prints part 1 against the backend at `api` (its process: `backendPid`). */
export async function measureThroughput(options: {
  sandbox: Sandbox;
  api: string;
  backendPid: number;
  print: (key: string, value: string) => void;
}): Promise<void> {
  const { sandbox, api, backendPid, print } = options;
  const { buildPlane } = sandbox.endpoints;
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
  // CPU used per read (ms): by this process (sandbox + client), and by the backend process.
  const cpu = {
    direct: [{ user: [] as number[], sys: [] as number[] }],
    viaBackend: [
      { user: [] as number[], sys: [] as number[] },
      { user: [] as number[], sys: [] as number[] },
    ],
  };
  for (let i = 0; i < RUNS; i += 1) {
    const d = await withCpu([process.pid], cpu.direct, direct);
    directRuns.push(d.ms);
    const b = await withCpu(
      [process.pid, backendPid],
      cpu.viaBackend,
      throughBackend,
    );
    backendRuns.push(b.ms);
    firsts.push(b.first);
  }
  const directMs = median(directRuns);
  const backendMs = median(backendRuns);
  const firstLineMs = median(firsts);
  print(
    `direct read of pods/log (median of ${RUNS})`,
    `${fmt(directMs, 0)} ms = ${fmt(mb(big.bytes) / (directMs / 1000))} MB/s`,
  );
  print(
    `through backend SSE (median of ${RUNS})`,
    `${fmt(backendMs, 0)} ms = ${fmt(mb(big.bytes) / (backendMs / 1000))} MB/s`,
  );
  print(
    'throughput ratio backend / direct',
    `${fmt(directMs / backendMs, 2)} (must be ≥ 0.95)`,
  );
  print('CPU per read, direct: this process', cpuText(cpu.direct[0]));
  print('CPU per read, via backend: this process', cpuText(cpu.viaBackend[0]));
  print('CPU per read, via backend: backend', cpuText(cpu.viaBackend[1]));
  print('first line event while reading it all', `${fmt(firstLineMs, 0)} ms`);
  await measureCeiling({
    direct,
    backendMs,
    upstream: {
      url: directUrl,
      token: buildPlane.token,
      ca: Buffer.from(buildPlane.caData, 'base64').toString(),
    },
    print,
  });
  // Time to the first line alone: requests that stop after it, direct and through the
  // backend alternating (median of 7, after one of each as warm-up).
  const directFirst = () =>
    timeToFirstLine(
      directUrl,
      {
        headers: { Authorization: `Bearer ${buildPlane.token}` },
        ca: Buffer.from(buildPlane.caData, 'base64').toString(),
        agent: false,
      },
      text => text.indexOf('\n'),
    );
  const backendFirst = () =>
    timeToFirstLine(
      `${api}/runs/${ORG}/react-starter-workflow-be000050/steps/build-step/logs`,
      { headers: { Authorization: AUTH }, agent: false },
      // The end of the first `line` event (its data lines, then a blank line).
      text => {
        const event = text.indexOf('event: line');
        return event < 0 ? -1 : text.indexOf('\n\n', event);
      },
    );
  await directFirst();
  await backendFirst();
  const directFirsts: number[] = [];
  const backendFirsts: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    directFirsts.push(await directFirst());
    backendFirsts.push(await backendFirst());
  }
  const directFirstMs = median(directFirsts);
  const backendFirstMs = median(backendFirsts);
  print(
    'time to first line, direct (median of 7)',
    `${fmt(directFirstMs, 1)} ms`,
  );
  print(
    'time to first line, backend (median of 7)',
    `${fmt(backendFirstMs, 1)} ms`,
  );
  print(
    'first line overhead backend − direct',
    `${fmt(backendFirstMs - directFirstMs, 1)} ms (must be < 50 ms)`,
  );
}
