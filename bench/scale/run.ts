/**
 * `yarn bench:scale`: the portal against a sandbox holding 100,000 runs in one organization and
 * 10,000 in each of three more, first with one backend, then with two replicas on PostgreSQL and
 * Redis behind HAProxy (scripts/load-balancer.sh; the data stores from scripts/bench-scale.sh:
 * POSTGRES_* and REDIS_URL). A benchmark, not a test: it prints figures (docs/performance.md, "At scale").
 *
 * BENCH_SCALE_RUNS (default 100000), BENCH_SCALE_OTHER_RUNS (10000) and BENCH_SCALE_CLIENTS (1000
 * `/events` clients and 1000 log followers) shrink it for a quick look; BENCH_SCALE_ONLY=events
 * measures only the `/events` fan-out (no lists, followers or starts), BENCH_SCALE_ONLY=followers
 * the lists (which fill the caches) and then the followers (no `/events` or starts). The backends
 * are built ahead of time unless BENCH_BACKEND=transform (bench/backendBuild.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { backendLaunch } from '../backendBuild';
import {
  backendProcess,
  killBackends,
  type BackendProcess,
} from '../backendProcess';
import { measureEvents } from './events';
import { measureFollowers } from './followers';
import { measureLists, type Print } from './lists';
import { closeAgent } from './measure';
import { measureCaches } from './memory';
import { measureStarts } from './starts';
import { startWorld, type World } from './world';

const BIG = Number(process.env.BENCH_SCALE_RUNS ?? 100_000);
const OTHER = Number(process.env.BENCH_SCALE_OTHER_RUNS ?? 10_000);
/** `/events` clients and log followers (1,000 each by default). */
const CLIENTS = Number(process.env.BENCH_SCALE_CLIENTS ?? 1000);
const ONLY = process.env.BENCH_SCALE_ONLY;
if (ONLY && ONLY !== 'events' && ONLY !== 'followers')
  throw new Error(`BENCH_SCALE_ONLY=${ONLY}: expected "events" or "followers"`);

/** Every figure for one way in: a backend, or the proxy in front of the replicas. */
async function measureAll(
  label: string,
  api: string,
  backends: BackendProcess[],
  world: World,
  print: Print,
) {
  const events = () =>
    measureEvents(label, api, world, print, {
      clients: CLIENTS,
      timedClients: 10,
      perSecond: 50,
      seconds: 10,
      backendPids: backends.map(b => b.child.pid!),
    });
  if (ONLY === 'events') {
    await events();
    return;
  }
  await measureCaches(label, backends, print, {
    fill: () =>
      measureLists(
        label,
        api,
        world,
        print,
        backends.map(b => b.child.pid!),
      ),
    busy: ONLY === 'followers' ? undefined : events,
  });
  await measureFollowers(label, api, world, print, backends, CLIENTS);
  if (ONLY !== 'followers') await measureStarts(label, api, world, print, 50);
}

/** Stops a backend and waits for it to exit (with BENCH_PROFILE, it writes its profile then). */
function stopBackend(backend: BackendProcess): Promise<void> {
  return new Promise(resolve => {
    if (backend.child.exitCode !== null) {
      resolve();
      return;
    }
    backend.child.once('exit', () => resolve());
    backend.child.send({ type: 'stop' });
  });
}

/**
 * The replicas' load balancer as `scripts/start.sh --replicas` runs it (HAProxy through
 * scripts/load-balancer.sh, which `exec`s it: the child is HAProxy itself, in this process group
 * so that Ctrl-C stops it too), ready once its port accepts.
 */
async function loadBalancer(
  port: number,
  targets: string[],
): Promise<ChildProcess> {
  // Its configuration beside the data stores scripts/bench-scale.sh started.
  const dir = path.join(__dirname, '../../.sandbox/bench-scale/haproxy');
  const child = spawn(
    path.join(__dirname, '../../scripts/load-balancer.sh'),
    [dir, String(port), ...targets],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let exited: number | null | undefined;
  child.once('exit', code => {
    exited = code;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined)
      throw new Error(`the load balancer exited (${exited})`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`the load balancer did not listen on ${port} in 60 s`);
    }
    const open = await new Promise<boolean>(resolve => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return child;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

async function main() {
  const results: Record<string, string> = {};
  const print: Print = (key, value) => {
    results[key] = value;
    console.log(`${key.padEnd(52)} ${value}`);
  };
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(
      os.totalmem() /
      2 ** 30
    ).toFixed(1)} GiB, Node ${process.version}`,
  );
  console.log(`backend: ${(await backendLaunch()).description}`);
  const world = await startWorld(BIG, OTHER);
  print(
    'sandbox seeded',
    `${Object.entries(world.seeded)
      .map(([org, n]) => `${org} ${n.toLocaleString()}`)
      .join(', ')} runs in ${(world.seedMs / 1000).toFixed(1)} s`,
  );
  const children: ChildProcess[] = [];
  // The one backend as a developer runs it: SQLite in a file and the memory cache. (The test
  // backend's own database is SQLite in memory, which would add the whole run record to the RSS
  // measured here; the replicas below use PostgreSQL and Redis.)
  const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-sqlite-'));
  const sqlite = {
    backend: {
      database: {
        client: 'better-sqlite3',
        connection: { directory: sqliteDir },
      },
      cache: { store: 'memory' },
    },
  };
  try {
    const single = process.env.BENCH_SCALE_ONLY_REPLICAS
      ? undefined
      : await backendProcess(world.backendConfig(sqlite), {
          BENCH_DATASTORES: '1',
        });
    if (single) {
      await measureAll(
        '',
        `http://127.0.0.1:${single.port}/api/openchoreo-build`,
        [single],
        world,
        print,
      );
      await stopBackend(single);
    }

    if (!process.env.POSTGRES_HOST || !process.env.REDIS_URL) {
      console.log(
        'two replicas: skipped (run `yarn bench:scale`, which starts PostgreSQL and Redis)',
      );
      return;
    }
    const datastores = {
      backend: {
        database: {
          client: 'pg',
          connection: {
            host: process.env.POSTGRES_HOST,
            port: Number(process.env.POSTGRES_PORT),
            user: process.env.POSTGRES_USER,
            password: process.env.POSTGRES_PASSWORD,
          },
        },
        cache: { store: 'redis', connection: process.env.REDIS_URL },
      },
    };
    const replicas: BackendProcess[] = [];
    for (let i = 0; i < 2; i += 1) {
      replicas.push(
        await backendProcess(world.backendConfig(datastores), {
          BENCH_DATASTORES: '1',
        }),
      );
    }
    const proxyPort = 17_000 + Math.floor(Math.random() * 1000);
    children.push(
      await loadBalancer(
        proxyPort,
        replicas.map(r => `http://127.0.0.1:${r.port}`),
      ),
    );
    await measureAll(
      'two replicas: ',
      `http://127.0.0.1:${proxyPort}/api/openchoreo-build`,
      replicas,
      world,
      print,
    );
    await Promise.all(replicas.map(stopBackend));
  } finally {
    for (const child of children) child.kill();
    killBackends();
    closeAgent();
    await world.close();
    fs.rmSync(sqliteDir, { recursive: true, force: true });
  }
}

process.on('SIGINT', () => {
  killBackends();
  process.exit(130);
});

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    killBackends();
    process.exit(1);
  },
);
