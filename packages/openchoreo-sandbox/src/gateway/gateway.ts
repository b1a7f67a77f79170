import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cluster } from '../apiserver/cluster';
import { connectedAgent, WORKFLOW_PLANE_TYPE } from './agents';
import {
  goCleanPath,
  goDecodedPath,
  goHttpError,
  goNotFound,
  goRedirect,
} from './goHttp';
import { addressedPlane, parseProxyPath, PROXY_PREFIX } from './proxyPath';
import { agentTunnel, DEFAULT_TUNNEL_TIMEOUT_MS } from './tunnel';
import {
  DEFAULT_MAX_REQUEST_BODY_BYTES,
  validateProxyRequest,
} from './validator';

export interface GatewayOptions {
  control: Cluster;
  /** https URL of the build plane API server the agents talk to. */
  buildPlaneUrl: string;
  buildPlaneToken: string;
  caPem: string;
  /** How long the gateway waits for the agent's answer; default 30 s, like upstream. */
  timeoutMs?: number;
  /** Largest declared (`Content-Length`) request body; default 10 MB, like upstream. */
  maxRequestBodyBytes?: number;
}

/** `handleStreamingProxy`'s answer to watch, follow and upgrade requests (`server.go@v0.9.0:515-517`). */
export const STREAMING_NOT_SUPPORTED =
  'Streaming operations (watch, logs -f, exec, port-forward) are not yet supported through the HTTP proxy. ' +
  'Use the CQRS API (/api/k8s-resources/) for resource operations, or connect directly to the data plane for streaming operations.';

/**
 * `isStreamingRequest` (`server.go@v0.9.0:485-500`): substring tests on the raw query, so
 * `watch=1` or `follow=1` are not caught, and any `Upgrade` header is.
 */
function isStreaming(
  req: IncomingMessage,
  rawQuery: string,
  targetPath: string,
): boolean {
  if (rawQuery.includes('watch=true')) return true;
  if (targetPath.includes('/log') && rawQuery.includes('follow=true'))
    return true;
  return req.headers.connection === 'Upgrade' || Boolean(req.headers.upgrade);
}

async function readWhole(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Emulates OpenChoreo's cluster gateway in front of the sandbox's build plane. Each BuildPlane is
 * served the way the gateway of its generation serves it (`proxyPath.ts`); the answers — plain
 * text from `http.Error`, the status codes, the order of the checks — are upstream's, cited where
 * they are made. Like upstream, `/api/proxy` asks for no client certificate (TLS requests one and
 * verifies nothing, `server.go@v0.9.0:93-100`; only agents on `/ws` are checked), buffers whole
 * responses with no size limit and times out after 30 s.
 */
export function gatewayHandler(
  opts: GatewayOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const maxRequestBodyBytes =
    opts.maxRequestBodyBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES;
  const tunnel = agentTunnel({
    buildPlaneUrl: opts.buildPlaneUrl,
    buildPlaneToken: opts.buildPlaneToken,
    caPem: opts.caPem,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TUNNEL_TIMEOUT_MS,
  });

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const raw = req.url ?? '/';
    const queryAt = raw.indexOf('?');
    const escapedPath = queryAt < 0 ? raw : raw.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : raw.slice(queryAt + 1);
    const withQuery = (path: string) =>
      rawQuery ? `${path}?${rawQuery}` : path;

    // net/http's ServeMux, before the handler: unclean paths (`//`, dot segments) are redirected.
    const cleaned = goCleanPath(escapedPath);
    if (cleaned !== escapedPath) {
      goRedirect(res, req.method, withQuery(cleaned));
      return;
    }
    if (cleaned === PROXY_PREFIX.slice(0, -1)) {
      goRedirect(res, req.method, withQuery(PROXY_PREFIX));
      return;
    }
    if (!cleaned.startsWith(PROXY_PREFIX)) {
      goNotFound(res);
      return;
    }
    const decodedPath = goDecodedPath(escapedPath);
    if (decodedPath === undefined) {
      goHttpError(res, 400, '400 Bad Request', { Connection: 'close' });
      return;
    }

    // The generation of the agent addressed decides how the path is read; no agent: v0.9's.
    const agent = connectedAgent(opts.control, addressedPlane(decodedPath));
    const route = parseProxyPath(decodedPath, agent?.generation ?? 'v0.9');
    if (typeof route === 'string') {
      goHttpError(res, 400, route);
      return;
    }
    const refused = validateProxyRequest(
      req,
      route.target,
      route.targetPath,
      maxRequestBodyBytes,
    );
    if (refused) {
      // Go's server closes the connection rather than read a large unread body.
      goHttpError(
        res,
        refused.code,
        refused.message,
        refused.code === 413 ? { Connection: 'close' } : {},
      );
      return;
    }
    if (isStreaming(req, rawQuery, route.targetPath)) {
      goHttpError(res, 501, STREAMING_NOT_SUPPORTED);
      return;
    }
    const body = await readWhole(req);
    if (!agent && route.planeIdentifier.startsWith(`${WORKFLOW_PLANE_TYPE}/`)) {
      // `GetForCR` (`connection_manager.go@v1.2.3:289-296`), wrapped once (`server.go@v1.2.3:592`).
      goHttpError(
        res,
        502,
        `proxy request failed: no agents found for plane ${route.planeIdentifier}`,
      );
      return;
    }
    if (agent?.validCRs && !agent.validCRs.includes(route.crKey ?? '')) {
      // `server.go@v1.2.3:574-584`: no connection of the plane is authorized for the CR.
      goHttpError(
        res,
        403,
        `Forbidden: Agent not authorized for CR ${route.crKey}`,
      );
      return;
    }
    if (!agent) {
      // ConnectionManager.Get (`connection_manager.go@v0.9.0:151`) wrapped twice (`server.go@v0.9.0:547,460`).
      goHttpError(
        res,
        502,
        `proxy request failed: failed to send HTTP tunnel request: no agents found for plane ${route.planeIdentifier}`,
      );
      return;
    }
    const result = await tunnel({
      method: req.method ?? 'GET',
      target: route.target,
      targetPath: route.targetPath,
      rawQuery,
      headers: req.headers,
      body,
    });
    switch (result.kind) {
      case 'timeout':
        // `server.go@v0.9.0:557,460`.
        goHttpError(
          res,
          502,
          'proxy request failed: HTTP tunnel request timeout',
        );
        return;
      case 'agentError':
        res.writeHead(result.status, { 'Content-Length': 0 });
        res.end();
        return;
      default:
        // All of the agent's headers are copied (`server.go@v0.9.0:464-475`).
        res.writeHead(result.status, {
          ...result.headers,
          'Content-Length': result.body.length,
        });
        res.end(result.body);
    }
  }

  return (req, res) => {
    serve(req, res).catch(error => {
      if (res.headersSent) res.destroy();
      else goHttpError(res, 500, `sandbox gateway error: ${String(error)}`);
    });
  };
}
