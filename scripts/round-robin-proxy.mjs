#!/usr/bin/env node
/**
 * A round-robin HTTP load balancer for the replicas topology (`scripts/start.sh --replicas N`):
 * each request goes to the next backend replica in turn, as a Kubernetes Service or a cloud
 * load balancer without session affinity would send it. Streams (SSE) are piped through without
 * buffering or a time limit; a replica that refuses the connection is skipped for a GET or HEAD.
 *
 *   ROUND_ROBIN_PORT=7007 ROUND_ROBIN_TARGETS=http://127.0.0.1:7101,http://127.0.0.1:7102 \
 *     node scripts/round-robin-proxy.mjs
 */
import http from 'node:http';
import httpProxy from 'http-proxy';

const port = Number(process.env.ROUND_ROBIN_PORT ?? 7007);
const targets = (process.env.ROUND_ROBIN_TARGETS ?? '')
  .split(',')
  .map(t => t.trim())
  .filter(Boolean);
if (targets.length === 0 || !Number.isInteger(port)) {
  console.error(
    'round-robin-proxy: set ROUND_ROBIN_PORT and ROUND_ROBIN_TARGETS (comma-separated URLs)',
  );
  process.exit(2);
}

// xfwd: the backends see the client's address and the original host/port, as behind a real LB.
// Connections to the replicas are kept alive and reused, as nginx's `keepalive` upstreams or
// Envoy's connection pools do: a new TCP connection per request would add its handshake (and
// the replica's accept) to every request's time.
const proxy = httpProxy.createProxyServer({
  xfwd: true,
  proxyTimeout: 0,
  agent: new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
});
let next = 0;

function forward(req, res, first, attempt) {
  const target = targets[(first + attempt) % targets.length];
  proxy.web(req, res, { target }, error => {
    // Only a refused connection of a request without a body is retried elsewhere: nothing
    // reached that replica, and there is no half-read body to lose.
    const refused = error && error.code === 'ECONNREFUSED';
    const bodiless = req.method === 'GET' || req.method === 'HEAD';
    if (
      refused &&
      bodiless &&
      attempt + 1 < targets.length &&
      !res.headersSent
    ) {
      forward(req, res, first, attempt + 1);
      return;
    }
    if (!res.headersSent) {
      res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            name: 'BadGatewayError',
            message: 'no backend replica answered',
          },
        }),
      );
    } else res.destroy();
  });
}

const server = http.createServer((req, res) => {
  // Each request starts at the next replica; `forward` walks on from there on refusal.
  const first = next;
  next = (next + 1) % targets.length;
  forward(req, res, first, 0);
});
server.listen(port, '127.0.0.1', () => {
  console.log(
    `round-robin-proxy: http://localhost:${port} -> ${targets.join(', ')}`,
  );
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
