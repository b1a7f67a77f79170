import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { X509Certificate } from 'node:crypto';
import type { Cluster } from '../apiserver/cluster';
import { isRecord } from '../apiserver/types';

export interface GatewayOptions {
  control: Cluster;
  /** https URL of the build plane API server the agents connect to. */
  buildPlaneUrl: string;
  buildPlaneToken: string;
  caPem: string;
  isTrustedClientCert: (cert: X509Certificate | undefined) => boolean;
  timeoutMs?: number;
  maxBodyBytes?: number;
}

const PREFIX =
  /^\/api\/proxy\/buildplane\/([^/]+)\/([^/]+)\/([^/]+)\/k8s(\/.*)?$/;

function reply(
  res: ServerResponse,
  code: number,
  error: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ error, message, code });
  res.writeHead(code, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Emulates OpenChoreo's cluster gateway: a JSON tunnel to the agent of an
 * agent-mode build plane. Like the real one it buffers whole responses, so it
 * refuses streaming requests (watch, follow) with 501 and enforces a timeout
 * and a body size limit.
 */
export function gatewayHandler(
  opts: GatewayOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const timeoutMs = opts.timeoutMs ?? 30000;
  const maxBytes = opts.maxBodyBytes ?? 10 * 1024 * 1024;
  const agent = new https.Agent({ ca: opts.caPem, keepAlive: true });

  return (req, res) => {
    const socket = req.socket as TLSSocket;
    const cert =
      socket.authorized && typeof socket.getPeerX509Certificate === 'function'
        ? socket.getPeerX509Certificate()
        : undefined;
    if (!opts.isTrustedClientCert(cert)) {
      reply(
        res,
        401,
        'Unauthorized',
        'a client certificate issued by the sandbox CA is required',
      );
      return;
    }
    const url = new URL(req.url ?? '/', 'https://gateway');
    const m = PREFIX.exec(url.pathname);
    if (!m) {
      reply(
        res,
        404,
        'NotFound',
        'expected /api/proxy/buildplane/{planeID}/{namespace}/{name}/k8s/{path}',
      );
      return;
    }
    const [, planeId, namespace, name, rest] = m.map(p =>
      p === undefined ? p : decodeURIComponent(p),
    );
    let plane;
    try {
      plane = opts.control.get(
        'openchoreo.dev/v1alpha1',
        'buildplanes',
        namespace,
        name,
      );
    } catch {
      plane = undefined;
    }
    const spec = plane && isRecord(plane.spec) ? plane.spec : {};
    const effectiveId =
      typeof spec.planeID === 'string' && spec.planeID
        ? spec.planeID
        : plane?.metadata.name;
    if (!plane || effectiveId !== planeId) {
      reply(
        res,
        404,
        'BuildPlaneNotFound',
        `no BuildPlane ${namespace}/${name} with planeID "${planeId}" is registered on the control plane`,
      );
      return;
    }
    const agentMode =
      (isRecord(spec.agent) && spec.agent.enabled === true) ||
      isRecord(spec.clusterAgent);
    if (!agentMode) {
      reply(
        res,
        503,
        'AgentNotConnected',
        `BuildPlane ${namespace}/${name} is not in agent mode: no agent is connected for plane "${planeId}"`,
      );
      return;
    }
    if (rest?.startsWith('//')) {
      // `new URL('//host/x', buildPlaneUrl)` is protocol-relative: it would send the build
      // plane's admin token to another host.
      reply(
        res,
        400,
        'BadRequest',
        'the path after /k8s must not start with "//"',
      );
      return;
    }
    const q = url.searchParams;
    if (
      ['watch', 'follow'].some(p => q.get(p) === 'true' || q.get(p) === '1')
    ) {
      reply(
        res,
        501,
        'NotImplemented',
        'streaming requests (watch=true, follow=true) are not supported through the cluster gateway; poll instead',
      );
      return;
    }

    const chunks: Buffer[] = [];
    let size = 0;
    let rejected = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes && !rejected) {
        rejected = true;
        // Connection: close makes Node close the socket once the answer is
        // flushed; destroying the request here would drop the 413 unsent.
        reply(
          res,
          413,
          'RequestEntityTooLarge',
          `request body exceeds the gateway limit of ${maxBytes} bytes`,
          { Connection: 'close' },
        );
        return;
      }
      if (!rejected) chunks.push(chunk);
    });
    req.on('end', () => {
      if (rejected) return;
      const target = new URL(`${rest || '/'}${url.search}`, opts.buildPlaneUrl);
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {
        Authorization: `Bearer ${opts.buildPlaneToken}`,
      };
      for (const h of ['content-type', 'accept']) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      if (body.length) headers['content-length'] = String(body.length);
      let done = false;
      const timers: { upstream?: NodeJS.Timeout } = {};
      const upstream = https.request(
        target,
        { method: req.method, headers, agent },
        up => {
          const parts: Buffer[] = [];
          let total = 0;
          up.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total > maxBytes && !done) {
              done = true;
              clearTimeout(timers.upstream);
              reply(
                res,
                502,
                'ResponseTooLarge',
                `build plane response exceeds the gateway limit of ${maxBytes} bytes`,
              );
              up.destroy();
              return;
            }
            parts.push(chunk);
          });
          up.on('end', () => {
            if (done) return;
            done = true;
            clearTimeout(timers.upstream);
            const payload = Buffer.concat(parts);
            res.writeHead(up.statusCode ?? 502, {
              'Content-Type': up.headers['content-type'] ?? 'application/json',
              'Content-Length': payload.length,
            });
            res.end(payload);
          });
        },
      );
      timers.upstream = setTimeout(() => {
        if (done) return;
        done = true;
        upstream.destroy();
        reply(
          res,
          504,
          'GatewayTimeout',
          `the build plane did not answer within ${timeoutMs / 1000}s`,
        );
      }, timeoutMs);
      upstream.on('error', err => {
        if (done) return;
        done = true;
        clearTimeout(timers.upstream);
        reply(
          res,
          502,
          'BadGateway',
          `build plane request failed: ${err.message}`,
        );
      });
      upstream.end(body);
    });
  };
}
