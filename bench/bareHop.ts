/**
 * The throughput ceiling of `yarn bench` part 1: a bare Node process between the client and the
 * build plane, doing the least any proxy must do (read pods/log over HTTPS, write the same bytes to
 * the client over HTTP, no parsing). On a machine where the sandbox, the client, this hop and the
 * backend share the cores, a hop costs the client's process as much as the direct read did, so
 * even this hop stays below a ratio of 1; how close the backend comes to it is what the backend's
 * own code costs (docs/performance.md, "The ceiling").
 *
 * Run as a child process (`BENCH_BARE_HOP` set): it serves one route and tells its port over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** Where the hop reads: the build plane's pods/log URL with its token and CA (PEM). */
export interface BareHopUpstream {
  url: string;
  token: string;
  ca: string;
}

export interface BareHop {
  url: string;
  pid: number;
  stop(): void;
}

/** Starts the hop in a child process (this file, with this process's node flags). */
export function startBareHop(upstream: BareHopUpstream): Promise<BareHop> {
  const child: ChildProcess = fork(__filename, [], {
    env: { ...process.env, BENCH_BARE_HOP: JSON.stringify(upstream) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', code =>
      reject(new Error(`the bare hop exited (${code})`)),
    );
    child.on('message', (message: { port?: number }) => {
      if (!message.port) return;
      resolve({
        url: `http://127.0.0.1:${message.port}/`,
        pid: child.pid!,
        stop: () => child.kill('SIGKILL'),
      });
    });
  });
}

function serve(upstream: BareHopUpstream): void {
  const server = http.createServer((_req, res) => {
    const upstreamReq = https.get(
      upstream.url,
      {
        headers: { Authorization: `Bearer ${upstream.token}` },
        ca: upstream.ca,
        agent: false,
      },
      upstreamRes => {
        res.writeHead(upstreamRes.statusCode ?? 502, {
          'Content-Type': 'text/plain',
        });
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on('error', () => res.destroy());
    // The client went away (or the answer is complete): let go of the upstream.
    res.on('close', () => upstreamReq.destroy());
  });
  server.listen(0, '127.0.0.1', () =>
    process.send!({ port: (server.address() as AddressInfo).port }),
  );
  // The benchmark went away: so does the hop.
  process.on('disconnect', () => process.exit(0));
}

if (process.env.BENCH_BARE_HOP && process.send) {
  serve(JSON.parse(process.env.BENCH_BARE_HOP) as BareHopUpstream);
}
