import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { LogStore } from '../logs/logstore';

export interface ObserverOptions {
  logs: LogStore;
  username: string;
  password: string;
}

function reply(
  res: ServerResponse,
  code: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Emulates OpenChoreo's observer (v0.9 build logs API): archived container
 * logs of a run's pods, including the init and wait containers, available
 * after the pods are gone.
 */
export function observerHandler(
  opts: ObserverOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const auth = req.headers.authorization ?? '';
    const m = /^Basic\s+(.+)$/i.exec(auth);
    const [user, ...pass] = m
      ? Buffer.from(m[1], 'base64').toString('utf8').split(':')
      : [];
    if (
      !m ||
      !safeEqual(user ?? '', opts.username) ||
      !safeEqual(pass.join(':'), opts.password)
    ) {
      reply(
        res,
        401,
        {
          error: 'Unauthorized',
          message: 'valid basic auth credentials are required',
        },
        { 'WWW-Authenticate': 'Basic realm="observer"' },
      );
      return;
    }
    const url = new URL(req.url ?? '/', 'http://observer');
    if (url.pathname === '/health' || url.pathname === '/healthz') {
      reply(res, 200, { status: 'ok' });
      return;
    }
    const route = /^\/api\/logs\/build\/([^/]+)\/?$/.exec(url.pathname);
    if (!route) {
      reply(res, 404, {
        error: 'NotFound',
        message: `no route for ${url.pathname}`,
      });
      return;
    }
    if (req.method !== 'POST') {
      reply(res, 405, { error: 'MethodNotAllowed', message: 'use POST' });
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        body = text.trim() ? JSON.parse(text) : {};
      } catch {
        reply(res, 400, {
          error: 'BadRequest',
          message:
            'the body must be JSON: {startTime, endTime, limit, sortOrder}',
        });
        return;
      }
      const start =
        typeof body.startTime === 'string'
          ? Date.parse(body.startTime)
          : Number.NEGATIVE_INFINITY;
      const end =
        typeof body.endTime === 'string'
          ? Date.parse(body.endTime)
          : Number.POSITIVE_INFINITY;
      if (Number.isNaN(start) || Number.isNaN(end)) {
        reply(res, 400, {
          error: 'BadRequest',
          message: 'startTime and endTime must be RFC3339 timestamps',
        });
        return;
      }
      const limit =
        typeof body.limit === 'number' && body.limit > 0 ? body.limit : 100;
      const desc = String(body.sortOrder ?? 'asc').toLowerCase() === 'desc';
      const all = opts.logs.archive(decodeURIComponent(route[1])).filter(l => {
        const t = Date.parse(l.timestamp);
        return t >= start && t <= end;
      });
      if (desc) all.reverse();
      reply(res, 200, { logs: all.slice(0, limit), totalCount: all.length });
    });
  };
}
