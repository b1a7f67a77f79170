import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  monotonicMicros,
  ms,
  now,
  ownCpuMs,
  percentile,
  processCpuMs,
  type CpuTime,
} from './measure';
import type { Print } from './lists';
import { BIG_ORG, type World } from './world';

const OC = 'openchoreo.dev/v1alpha1';
let touchRound = 0;

/**
 * One `/events` client. Most only count the run events they get (cheap: the benchmark process
 * also hosts the sandbox); `timed` ones note when each change (run name + resourceVersion) came.
 */
function eventsClient(
  url: string,
  timed: boolean,
  arrivals: Map<string, number[]>,
): Promise<{ close(): void; count(): number }> {
  let events = 0;
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      {
        agent: false,
        headers: {
          Accept: 'text/event-stream',
          Authorization: 'Bearer mock-user-token',
        },
      },
      res => {
        if (res.statusCode !== 200) {
          reject(new Error(`/events answered ${res.statusCode}`));
          return;
        }
        let buffer = '';
        let ready = false;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          // When the bytes came, before any parsing: a chunk of several events is one arrival.
          const at = now();
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            if (!ready && block.includes('event: ready')) {
              ready = true;
              resolve({ close: () => req.destroy(), count: () => events });
            }
            if (!block.includes('event: run')) continue;
            events += 1;
            if (!timed) continue;
            const data = block.slice(block.indexOf('data: ') + 6);
            const run = JSON.parse(data).run as {
              name: string;
              resourceVersion: string;
            };
            const key = `${run.name}@${run.resourceVersion}`;
            const list = arrivals.get(key);
            if (list) list.push(at);
            else arrivals.set(key, [at]);
          }
        });
      },
    );
    req.on('error', reject);
  });
}

/** `count` more `/events` clients in a child process (bench/scale/eventClients.ts). */
async function loadClients(url: string, count: number) {
  const child = fork(path.join(__dirname, 'eventClients.ts'), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    env: {
      ...process.env,
      BENCH_EVENTS_URL: url,
      BENCH_EVENT_CLIENTS: String(count),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited: Error | undefined;
  const waiting = new Set<(error: Error) => void>();
  child.once('exit', code => {
    exited = new Error(`the event clients exited (${code})`);
    for (const reject of waiting) reject(exited);
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      if (exited) {
        reject(exited);
        return;
      }
      const onMessage = (message: { type?: string }) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        waiting.delete(reject);
        resolve(message as T);
      };
      waiting.add(reject);
      child.on('message', onMessage);
    });
  await next('ready');
  return {
    pid: child.pid!,
    counts: async () => {
      const answer = next<{ counts: number[] }>('counts');
      child.send({ type: 'counts' });
      return (await answer).counts;
    },
    stop: () => child.kill(),
  };
}

/** The control plane's own watch of the big organization's runs: when each change arrives. */
function directWatch(
  world: World,
  arrivals: Map<string, number>,
): Promise<{ close(): void }> {
  const { url, token } = world.sandbox.endpoints.controlPlane;
  const collection = `${url}/apis/${OC}/namespaces/${BIG_ORG}/componentworkflowruns`;
  return new Promise((resolve, reject) => {
    // From the current version, as an informer does after its list (no ADDED for 100,000 runs).
    const list = http.get(
      `${collection}?limit=1`,
      { agent: false, headers: { Authorization: `Bearer ${token}` } },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const rv = JSON.parse(Buffer.concat(chunks).toString('utf8')).metadata
            .resourceVersion as string;
          watchFrom(rv);
        });
      },
    );
    list.on('error', reject);
    const watchFrom = (rv: string) => {
      const req = http.get(
        `${collection}?watch=true&resourceVersion=${rv}`,
        { agent: false, headers: { Authorization: `Bearer ${token}` } },
        res => {
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let newline = buffer.indexOf('\n');
            while (newline >= 0) {
              const line = buffer.slice(0, newline);
              buffer = buffer.slice(newline + 1);
              newline = buffer.indexOf('\n');
              if (!line.trim()) continue;
              const event = JSON.parse(line) as {
                type: string;
                object: { metadata: { name: string; resourceVersion: string } };
              };
              if (event.type !== 'MODIFIED') continue;
              const { name, resourceVersion } = event.object.metadata;
              arrivals.set(`${name}@${resourceVersion}`, now());
            }
          });
          resolve({ close: () => req.destroy() });
        },
      );
      req.on('error', reject);
    };
  });
}

/**
 * Run-event latency through `/events` against the control plane's own watch, while `clients`
 * streams are connected and `perSecond` runs change each second for `seconds` seconds.
 */
