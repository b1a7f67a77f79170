import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogStore } from '../logs/logstore';
import { BodyTooLargeError, readBody } from '../util/readBody';
import { searchBuildLogs } from './archive';
import { authenticator, Authenticator, ObserverAuthConfig } from './auth';
import { ObserverError, readBuildLogsRequest } from './buildLogsRequest';
import { readLogsQuery, searchWorkflowLogs } from './logsQuery';

export type { ObserverAuthConfig } from './auth';

export interface ObserverOptions {
  logs: LogStore;
  auth: ObserverAuthConfig;
}

/** The sandbox's own guard (the observer reads any body): far above any real build-log request. */
const MAX_REQUEST_BYTES = 1024 * 1024;

const FAILED_TO_RETRIEVE_LOGS: ObserverError = {
  error: 'internalError',
  code: 'OBS-L-25',
  message: 'Failed to retrieve logs',
};

/**
 * Go's `json.Encoder` (`internal/observer/httputil/json.go@v0.9.0`, `WriteJSON`): HTML-sensitive
 * characters escaped, a newline after the value.
 */
function writeJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const text = `${JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )}\n`;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Go's `http.Error` texts for what `ServeMux` answers itself. */
function writeText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** `handler.Health`: the sandbox's archive is always reachable. */
function health(res: ServerResponse): void {
  writeJson(res, 200, {
    status: 'healthy',
    timestamp: `${new Date().toISOString().slice(0, 19)}Z`,
  });
}

/** `handler.GetBuildLogs` (`internal/observer/handlers/handlers.go@v0.9.0`). */
async function buildLogs(
  logs: LogStore,
  buildId: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = Date.now();
  let body: string;
  try {
    body = (await readBody(req, MAX_REQUEST_BYTES)).toString('utf8');
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    writeJson(res, 400, {
      error: 'invalidRequest',
      code: 'OBS-L-12',
      message: `Invalid request format (the sandbox reads at most ${MAX_REQUEST_BYTES} bytes)`,
    });
    return;
  }
  const request = readBuildLogsRequest(req.headers['content-type'], body);
  if ('code' in request) {
    writeJson(res, 400, request);
    return;
  }
  const result = searchBuildLogs(logs, {
    buildId,
    startTime: request.startTime,
    endTime: request.endTime,
    size: request.limit,
    order: request.sortOrder,
  });
  if ('failure' in result) {
    // The observer logs OpenSearch's reason and answers a generic 500.
    writeJson(res, 500, FAILED_TO_RETRIEVE_LOGS);
    return;
  }
  writeJson(res, 200, {
    logs: result.logs,
    totalCount: result.totalCount,
    tookMs: Date.now() - started,
  });
}

/** The v1.2.3 logs query route (`cmd/observer/main.go@v1.2.3:261`, JWT-protected). */
export const V1_LOGS_QUERY_PATH = '/api/v1/logs/query';

/** `handlers.QueryLogs` (`internal/observer/api/handlers/logs.go@v1.2.3`), workflow scope (`logsQuery.ts`). */
async function queryLogsV1(
  logs: LogStore,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = Date.now();
  let body: string;
  try {
    body = (await readBody(req, MAX_REQUEST_BYTES)).toString('utf8');
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    writeJson(res, 400, {
      errorCode: '',
      message: `Invalid request format (the sandbox reads at most ${MAX_REQUEST_BYTES} bytes)`,
      title: 'badRequest',
    });
    return;
  }
  const query = readLogsQuery(req.headers['content-type'], body);
  if ('title' in query) {
    writeJson(res, 400, query);
    return;
  }
  const answer =
    query.kind === 'workflow'
      ? searchWorkflowLogs(logs, query)
      : { logs: [], total: 0 };
  writeJson(res, 200, { ...answer, tookMs: Date.now() - started });
}

/** `{buildId}` of a Go 1.22 pattern: one non-empty path segment, unescaped. */
function buildIdOf(path: string): string | undefined {
  const match = /^\/api\/logs\/build\/([^/]+)$/.exec(path);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/**
 * Where the sandbox mounts a v0.7-era observer beside the v0.9 one: the inline `spec.observer.url`
 * of the seeded v0.3 / v0.7 BuildPlanes points here. That observer had the same build-log route
 * and no authentication at all (`cmd/observer/main.go@v0.7.0:71-74`); the `basicAuth` fields of
 * those BuildPlanes were never checked by any observer.
 */
export const LEGACY_OBSERVER_PREFIX = '/v0.7';

const NO_AUTH: Authenticator = async () => undefined;

/**
 * The observer's routes that concern builds (`cmd/observer/main.go@v0.9.0`): public
 * `GET /health`; `POST /api/logs/build/{buildId}` behind the auth middleware. Like Go's
 * `ServeMux`, an unknown path answers 404 and a known path with another method 405 with `Allow`,
 * both before any authentication. Under {@link LEGACY_OBSERVER_PREFIX} the same routes answer
 * without authentication, as the v0.7 observer did.
 */
export function observerHandler(
  opts: ObserverOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const currentAuth: Authenticator = authenticator(opts.auth);
  return (req, res) => {
    let path = new URL(req.url ?? '/', 'http://observer').pathname;
    let authenticate = currentAuth;
    if (path.startsWith(`${LEGACY_OBSERVER_PREFIX}/`)) {
      path = path.slice(LEGACY_OBSERVER_PREFIX.length);
      authenticate = NO_AUTH;
    }
    const method = req.method ?? 'GET';
    if (path === '/health') {
      if (method !== 'GET' && method !== 'HEAD')
        writeText(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      else health(res);
      return;
    }
    if (path === V1_LOGS_QUERY_PATH) {
      if (method !== 'POST') {
        writeText(res, 405, 'Method Not Allowed\n', { Allow: 'POST' });
        return;
      }
      (async () => {
        const refusal = await currentAuth(req);
        if (refusal) {
          writeJson(res, refusal.status, refusal.body, refusal.headers);
          return;
        }
        await queryLogsV1(opts.logs, req, res);
      })().catch(() => {
        if (!res.headersSent) writeText(res, 500, 'Internal Server Error\n');
        else res.destroy();
      });
      return;
    }
    const buildId = buildIdOf(path);
    if (buildId === undefined) {
      writeText(res, 404, '404 page not found\n');
      return;
    }
    if (method !== 'POST') {
      writeText(res, 405, 'Method Not Allowed\n', { Allow: 'POST' });
      return;
    }
    (async () => {
      const refusal = await authenticate(req);
      if (refusal) {
        writeJson(res, refusal.status, refusal.body, refusal.headers);
        return;
      }
      await buildLogs(opts.logs, buildId, req, res);
    })().catch(() => {
      // `observermiddleware.Recovery` (`internal/observer/middleware/middleware.go@v0.9.0`).
      if (!res.headersSent) writeText(res, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  };
}
