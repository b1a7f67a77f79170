import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';

/**
 * The agent's side of the tunnel: what the cluster agent in the build plane does with a request
 * the gateway hands it (`internal/cluster-agent/router.go@v0.9.0`), and the gateway's wait for the
 * answer (`internal/cluster-gateway/server.go@v0.9.0:526-559`).
 */

/** `SendHTTPTunnelRequest(…, 30*time.Second)` (`server.go@v0.9.0:453`, `@v0.7.0:416`). */
export const DEFAULT_TUNNEL_TIMEOUT_MS = 30000;

/** What came back through the tunnel. */
export type TunnelResult =
  | {
      kind: 'response';
      status: number;
      headers: OutgoingHttpHeaders;
      /** Buffered whole, with no size limit: neither the agent nor the gateway caps it. */
      body: Buffer;
    }
  /**
   * The agent answered with an error of its own (`NewHTTPTunnelErrorResponse`): the gateway
   * writes the status with no headers and no body (`server.go@v0.9.0:464-475`).
   */
  | { kind: 'agentError'; status: number }
  /** No answer within the timeout: the gateway's 502 "HTTP tunnel request timeout". */
  | { kind: 'timeout' };

export interface TunnelRequest {
  method: string;
  target: string;
  /** Decoded, as the gateway parsed it. */
  targetPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Connection-level headers: they describe one hop, not the request or response. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function endToEnd(
  headers: IncomingHttpHeaders,
  alsoDrop: string[] = [],
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (
      value !== undefined &&
      !HOP_BY_HOP.has(name) &&
      !alsoDrop.includes(name)
    )
      out[name] = value;
  }
  return out;
}

/**
 * The URL the agent requests: `route.Endpoint + path + "?" + query`, a string concatenation
 * (`router.go@v0.9.0`), so a path starting with `//` stays on the build plane's host. The origin
 * check is the sandbox's own guard that it does (the build plane token goes with the request).
 */
function agentUrl(buildPlaneUrl: string, request: TunnelRequest): URL {
  const origin = new URL(buildPlaneUrl).origin;
  const url = new URL(
    `${origin}${request.targetPath}${
      request.rawQuery ? `?${request.rawQuery}` : ''
    }`,
  );
  if (url.origin !== origin)
    throw new Error(`refusing to send the agent's token to ${url.origin}`);
  return url;
}

export interface AgentOptions {
  /** https URL of the build plane API server the agent talks to. */
  buildPlaneUrl: string;
  /** The agent's ServiceAccount token (authorized by the build plane with the v0.9 agent ClusterRole). */
  buildPlaneToken: string;
  caPem: string;
  timeoutMs: number;
}

/** A tunnel to the sandbox's one build plane; one keep-alive agent for all requests. */
export function agentTunnel(
  options: AgentOptions,
): (request: TunnelRequest) => Promise<TunnelResult> {
  const agent = new https.Agent({ ca: options.caPem, keepAlive: true });
  return request =>
    new Promise<TunnelResult>(resolve => {
      // The agent's routes: `k8s` by default; `monitoring`/`logs` pass the gateway but have no
      // route unless configured, so the agent answers 404 "unknown target".
      if (request.target !== 'k8s') {
        resolve({ kind: 'agentError', status: 404 });
        return;
      }
      let url: URL;
      try {
        url = agentUrl(options.buildPlaneUrl, request);
      } catch {
        // http.NewRequest failing: the agent's 500 "failed to create request".
        resolve({ kind: 'agentError', status: 500 });
        return;
      }
      let settled = false;
      const timers: { tunnel?: NodeJS.Timeout } = {};
      const settle = (result: TunnelResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timers.tunnel);
        resolve(result);
      };
      const headers = endToEnd(request.headers, [
        'host',
        'content-length',
        'authorization',
      ]);
      headers.authorization = `Bearer ${options.buildPlaneToken}`;
      if (request.body.length) headers['content-length'] = request.body.length;
      const upstream = https.request(
        url,
        { method: request.method, headers, agent },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            settle({
              kind: 'response',
              status: res.statusCode ?? 502,
              headers: endToEnd(res.headers, ['content-length']),
              body: Buffer.concat(chunks),
            }),
          );
          // "failed to read response": the agent's 502.
          res.on('error', () => settle({ kind: 'agentError', status: 502 }));
        },
      );
      timers.tunnel = setTimeout(() => {
        settle({ kind: 'timeout' });
        upstream.destroy();
      }, options.timeoutMs);
      // "backend request failed": the agent's 502.
      upstream.on('error', () => settle({ kind: 'agentError', status: 502 }));
      upstream.end(request.body);
    });
}
