import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

/** One request a server in this process received. */
export interface RecordedRequest {
  /** The port of the server that received it. */
  port: number;
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Whether it carried `Authorization: Bearer` (the cluster gateway's agent does; mTLS clients do not). */
  bearer: boolean;
}

interface RequestStartMessage {
  request: IncomingMessage;
}

/**
 * Records every request that reaches an HTTP(S) server of this process (Node's
 * `http.server.request.start` diagnostics channel), so a test sees what the backend asked the
 * in-process sandbox's clusters without changing either. `stop()` unsubscribes.
 */
export function recordServerRequests(): {
  requests: RecordedRequest[];
  stop(): void;
} {
  const requests: RecordedRequest[] = [];
  const onRequest = (message: unknown) => {
    const { request } = message as RequestStartMessage;
    requests.push({
      // The socket's own port: some servers are handed connections by another listener and have
      // no address of their own.
      port: request.socket.localPort ?? 0,
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      bearer: /^Bearer\s/i.test(request.headers.authorization ?? ''),
    });
  };
  diagnosticsChannel.subscribe('http.server.request.start', onRequest);
  return {
    requests,
    stop: () =>
      diagnosticsChannel.unsubscribe('http.server.request.start', onRequest),
  };
}

/** The port of a URL, with the scheme's default. */
export function portOf(url: string): number {
  const parsed = new URL(url);
  if (parsed.port) return Number(parsed.port);
  return parsed.protocol === 'https:' ? 443 : 80;
}
