import http from 'node:http';
import https from 'node:https';

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** PEM text. */
  ca?: string;
  cert?: string;
  key?: string;
  timeoutMs: number;
  /** Stop reading the body after this many bytes (probes need only the status). */
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  body: string;
  latencyMs: number;
}

/**
 * A small HTTP(S) client with per-request CA and client certificates, which Node's global fetch
 * cannot take without an extra dependency. Used for the cluster gateway and observer.
 */
export function httpRequest(
  url: string,
  options: HttpRequestOptions,
): Promise<HttpResponse> {
  const started = Date.now();
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        timeout: options.timeoutMs,
      },
      res => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (
            options.maxBodyBytes === undefined ||
            size < options.maxBodyBytes
          ) {
            chunks.push(chunk);
            size += chunk.length;
          }
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            latencyMs: Date.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => {
      const error = new Error(`no answer within ${options.timeoutMs} ms`);
      error.name = 'TimeoutError';
      req.destroy(error);
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** PEM text from PEM or base64 PEM. */
export function toPemText(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (trimmed.startsWith('-----BEGIN')) return trimmed;
  return Buffer.from(trimmed, 'base64').toString('utf8');
}
