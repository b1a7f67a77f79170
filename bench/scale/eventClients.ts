/**
 * The load of `/events` clients for bench:scale, in a process of its own so that a thousand
 * sockets' parsing slows neither the sandbox (in the benchmark process) nor the process that
 * times the events (eventProbe.ts). Opens BENCH_EVENT_CLIENTS streams to BENCH_EVENTS_URL, counts the run events each gets,
 * and answers `{type:'counts'}` over IPC; sends `{type:'ready'}` once every stream said `ready`.
 */
import net from 'node:net';

const url = new URL(process.env.BENCH_EVENTS_URL!);
const count = Number(process.env.BENCH_EVENT_CLIENTS ?? 0);
const counts = new Array<number>(count).fill(0);
const sockets: net.Socket[] = [];
const RUN = Buffer.from('event: run\n');
const READY = Buffer.from('event: ready');
const OK = Buffer.from('HTTP/1.1 200 ');
const EMPTY = Buffer.alloc(0);
// The request as a browser's EventSource sends it (HTTP/1.1, so the body comes chunked).
const REQUEST = Buffer.from(
  `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n` +
    'Accept: text/event-stream\r\nAuthorization: Bearer mock-user-token\r\n\r\n',
  'latin1',
);

/**
 * One stream on a plain TCP socket: no HTTP client, no decoding, no SSE parsing. These clients
 * only count `event: run` markers in the bytes as they come (the chunked framing around them does
 * not matter), and they share the two cores with the backend being measured: Node's HTTP client
 * and readable stream per socket cost them more CPU per event than the backend spends on it.
 */
function open(i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () =>
      socket.write(REQUEST),
    );
    sockets.push(socket);
    let head = true;
    let ready = false;
    // The last bytes of the previous chunk: a marker split between two chunks is found with
    // the next one.
    let tail = EMPTY;
    socket.on('data', (chunk: Buffer) => {
      if (head) {
        head = false;
        if (!chunk.subarray(0, OK.length).equals(OK)) {
          reject(
            new Error(
              `/events answered ${chunk.toString('latin1').split('\r\n')[0]}`,
            ),
          );
          socket.destroy();
          return;
        }
      }
      if (!ready && chunk.includes(READY)) {
        ready = true;
        resolve();
      }
      if (tail.length > 0) {
        const seam = Buffer.concat([tail, chunk.subarray(0, RUN.length - 1)]);
        if (seam.includes(RUN)) counts[i] += 1;
      }
      let at = chunk.indexOf(RUN);
      while (at >= 0) {
        counts[i] += 1;
        at = chunk.indexOf(RUN, at + RUN.length);
      }
      tail = chunk.subarray(Math.max(0, chunk.length - (RUN.length - 1)));
    });
    socket.on('error', reject);
  });
}

process.on('message', (message: { type?: string }) => {
  if (message.type === 'counts') process.send!({ type: 'counts', counts });
  if (message.type === 'stop') {
    for (const socket of sockets) socket.destroy();
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
