import http from 'node:http';
import https from 'node:https';
import {
  ResponseContext,
  SelfDecodingBody,
  wrapHttpLibrary,
  type HttpLibrary,
  type RequestContext,
} from '@kubernetes/client-node';

/**
 * Largest answer a cluster API call may return (64 MiB). Neither the Kubernetes API nor OpenChoreo's
 * cluster gateway caps what it sends (the v0.9 gateway buffers whole answers with no limit:
 * `internal/cluster-gateway/server.go@v0.9.0`), and build-plane servers come from BuildPlane
 * objects; an unpaged list on a huge or hostile cluster must not exhaust the backend's memory.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** A cluster answer passed {@link DEFAULT_MAX_RESPONSE_BYTES}: the transfer was stopped. */
export class ResponseTooLargeError extends Error {
  name = 'ResponseTooLargeError';
  constructor(maxBytes: number) {
    const MiB = 1024 * 1024;
    const size =
      maxBytes % MiB === 0 ? `${maxBytes / MiB} MiB` : `${maxBytes} bytes`;
    super(
      `the answer is larger than ${size}, the most the backend reads from a cluster`,
    );
  }
}

/**
 * The transport of every KubernetesClient call. client-node's default (node-fetch) follows
 * redirects and reuses the request's agent for the new host, so a build plane answering
 * `302 Location: https://elsewhere` would receive our client certificate there (node-fetch only
 * drops the Authorization header). Build-plane servers come from BuildPlane objects, i.e. input,
 * so a redirect is returned as the 3xx answer it is and never followed.
 */
function send(
  request: RequestContext,
  maxResponseBytes: number,
): Promise<ResponseContext> {
  const url = new URL(request.getUrl());
  const transport = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { ...request.getHeaders() };
  const body = request.getBody();
  let payload: string | undefined;
  if (typeof body === 'string') payload = body;
  else if (body instanceof URLSearchParams) payload = body.toString();
  else if (body !== undefined) {
    // Multipart bodies are not used by this plugin; refusing beats sending something half-encoded.
    return Promise.reject(
      new Error('multipart request bodies are not supported'),
    );
  }
  if (payload !== undefined)
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: request.getHttpMethod(),
        headers,
        agent: request.getAgent(),
        signal: request.getSignal(),
      },
      res => {
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined)
            responseHeaders[name] = Array.isArray(value)
              ? value.join(', ')
              : value;
        }
        const data = new Promise<Buffer>((done, fail) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.byteLength;
            if (size > maxResponseBytes) {
              res.destroy();
              fail(new ResponseTooLargeError(maxResponseBytes));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => done(Buffer.concat(chunks)));
          res.on('error', fail);
        });
        // The body promise is consumed by client-node; keep an early stream error from being unhandled.
        data.catch(() => undefined);
        resolve(
          new ResponseContext(
            res.statusCode ?? 0,
            responseHeaders,
            new SelfDecodingBody(data),
          ),
        );
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** The transport with another answer cap (tests). */
export function boundedHttpLibrary(maxResponseBytes: number): HttpLibrary {
  return wrapHttpLibrary({ send: request => send(request, maxResponseBytes) });
}

export const noRedirectHttpLibrary: HttpLibrary = boundedHttpLibrary(
  DEFAULT_MAX_RESPONSE_BYTES,
);
