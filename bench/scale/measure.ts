import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** Percentile (nearest rank) of `values`, which it sorts. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export const ms = (n: number, digits = 1) => `${n.toFixed(digits)} ms`;
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Milliseconds since an arbitrary origin, with sub-millisecond precision. */
export const now = () => performance.now();

// One keep-alive agent: the figures measure the backend, not connection set-up.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface JsonAnswer<T> {
  status: number;
  body: T;
}

/** A JSON request to a backend (the bench backends take the mock user's token). */
export function requestJson<T>(
  url: string,
  options: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<JsonAnswer<T>> {
  const payload =
    options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        agent,
        headers: {
          Authorization: 'Bearer mock-user-token',
          ...(payload ? { 'Content-Type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(text) as T,
            });
          } catch {
            reject(
              new Error(
                `${url} answered ${res.statusCode}: ${text.slice(0, 200)}`,
              ),
            );
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `task` `times` times one after the other; returns each duration in ms. */
export async function timed(
  times: number,
  task: (i: number) => Promise<void>,
): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const start = now();
    await task(i);
    durations.push(now() - start);
  }
  return durations;
}

export function closeAgent(): void {
  agent.destroy();
}

/** CPU time (ms) a process has used so far. */
export interface CpuTime {
  user: number;
  system: number;
}

/**
 * CPU time a process has used so far, from /proc/<pid>/stat (Linux; NaN elsewhere). Unlike a
 * latency it does not grow when other processes take the cores.
 */
export function processCpuMs(pid: number): CpuTime {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return { user: NaN, system: NaN };
  }
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ms = (ticks: string) => (Number(ticks) * 1000) / CLOCK_TICKS_PER_SECOND;
  return { user: ms(fields[11]), system: ms(fields[12]) }; // utime, stime (fields 14, 15)
}

/** The kernel's USER_HZ, which /proc/<pid>/stat counts in: 100 on Linux (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

/** This process's own CPU time (user + system, ms). */
export const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** The monotonic clock in µs: the timeline of a V8 .cpuprofile (`startTime`, `endTime`). */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * The monotonic clock in ms (µs precision), the same in every process on this machine: times
 * taken in different benchmark processes compare (bench/scale/eventProbe.ts).
 */
export const monotonicMs = () => monotonicMicros() / 1000;

/** `pid` and its descendants (the parent pid is field 4 of /proc/<pid>/stat). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'latin1');
      const parent = Number(
        stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1],
      );
      const list = children.get(parent) ?? [];
      list.push(Number(entry));
      children.set(parent, list);
    } catch {
      // The process ended meanwhile.
    }
  }
  const tree: number[] = [];
  const visit = (p: number) => {
    tree.push(p);
    for (const child of children.get(p) ?? []) visit(child);
  };
  visit(pid);
  return tree;
}

/**
 * The data stores scripts/bench-scale.sh started, as processes: PostgreSQL's postmaster (from its
 * postmaster.pid) with its backends and workers, and the Redis server listening on REDIS_URL's
 * port. Not any other PostgreSQL or Redis on the machine (a test suite's, say). Empty without them.
 */
export function datastorePids(): number[] {
  const pids: number[] = [];
  const postmaster = path.join(
    __dirname,
    '../../.sandbox/bench-scale/postgres/data/postmaster.pid',
  );
  if (process.env.POSTGRES_HOST && fs.existsSync(postmaster)) {
    const pid = Number(fs.readFileSync(postmaster, 'latin1').split('\n')[0]);
    if (pid > 0) pids.push(...processTree(pid));
  }
  const redisPort = process.env.REDIS_URL
    ? new URL(process.env.REDIS_URL).port
    : '';
  if (redisPort) {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const comm = fs.readFileSync(`/proc/${entry}/comm`, 'latin1').trim();
        const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'latin1');
        if (comm === 'redis-server' && cmdline.includes(`:${redisPort}`))
          pids.push(Number(entry));
      } catch {
        // The process ended meanwhile.
      }
    }
  }
  return pids;
}

/**
 * Waits until `pids` (re-read each second) used together less than `quietMs` of CPU in one
 * second, or `maxMs` passed: work a phase set off (a backend's first list, its run record's
 * writes into PostgreSQL) would otherwise land in the next phase's figures. Returns how long it
 * waited (ms) and whether it became quiet. A process that ends within a second counts nothing.
 */
export async function untilQuiet(
  pids: () => number[],
  options: { quietMs?: number; maxMs?: number } = {},
): Promise<{ waitedMs: number; quiet: boolean }> {
  const quietMs = options.quietMs ?? 50;
  const maxMs = options.maxMs ?? 120_000;
  const cpuOf = (pid: number) => {
    const t = processCpuMs(pid);
    return t.user + t.system;
  };
  const start = now();
  for (;;) {
    const list = pids();
    const before = list.map(cpuOf);
    await new Promise(resolve => setTimeout(resolve, 1000));
    const used = list
      .map((pid, k) => cpuOf(pid) - before[k])
      .filter(Number.isFinite)
      .reduce((sum, ms) => sum + ms, 0);
    const waitedMs = now() - start;
    if (used < quietMs) return { waitedMs, quiet: true };
    if (waitedMs >= maxMs) return { waitedMs, quiet: false };
  }
}

/**
 * Waits until the backends `backendPids` and the data stores behind them are quiet
 * ({@link untilQuiet}); returns the printed account of the wait.
 */
export async function settleBackends(backendPids: number[]): Promise<string> {
  const settled = await untilQuiet(() => [...backendPids, ...datastorePids()]);
  return `${(settled.waitedMs / 1000).toFixed(
    1,
  )} s of backends and data stores settling${
    settled.quiet ? '' : ' (still busy: the figures include their work)'
  }`;
}
