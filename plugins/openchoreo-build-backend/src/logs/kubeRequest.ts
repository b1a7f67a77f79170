import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { toClusterError } from '../kubernetes/kubernetesErrors';
import { ResponseTooLargeError } from '../kubernetes/noRedirectHttpLibrary';

/**
 * Raw HTTP requests to a plane's Kubernetes API with the credentials of its KubeConfig, for
 * `pods/log`: unlike client-node's `Log` helper, this hands back the response stream itself, so
 * the caller controls backpressure (pause / resume) and aborts it when the browser leaves.
 */

const agents = new WeakMap<KubeConfig, http.Agent>();

async function requestOptions(kc: KubeConfig): Promise<https.RequestOptions> {
  const options: https.RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(options);
  // applyToHTTPSOptions makes a new agent every call; keep one (with keep-alive) per config so
  // polling does not pay a TLS handshake every few seconds.
  let agent = agents.get(kc);
  if (!agent) {
    const created = options.agent as
      | (http.Agent & { keepAlive?: boolean; options?: https.AgentOptions })
      | undefined;
    const agentOptions = {
      ...(created?.options ?? {}),
      keepAlive: true,
      maxSockets: Infinity,
    };
    agent =
      new URL(kc.getCurrentCluster()?.server ?? 'https://x').protocol ===
      'http:'
        ? new http.Agent(agentOptions)
        : new https.Agent(agentOptions);
    agents.set(kc, agent);
  }
  options.agent = agent;
  return options;
}

export interface KubeGetOptions {
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** Overall time limit for the response head (not the body of a followed log). */
  timeoutMs?: number;
  /**
   * Bytes of the response body buffered before the socket is paused (Node's default: 16 KiB).
   * Larger lets a streamed log be taken in bigger chunks (fewer, bigger SSE events).
   */
  highWaterMark?: number;
  /** Message context for errors, e.g. "log of pod ns/name". */
  what: string;
  /** Error messages name this, e.g. "build plane acme/acme-build-plane (direct)". */
  target: string;
}

/** The request URL (without credentials), exported for tests and diagnostics. */
export function kubeUrl(
  kc: KubeConfig,
  path: string,
  query: KubeGetOptions['query'] = {},
): URL {
  const server = (kc.getCurrentCluster()?.server ?? '').replace(/\/+$/, '');
  const url = new URL(`${server}${path}`);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

/** The first `maxBytes` of the body; `truncated` when there was more (the rest is not read). */
async function readBody(
  res: http.IncomingMessage,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      res.destroy();
      return {
        text: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'),
        truncated: true,
      };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

/** Largest JSON answer {@link kubeGetJson} parses (one pod or Workflow; far above real ones). */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

/**
 * GET `path`; resolves with the response once its head arrived with a 2xx status; any other
 * status becomes the @backstage/errors type `toClusterError` maps it to (404 → NotFoundError …).
 */
export async function kubeGet(
  kc: KubeConfig,
  path: string,
  options: KubeGetOptions,
): Promise<http.IncomingMessage> {
  const url = kubeUrl(kc, path, options.query);
  const base = await requestOptions(kc);
  const transport = url.protocol === 'http:' ? http : https;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = transport.request(
      url,
      {
        ...base,
        method: 'GET',
        headers: { ...base.headers, Accept: '*/*' },
        signal: options.signal,
        ...(options.highWaterMark
          ? { highWaterMark: options.highWaterMark }
          : {}),
      },
      resolve,
    );
    let timer: NodeJS.Timeout | undefined;
    if (options.timeoutMs) {
      timer = setTimeout(() => {
        const error = new Error(`no answer within ${options.timeoutMs} ms`);
        error.name = 'TimeoutError';
        req.destroy(error);
      }, options.timeoutMs);
      req.once('response', () => clearTimeout(timer));
    }
    req.on('error', error => {
      clearTimeout(timer);
      reject(toClusterError(error, options.target, options.what));
    });
    req.end();
  });
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return res;
  const body = await readBody(res, 64 * 1024)
    .then(read => read.text)
    .catch(() => '');
  throw toClusterError({ code: status, body }, options.target, options.what);
}

/** GET `path` and parse the JSON answer. */
export async function kubeGetJson<T>(
  kc: KubeConfig,
  path: string,
  options: KubeGetOptions,
): Promise<T> {
  const res = await kubeGet(kc, path, options);
  const { text, truncated } = await readBody(res, MAX_JSON_BYTES);
  if (truncated) {
    throw toClusterError(
      new ResponseTooLargeError(MAX_JSON_BYTES),
      options.target,
      options.what,
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw toClusterError(
      new Error('the answer is not JSON'),
      options.target,
      options.what,
    );
  }
}

export function podPath(namespace: string, pod: string, sub = ''): string {
  return `/api/v1/namespaces/${encodeURIComponent(
    namespace,
  )}/pods/${encodeURIComponent(pod)}${sub}`;
}
