/**
 * The load of `/events` clients for bench:scale, in a process of its own so that a thousand
 * sockets' parsing does not slow the benchmark process that times the events (and hosts the
 * sandbox). Opens BENCH_EVENT_CLIENTS streams to BENCH_EVENTS_URL, counts the run events each gets,
 * and answers `{type:'counts'}` over IPC; sends `{type:'ready'}` once every stream said `ready`.
 */
import http from 'node:http';

const url = process.env.BENCH_EVENTS_URL!;
const count = Number(process.env.BENCH_EVENT_CLIENTS ?? 0);
const counts = new Array<number>(count).fill(0);
const requests: http.ClientRequest[] = [];

function open(i: number): Promise<void> {
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
        let tail = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const text = tail + chunk;
          if (!ready && text.includes('event: ready')) {
            ready = true;
            resolve();
          }
          let at = text.indexOf('event: run\n');
          while (at >= 0) {
            counts[i] += 1;
            at = text.indexOf('event: run\n', at + 1);
          }
          // A marker split between chunks is found with the next one.
          tail = text.slice(-10);
        });
      },
    );
    req.on('error', reject);
    requests.push(req);
  });
}

process.on('message', (message: { type?: string }) => {
  if (message.type === 'counts') process.send!({ type: 'counts', counts });
  if (message.type === 'stop') {
    for (const req of requests) req.destroy();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

(async () => {
  for (let i = 0; i < count; i += 1) await open(i);
  process.send!({ type: 'ready' });
})().catch(error => {
  console.error(error);
  process.exit(1);
});
