import { rawRequest, RawResponse } from '../../__testUtils__/harness';
import { issuerHandler } from '../../idp/handler';
import { TokenIssuer } from '../../idp/issuer';
import { LogStore } from '../../logs/logstore';
import { listen, Listener } from '../../util/listen';
import { ObserverAuthConfig, observerHandler } from '../observer';

/** An observer over `logs` on a free port. */
export async function startObserver(
  logs: LogStore,
  auth: ObserverAuthConfig = { type: 'none' },
): Promise<Listener & { url: string }> {
  const listener = await listen({
    port: 0,
    host: '127.0.0.1',
    plain: true,
    handler: observerHandler({ logs, auth }),
  });
  return { ...listener, url: `http://127.0.0.1:${listener.port}` };
}

/** A token issuer on a free port (its URL is the tokens' `iss`). */
export async function startIssuer(
  audience = 'openchoreo-observer',
): Promise<{ issuer: TokenIssuer; close(): Promise<void> }> {
  const bound: { handle?: ReturnType<typeof issuerHandler> } = {};
  const listener = await listen({
    port: 0,
    host: '127.0.0.1',
    plain: true,
    handler: (req, res) => bound.handle?.(req, res),
  });
  const issuer = await TokenIssuer.create({
    issuer: `http://127.0.0.1:${listener.port}`,
    audience,
  });
  bound.handle = issuerHandler(issuer);
  return { issuer, close: listener.close };
}

/** `POST {observer}/api/logs/build/{buildId}` with a JSON body (a string is sent as it is). */
export function postBuildLogs(
  observerUrl: string,
  buildId: string,
  body: unknown,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
): Promise<RawResponse> {
  return rawRequest(
    `${observerUrl}/api/logs/build/${encodeURIComponent(buildId)}`,
    {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
  );
}

/** One entry of a build-log answer, as the tests read it. */
export interface BuildLogEntry {
  timestamp: string;
  log: string;
  logLevel: string;
  componentId: string;
  environmentId: string;
  projectId: string;
  version: string;
  versionId: string;
  namespace: string;
  podId: string;
  containerName: string;
  labels: Record<string, string>;
}

export interface BuildLogsAnswer {
  logs: BuildLogEntry[];
  totalCount: number;
  tookMs: number;
}
