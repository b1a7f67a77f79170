import http from 'node:http';

/** One request of the fuzz run, as sent. */
export interface FuzzCase {
  n: number;
  route: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Path and query, already encoded. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What a 4xx answer may name: path parameter names and values, query keys, header names, body fields. */
  names: string[];
  /**
   * The request is incomplete on purpose (a Content-Length larger than the body): the server may
   * rightly wait for the rest, so silence after a short wait is no finding.
   */
  incomplete?: boolean;
}

export interface FuzzAnswer {
  status: number;
  /** Raw response headers (names and values), for the leak check. */
  rawHeaders: string;
  contentType: string;
  /** The body, or what arrived of an event stream before the fuzz run let go of it. */
  text: string;
}

/** Longest a case may take; streams (SSE, following logs) are cut after `streamMs`. */
const REQUEST_TIMEOUT_MS = 10_000;
const INCOMPLETE_WAIT_MS = 1000;
const MAX_BODY = 4 * 1024 * 1024;

/**
 * Sends a case with node:http rather than supertest: raw header and body bytes go out exactly as
 * generated, and an endless stream can be read for a while and dropped. Resolves undefined when
 * Node itself refuses to send the request (e.g. a path with characters it will not put on the wire).
 */
export function send(
  baseUrl: string,
  agent: http.Agent,
  c: FuzzCase,
  streamMs: number,
): Promise<FuzzAnswer | undefined> {
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      // Host, port and a raw path: a URL string would be normalized (`/runs/./x` → `/runs/x`).
      const url = new URL(baseUrl);
      const headers = { ...c.headers };
      // Node sends a GET body unframed unless told its length, which the server reads as garbage.
      if (c.body !== undefined && headers['content-length'] === undefined)
        headers['content-length'] = String(Buffer.byteLength(c.body));
      req = http.request({
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${c.path}`,
        method: c.method,
        headers,
        agent: c.incomplete ? false : agent,
      });
    } catch {
      resolve(undefined);
      return;
    }
    const startedAt = Date.now();
    const limitMs = c.incomplete ? INCOMPLETE_WAIT_MS : REQUEST_TIMEOUT_MS;
    const timedOut = () => Date.now() - startedAt >= limitMs;
    // No answer at all is a finding like a 5xx (status 0), not a reason to stop the run.
    const timeout = setTimeout(() => {
      req.destroy();
      resolve(
        c.incomplete
          ? undefined
          : {
              status: 0,
              rawHeaders: '',
              contentType: '',
              text: `no answer within ${limitMs} ms`,
            },
      );
    }, limitMs);
    req.on('response', res => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const stream: { cut?: NodeJS.Timeout } = {};
      const contentType = String(res.headers['content-type'] ?? '');
      const finish = () => {
        if (done || timedOut()) return;
        done = true;
        clearTimeout(timeout);
        clearTimeout(stream.cut);
        const raw: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          raw.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        resolve({
          status: res.statusCode ?? 0,
          rawHeaders: raw.join('\n'),
          contentType,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      };
      // A stream that stays open (SSE, a followed log) is read for a moment, then dropped.
      stream.cut = setTimeout(() => {
        finish();
        res.destroy();
        req.destroy();
      }, streamMs);
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    req.on('error', error => {
      if (timedOut()) return;
      clearTimeout(timeout);
      // The server may close the connection on a body it refused before reading it all.
      if (
        (error as NodeJS.ErrnoException).code === 'ECONNRESET' ||
        (error as NodeJS.ErrnoException).code === 'EPIPE'
      )
        resolve(undefined);
      else reject(error);
    });
    if (c.body !== undefined) req.end(c.body);
    else req.end();
  });
}
