import {
  ConflictError,
  InputError,
  NotFoundError,
  NotImplementedError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import type { KubernetesStatus } from '@openchoreo-build/plugin-openchoreo-build-common';
import { BadGatewayError, GatewayTimeoutError } from '../errors';

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

function parseStatus(body: unknown): KubernetesStatus | undefined {
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === 'object' && parsed !== null
        ? (parsed as KubernetesStatus)
        : undefined;
    } catch {
      return undefined;
    }
  }
  if (typeof body === 'object' && body !== null)
    return body as KubernetesStatus;
  return undefined;
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
  const body = upstreamDetail
    ? parseStatus((error as { body?: unknown }).body)
    : undefined;
  const detail = body?.message ? `: ${body.message}` : '';
  switch (status) {
    case 404:
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
