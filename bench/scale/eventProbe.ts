/**
 * The timing side of bench:scale's `/events` figures, in a process of its own: the control
 * plane's own watch of the big organization's runs and the timed `/events` clients, nothing else.
 * In the benchmark process they shared the event loop with the sandbox, whose work while runs
 * change delayed both (the same-process direct watch had a p95 of 7–27 ms), so the difference
 * mixed that congestion in. Times are the monotonic clock (`monotonicMs`, CLOCK_MONOTONIC: the
 * same in every process), so they compare with the benchmark's patch times.
 *
 * Env: BENCH_EVENTS_URL, BENCH_PROBE_CLIENTS, BENCH_WATCH_URL (the runs collection), BENCH_WATCH_TOKEN.
 * IPC: sends `{type:'ready'}` once the watch is open and every client said `ready`; answers
 * `{type:'report'}` with the arrivals and `{type:'counts'}` with each client's run events.
 */
import http from 'node:http';
import { sseBlocks } from '../sseBlocks';
import { monotonicMs } from './measure';

/** Arrivals: for each change (`<run>@<resourceVersion>`), when it came (ms, monotonic). */
export interface ProbeReport {
  type: 'report';
  direct: Array<[string, number]>;
  timed: Array<[string, number[]]>;
}

const direct = new Map<string, number>();
const timed = new Map<string, number[]>();
const counts: number[] = [];

/** One timed `/events` client: parses each event and notes when the bytes of each change came. */
function eventsClient(url: string, index: number): Promise<void> {
  counts[index] = 0;
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
        let ready = false;
        // When the bytes came, before any parsing: a chunk of several events is one arrival.
        let at = 0;
        const split = sseBlocks(block => {
          if (!ready && block.includes('event: ready')) {
            ready = true;
            resolve();
          }
          if (!block.includes('event: run')) return;
          counts[index] += 1;
          const run = JSON.parse(block.slice(block.indexOf('data: ') + 6))
            .run as { name: string; resourceVersion: string };
          const key = `${run.name}@${run.resourceVersion}`;
          const list = timed.get(key);
          if (list) list.push(at);
          else timed.set(key, [at]);
        });
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          at = monotonicMs();
          split(chunk);
        });
      },
    );
    req.on('error', reject);
  });
}

function getJson<T>(url: string, token: string): Promise<T> {
  return new Promise((resolve, reject) => {
    http
      .get(
        url,
        { agent: false, headers: { Authorization: `Bearer ${token}` } },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () =>
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T),
          );
          res.on('error', reject);
        },
      )
      .on('error', reject);
  });
}

/**
 * The control plane's own watch: from the current version, as an informer does after its list
 * (no ADDED for 100,000 runs); notes when each MODIFIED came.
 */
async function directWatch(collection: string, token: string): Promise<void> {
  const list = await getJson<{ metadata: { resourceVersion: string } }>(
    `${collection}?limit=1`,
    token,
  );
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${collection}?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
      { agent: false, headers: { Authorization: `Bearer ${token}` } },
      res => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = monotonicMs();
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
            direct.set(`${name}@${resourceVersion}`, at);
          }
        });
        resolve();
      },
    );
    req.on('error', reject);
  });
}

process.on('message', (message: { type?: string }) => {
  if (message.type === 'counts') process.send!({ type: 'counts', counts });
  if (message.type === 'report') {
    const report: ProbeReport = {
      type: 'report',
      direct: [...direct],
      timed: [...timed],
    };
    process.send!(report);
  }
});
process.on('disconnect', () => process.exit(0));

(async () => {
  await directWatch(
    process.env.BENCH_WATCH_URL!,
    process.env.BENCH_WATCH_TOKEN!,
  );
  const clients = Number(process.env.BENCH_PROBE_CLIENTS ?? 0);
  for (let i = 0; i < clients; i += 1)
    await eventsClient(process.env.BENCH_EVENTS_URL!, i);
  process.send!({ type: 'ready' });
})().catch(error => {
  console.error(error);
  process.exit(1);
});
