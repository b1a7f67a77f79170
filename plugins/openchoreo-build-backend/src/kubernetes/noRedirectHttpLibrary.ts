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
 * The transport of every KubernetesClient call. client-node's default (node-fetch) follows
 * redirects and reuses the request's agent for the new host, so a build plane answering
 * `302 Location: https://elsewhere` would receive our client certificate there (node-fetch only
 * drops the Authorization header). Build-plane servers come from BuildPlane objects, i.e. input,
 * so a redirect is returned as the 3xx answer it is and never followed.
 */
function send(request: RequestContext): Promise<ResponseContext> {
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
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
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

export const noRedirectHttpLibrary: HttpLibrary = wrapHttpLibrary({ send });
