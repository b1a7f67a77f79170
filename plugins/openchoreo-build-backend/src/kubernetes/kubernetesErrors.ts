import {
  ConflictError,
  InputError,
  NotFoundError,
  NotImplementedError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import type { KubernetesStatus } from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  BadGatewayError,
  GatewayTimeoutError,
  UpstreamBusyError,
} from '../errors';
import { bodySnippet, gatewayError } from './gatewayErrors';

/** 410 Gone from a list/watch: the resourceVersion is too old, re-list. */
export class ResourceExpiredError extends Error {
  name = 'ResourceExpiredError';
  /** Should it ever reach a response: 410, never a bare 500. */
  readonly statusCode = 410;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EAI_AGAIN',
  'EPIPE',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { code?: unknown; errno?: unknown; cause?: unknown };
  if (typeof record.code === 'string') return record.code;
  if (typeof record.errno === 'string') return record.errno;
  return record.cause ? errorCode(record.cause) : undefined;
}

/** An error body: a JSON object (a Kubernetes Status, or another JSON shape) or plain text. */
interface ErrorBody {
  status?: KubernetesStatus;
  /** A non-empty body that is not JSON, e.g. the cluster gateway's `http.Error` text. */
  text?: string;
}

/**
 * Reads an error body without trusting it: only a body that is a JSON object is taken as one (a
 * Kubernetes API server sends a Status); anything else stays text and is never parsed.
 */
function readErrorBody(body: unknown): ErrorBody {
  if (typeof body === 'object' && body !== null)
    return { status: body as KubernetesStatus };
  if (typeof body !== 'string' || !body.trim()) return {};
  if (body.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null)
        return { status: parsed as KubernetesStatus };
    } catch {
      // Not JSON after all: text.
    }
  }
  return { text: body };
}

/** When not told otherwise, a throttled client waits this long (kube-apiserver's own hint is 1 s). */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * How long a 429 says to wait: kube-apiserver sends `Retry-After` and
 * `Status.details.retryAfterSeconds`; bounded to 1–300 s.
 */
function retryAfterOf(
  error: unknown,
  status: KubernetesStatus | undefined,
): number {
  const headers =
    (error as { headers?: Record<string, unknown> }).headers ?? {};
  const header = Number(headers['retry-after'] ?? headers['Retry-After']);
  const fromStatus = Number(
    (status?.details as { retryAfterSeconds?: unknown } | undefined)
      ?.retryAfterSeconds,
  );
  const seconds = [header, fromStatus].find(n => Number.isFinite(n) && n > 0);
  return Math.min(
    300,
    Math.max(1, Math.round(seconds ?? DEFAULT_RETRY_AFTER_SECONDS)),
  );
}

/**
 * A 404 body that a Kubernetes API server would not send for a missing object: kube-apiserver
 * answers those with a `Status` (kind Status, reason NotFound). A JSON object of another shape
 * or a plain-text page comes from something else on the way. An absent or empty body is left as
 * "not found" (some clients drop it).
 */
function isProxyNotFound(body: ErrorBody): boolean {
  if (body.text !== undefined) return true;
  return body.status !== undefined && body.status.kind !== 'Status';
}

/** HTTP status of an error thrown by @kubernetes/client-node (ApiException `code`, Watch `statusCode`). */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { code?: unknown; statusCode?: unknown };
  if (typeof record.code === 'number') return record.code;
  if (typeof record.statusCode === 'number') return record.statusCode;
  return undefined;
}

/** The HTTP status a cluster answered with, kept beside the mapped error (whose own status is ours). */
const upstreamStatuses = new WeakMap<Error, number>();

/** The status the cluster answered for an error made by `toClusterError`, if it answered at all. */
export function upstreamStatusOf(error: unknown): number | undefined {
  return error instanceof Error ? upstreamStatuses.get(error) : undefined;
}

export interface ClusterErrorOptions {
  /**
   * Include the cluster's `Status.message` (default true). False for answers of servers named by
   * input (a BuildPlane's server) when the message goes to any reader, e.g. live checks.
   */
  upstreamDetail?: boolean;
}