export async function measureEvents(
  label: string,
  api: string,
  world: World,
  print: Print,
  options: {
    clients: number;
    timedClients: number;
    perSecond: number;
    seconds: number;
    /** The backend processes serving `api`: their CPU time per delivered event is printed. */
    backendPids?: number[];
  },
): Promise<void> {
  const arrivals = new Map<string, number[]>();
  const direct = new Map<string, number>();
  // The timed clients here; the load (the other clients) in a process of its own.
  const eventsUrl = `${api}/events?namespace=${BIG_ORG}`;
  const clients: Array<{ close(): void; count(): number }> = [];
  for (let i = 0; i < options.timedClients; i += 1)
    clients.push(await eventsClient(eventsUrl, true, arrivals));
  const load = await loadClients(
    eventsUrl,
    options.clients - options.timedClients,
  );
  const watch = await directWatch(world, direct);
  const names = world.sandbox.controlPlane
    .list(OC, 'componentworkflowruns', BIG_ORG, { limit: 2000 })
    .map(r => r.metadata.name!);
  const total = options.perSecond * options.seconds;
  touchRound += 1;
  const patchedAt = new Map<string, number>();
  // 50 changes a second, spread evenly: one every 20 ms.
  const interval = 1000 / options.perSecond;
  const cpuBefore = cpuNow(options.backendPids ?? [], load.pid);
  const start = now();
  for (let i = 0; i < total; i += 1) {
    const due = start + i * interval;
    const wait = due - now();
    if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
    const name = names[i % names.length];
    const patched = world.sandbox.controlPlane.mergePatch(
      OC,
      'componentworkflowruns',
      BIG_ORG,
      name,
      {
        // A value never written before: a no-op patch keeps the version and sends no event.
        metadata: {
          annotations: { 'bench.openchoreo.dev/touch': `${touchRound}-${i}` },
        },
      },
    );
    patchedAt.set(`${name}@${patched.metadata.resourceVersion}`, now());
  }
  // Every client has every change (counted), and the timed ones noted when each came.
  const countsNow = async () => [
    ...clients.map(c => c.count()),
    ...(await load.counts()),
  ];
  const deadline = now() + 60_000;
  let counts = await countsNow();
  while (counts.some(c => c < total) && now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
    counts = await countsNow();
  }
  const cpu = cpuSpent(cpuBefore, cpuNow(options.backendPids ?? [], load.pid));
  const overhead: number[] = [];
  const directLatency: number[] = [];
  for (const [key, at] of patchedAt) {
    const seen = direct.get(key);
    if (seen === undefined) continue;
    directLatency.push(seen - at);
    for (const arrival of arrivals.get(key) ?? [])
      overhead.push(arrival - seen);
  }
  const complete = counts.filter(c => c >= total).length;
  print(
    `${label}event latency, direct watch`,
    `p50 ${ms(percentile(directLatency, 50), 2)}, p95 ${ms(
      percentile(directLatency, 95),
      2,
    )}`,
  );
  print(
    `${label}event overhead via /events`,
    `p50 ${ms(percentile(overhead, 50), 2)}, p95 ${ms(
      percentile(overhead, 95),
      2,
    )} (${options.clients} clients, ${options.perSecond}/s × ${
      options.seconds
    } s; ${complete} of ${options.clients} got all ${total}, fewest ${Math.min(
      ...counts,
    )}, most ${Math.max(...counts)})`,
  );
  const delivered = counts.reduce((sum, c) => sum + c, 0);
  const perFrame = (cpuMs: number) => ((cpuMs * 1000) / delivered).toFixed(1);
  print(
    `${label}event CPU per delivered frame`,
    `${perFrame(
      cpu.backend.user + cpu.backend.system,
    )} µs backend (user ${perFrame(cpu.backend.user)}, system ${perFrame(
      cpu.backend.system,
    )}; ${delivered.toLocaleString()} frames in ${(cpu.wallMs / 1000).toFixed(
      1,
    )} s); load clients ${perFrame(
      cpu.load.user + cpu.load.system,
    )} µs (user ${perFrame(cpu.load.user)}, system ${perFrame(
      cpu.load.system,
    )}); benchmark + sandbox ${(cpu.benchMs / 1000).toFixed(2)} s`,
  );
  if (process.env.BENCH_PROFILE) {
    // The event phase on the profiles' clock, for bench/scale/profileTop.mjs --window: one
    // backend's in events-window.json, the replicas' in events-window-two-replicas.json.
    const slug = label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
    fs.mkdirSync(process.env.BENCH_PROFILE, { recursive: true });
    fs.writeFileSync(
      path.join(
        process.env.BENCH_PROFILE,
        slug ? `events-window-${slug}.json` : 'events-window.json',
      ),
      JSON.stringify({ startUs: cpu.startUs, endUs: cpu.endUs }),
    );
  }
  watch.close();
  for (const client of clients) client.close();
  load.stop();
}

interface CpuReading {
  backend: CpuTime;
  load: CpuTime;
  benchMs: number;
  at: number;
  us: number;
}

/** CPU used so far by the backends, the load clients' process and this one (sandbox + timed clients). */
function cpuNow(backendPids: number[], loadPid: number): CpuReading {
  const backends = backendPids.map(processCpuMs);
  return {
    backend: {
      user: backends.reduce((sum, t) => sum + t.user, 0),
      system: backends.reduce((sum, t) => sum + t.system, 0),
    },
    load: processCpuMs(loadPid),
    benchMs: ownCpuMs(),
    at: now(),
    us: monotonicMicros(),
  };
}

const minus = (a: CpuTime, b: CpuTime): CpuTime => ({
  user: a.user - b.user,
  system: a.system - b.system,
});

function cpuSpent(before: CpuReading, after: CpuReading) {
  return {
    backend: minus(after.backend, before.backend),
    load: minus(after.load, before.load),
    benchMs: after.benchMs - before.benchMs,
    wallMs: after.at - before.at,
    startUs: before.us,
    endUs: after.us,
  };
}
