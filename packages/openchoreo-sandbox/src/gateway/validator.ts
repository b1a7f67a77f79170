import type { IncomingMessage } from 'node:http';

/**
 * OpenChoreo's `RequestValidator` (`internal/cluster-gateway/validator.go@v0.9.0`, unchanged since
 * v0.7.0): every proxied request passes it before the gateway looks for an agent. Checks, messages
 * and their order are upstream's.
 */

/** A refused request: the status and the text `http.Error` sends. */
export interface ValidationFailure {
  code: number;
  message: string;
}

/** `maxRequestBodySize`: 10 MB (`validator.go@v0.9.0:30`). */
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

const ALLOWED_METHODS = new Set([
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
]);

/** Matched anywhere in the target path (`strings.Contains`), so also below a prefix. */
const BLOCKED_PATHS = [
  '/api/v1/namespaces/kube-system/secrets',
  '/api/v1/secrets',
  '/apis/v1/serviceaccounts',
];

/** The gateway lets these through; the agent then has a route for `k8s` only, unless configured. */
export const ALLOWED_TARGETS = new Set(['k8s', 'monitoring', 'logs']);

/**
 * `r.ContentLength`: the declared length, or -1 when the body is chunked. Only the declared length
 * is checked upstream; a chunked body is read whole whatever its size.
 */
function declaredLength(req: IncomingMessage): number {
  const header = req.headers['content-length'];
  const length = header === undefined ? NaN : Number(header);
  return Number.isSafeInteger(length) ? length : -1;
}

export function validateProxyRequest(
  req: IncomingMessage,
  target: string,
  targetPath: string,
  maxRequestBodyBytes: number = DEFAULT_MAX_REQUEST_BODY_BYTES,
): ValidationFailure | undefined {
  const method = req.method ?? '';
  if (!ALLOWED_METHODS.has(method))
    return { code: 405, message: `HTTP method not allowed: ${method}` };
  if (!ALLOWED_TARGETS.has(target))
    return { code: 403, message: `Target not allowed: ${target}` };
  if (BLOCKED_PATHS.some(blocked => targetPath.includes(blocked)))
    return { code: 403, message: `Access to path is blocked: ${targetPath}` };
  const length = declaredLength(req);
  if (length > maxRequestBodyBytes) {
    return {
      code: 413,
      message: `Request body too large: ${length} bytes (max: ${maxRequestBodyBytes})`,
    };
  }
  if (targetPath.includes('..'))
    return { code: 400, message: 'Path contains directory traversal' };
  if (targetPath.includes('\x00'))
    return { code: 400, message: 'Path contains null bytes' };
  return undefined;
}
