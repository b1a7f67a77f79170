import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ProbeReport } from './eventProbe';
import {
  monotonicMicros,
  monotonicMs,
  ms,
  now,
  ownCpuMs,
  percentile,
  processCpuMs,
  settleBackends,
  type CpuTime,
} from './measure';
import type { Print } from './lists';
import { OC } from '../stepFixtures';
import { BIG_ORG, bigOrgRunNames, touchRun, type World } from './world';

/**
 * A benchmark helper process (a bench/scale script run under the same TypeScript transform) and
 * its IPC: `ask(type)` sends `{type}` and resolves with the first answer of that type. Resolves
 * once it sent `{type:'ready'}`.
 */
async function benchChild(script: string, env: Record<string, string>) {
  const child = fork(path.join(__dirname, script), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited: Error | undefined;
  const waiting = new Set<(error: Error) => void>();
  child.once('exit', code => {
    exited = new Error(`${script} exited (${code})`);
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
    ask: <T>(type: string) => {
      const answer = next<T>(type);
      child.send({ type });
      return answer;
    },
    stop: () => child.kill(),
  };
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
  // The timing side (the control plane's own watch and the timed clients) in a process of its
  // own, the load (the other clients) in another: see eventProbe.ts and eventClients.ts.
  const eventsUrl = `${api}/events?namespace=${BIG_ORG}`;
  const { url, token } = world.sandbox.endpoints.controlPlane;
  const probe = await benchChild('eventProbe.ts', {
    BENCH_EVENTS_URL: eventsUrl,
    BENCH_PROBE_CLIENTS: String(options.timedClients),
    BENCH_WATCH_URL: `${url}/apis/${OC}/namespaces/${BIG_ORG}/componentworkflowruns`,
    BENCH_WATCH_TOKEN: token,
  });
  const load = await benchChild('eventClients.ts', {
    BENCH_EVENTS_URL: eventsUrl,
    BENCH_EVENT_CLIENTS: String(options.clients - options.timedClients),
  });
  try {
    // Until the backends (and the data stores behind them) have done what the new streams set off:
    // each replica's informer lists the org's 100,000 runs and its run record writes them into
    // PostgreSQL, ~10 s of a core that would otherwise overlap the first seconds of the changes.
    const settled = await settleBackends(options.backendPids ?? []);
    const names = bigOrgRunNames(world, 2000);
    const total = options.perSecond * options.seconds;
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
      // Before the patch: the sandbox writes the watch event inside it, and the probe process
      // may read it before this one goes on.
      const patchTime = monotonicMs();
      const version = touchRun(world, name);
      patchedAt.set(`${name}@${version}`, patchTime);
    }
    // Every client has every change (counted), and the timed ones noted when each came.
    const countsOf = async (child: typeof probe) =>
      (await child.ask<{ counts: number[] }>('counts')).counts;
    const countsNow = async () => [
      ...(await countsOf(probe)),
      ...(await countsOf(load)),
    ];
    const deadline = now() + 60_000;
    let counts = await countsNow();
    while (counts.some(c => c < total) && now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 100));
      counts = await countsNow();
    }
    const cpu = cpuSpent(
      cpuBefore,
      cpuNow(options.backendPids ?? [], load.pid),
    );
    const report = await probe.ask<ProbeReport>('report');
    const direct = new Map(report.direct);
    const arrivals = new Map(report.timed);
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
    print(`${label}event phase started after`, settled);
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
      } s; ${complete} of ${
        options.clients
      } got all ${total}, fewest ${Math.min(...counts)}, most ${Math.max(
        ...counts,
      )})`,
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
  } finally {
    probe.stop();
    load.stop();
  }
}

interface CpuReading {
  backend: CpuTime;
  load: CpuTime;
  benchMs: number;
  at: number;
  us: number;
}

/** CPU used so far by the backends, the load clients' process and this one (the sandbox). */
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