/**
 * Turns a failure talking to a cluster into a @backstage/errors type whose message names the API
 * (`target`, e.g. "control plane" or "build plane acme/acme-build-plane via cluster gateway") and
 * what failed. Never includes request headers, tokens or stack traces.
 */
export function toClusterError(
  error: unknown,
  target: string,
  what: string,
  options: ClusterErrorOptions = {},
): Error {
  if (error instanceof ResourceExpiredError) return error;
  const status = httpStatusOf(error);
  if (status !== undefined) {
    const mapped = mapStatus(
      error,
      status,
      target,
      what,
      options.upstreamDetail ?? true,
    );
    upstreamStatuses.set(mapped, status);
    return mapped;
  }
  return mapNetworkError(error, target, what);
}

function mapStatus(
  error: unknown,
  status: number,
  target: string,
  what: string,
  upstreamDetail: boolean,
): Error {
  const received = readErrorBody((error as { body?: unknown }).body);
  if (received.text !== undefined) {
    const fromGateway = gatewayError(
      status,
      received.text,
      target,
      what,
      upstreamDetail,
    );
    if (fromGateway) return fromGateway;
  }
  const body = upstreamDetail ? received.status : undefined;
  let detail = '';
  if (body?.message) detail = `: ${body.message}`;
  else if (upstreamDetail && received.text)
    detail = `: ${bodySnippet(received.text)}`;
  switch (status) {
    case 404:
      if (isProxyNotFound(received)) {
        // Not the cluster saying the object is gone: a proxy in front of it or an API the cluster
        // does not serve (Go's "404 page not found"). Reading it as "gone" would mark runs expired
        // and send their logs to the archive.
        return new BadGatewayError(
          `${target} has no route for ${what} (HTTP 404 without a Kubernetes Status: a proxy on the way answered, or the API is not installed)`,
        );
      }
      return new NotFoundError(`${what} not found in ${target}${detail}`);
    case 409:
      return new ConflictError(`${what} conflicts in ${target}${detail}`);
    case 400:
    case 422: {
      const causes = (body?.details?.causes ?? [])
        .map(c => `${c.field ?? ''} ${c.message ?? ''}`.trim())
        .filter(Boolean);
      return new InputError(
        `${target} rejected ${what}${detail}${
          causes.length ? ` (${causes.join('; ')})` : ''
        }`,
      );
    }
    case 410:
      return new ResourceExpiredError(
        `${target}: ${what}: resource version expired`,
      );
    case 401:
    case 403:
      return new BadGatewayError(
        `${target} refused the backend's credentials for ${what} (HTTP ${status})${detail}`,
      );
    case 501:
      return new NotImplementedError(
        `${target} does not support ${what} (HTTP 501)${detail}`,
      );
    case 429:
      return new UpstreamBusyError(
        `${target} is throttling requests for ${what} (HTTP 429)${detail}`,
        retryAfterOf(error, received.status),
      );
    case 503:
      return new ServiceUnavailableError(
        `${target} is unavailable for ${what} (HTTP ${status})${detail}`,
      );
    case 504:
      return new GatewayTimeoutError(
        `${target} timed out on ${what} (HTTP 504)${detail}`,
      );
    default:
      return new BadGatewayError(
        `${target} failed ${what} (HTTP ${status})${detail}`,
      );
  }
}

function mapNetworkError(error: unknown, target: string, what: string): Error {
  const name = isError(error) ? error.name : '';
  const code = errorCode(error);
  if (
    name === 'AbortError' ||
    name === 'TimeoutError' ||
    code === 'ETIMEDOUT'
  ) {
    return new GatewayTimeoutError(`${target} did not answer ${what} in time`);
  }
  if (code && NETWORK_CODES.has(code)) {
    return new ServiceUnavailableError(
      `${target} is unreachable (${code}) for ${what}`,
    );
  }
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return new BadGatewayError(
      `TLS handshake with ${target} failed (${code}) for ${what}`,
    );
  }
  return new BadGatewayError(
    `${target} request failed for ${what}${
      isError(error) ? `: ${error.message.split('\n')[0]}` : ''
    }`,
  );
}
