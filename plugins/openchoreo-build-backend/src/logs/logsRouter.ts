import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError, isError } from '@backstage/errors';
import {
  STEP_LOG_EVENTS,
  type StepLogErrorEvent,
  type StepLogLine,
  type StepLogPageResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parse } from '../service/validation';
import type { StepLogService } from './StepLogService';
import type { LineBatch } from './StepLogSession';
import { rawLinesEvent } from './rawLines';
import { StepLocator } from './stepLocator';

const k8sName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes name (lowercase letters, digits, "-", ".")');

const params = z.object({
  ns: k8sName,
  name: k8sName,
  step: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.()[\]-]*$/, 'must be a step name (e.g. build-step) or a step id'),
});

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .transform(value => value === 'true' || value === '1' || value === '');

const eventId = z.string().regex(/^\d{1,15}$/, 'must be the id of a line event (a line number)');

export const logsQuery = z
  .object({
    follow: flag.default('true'),
    download: flag.default('false'),
    /** Download: prefix each line with its timestamp. */
    timestamps: flag.default('false'),
    offset: z.coerce.number().int().min(0).max(1e12).default(0),
    limit: z.coerce.number().int().min(1).max(10000).default(1000),
    lastEventId: eventId.optional(),
  })
  .strict();

/**
 * The `data:` lines of one `line` event: a JSON header with `n` and the timestamps, then one data
 * line per log line carrying its raw text (see `parseStepLogLinesData` in -common). A text with a
 * carriage return (a line end for SSE) switches the event to the all-JSON form.
 */
export function linesEventData(batch: LineBatch): string {
  const texts = batch.text.join('\ndata: ');
  // undefined timestamps become null in the array.
  if (texts.indexOf('\r') === -1) return `data: {"n":${batch.n},"ts":${JSON.stringify(batch.ts)}}\ndata: ${texts}\n`;
  return `data: {"n":${batch.n},"ts":${JSON.stringify(batch.ts)},"text":${JSON.stringify(batch.text)}}\n`;
}

function errorEvent(error: unknown, fatal: boolean): StepLogErrorEvent {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return {
    message: isError(error) ? error.message : String(error),
    status: typeof status === 'number' ? status : undefined,
    fatal,
  };
}

function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 200);
}

/**
 * Bytes a response may hold for a slow client before the session stops reading upstream. Well
 * above the socket's 16 KiB high-water mark, so fast clients keep the pipeline full; a stalled
 * client costs at most this plus one batch.
 */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Resolves with true when the response can take more, false when the client is gone. */
function writeWithBackpressure(res: Response, chunk: string | Buffer, encoding: BufferEncoding = 'utf8'): Promise<boolean> | undefined {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  const ok = typeof chunk === 'string' ? res.write(chunk, encoding) : res.write(chunk);
  (res as Response & { flush?: () => void }).flush?.();
  if (ok || res.writableLength < MAX_BUFFERED_BYTES) return undefined;
  return new Promise(resolve => {
    const listeners = {
      drain: () => finish(true),
      close: () => finish(false),
    };
    function finish(value: boolean) {
      res.off('drain', listeners.drain);
      res.off('close', listeners.close);
      resolve(value);
    }
    res.on('drain', listeners.drain);
    res.on('close', listeners.close);
  });
}

export interface LogsRouterOptions {
  httpAuth: HttpAuthService;
  /** Orgs the portal shows; others answer 404. */
  namespaces: string[];
  logs: StepLogService;
}

/**
 * `GET /runs/:ns/:name/steps/:step/logs`: SSE (default), a JSON page (`follow=false`) or a
 * `text/plain` download (`download=1`). See docs/api.md, "Logs".
 */
export function createLogsRouter(options: LogsRouterOptions) {
  const { httpAuth, logs } = options;
  const router = Router();

  router.get('/runs/:ns/:name/steps/:step/logs', async (req: Request, res: Response) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { ns, name, step } = parse(params, req.params, 'path');
    const query = parse(logsQuery, req.query, 'query');
    if (!options.namespaces.includes(ns)) {
      throw new NotFoundError(`Namespace ${ns} is not one of the namespaces this portal shows`);
    }
    StepLocator.checkStepName(step);
    const headerId = req.header('last-event-id');
    if (headerId !== undefined && headerId !== '' && !eventId.safeParse(headerId).success) {
      throw new InputError(`Last-Event-ID: "${headerId.slice(0, 40)}" is not the id of a line event (a line number)`);
    }
    const lastEventId = headerId || query.lastEventId;

    const controller = new AbortController();
    const onGone = () => controller.abort();
    req.on('close', onGone);
    res.on('close', onGone);
    try {
      const locator = await logs.locator(ns, name, step);
      // The first look happens before any byte is sent, so an unknown step is a 404 and an
      // unreachable plane a 502/503/504.
      const initial = await locator.locate();
      if (query.download) {
        await download(req, res, logs, locator, initial, controller, query.timestamps);
      } else if (!query.follow) {
        await page(res, logs, locator, initial, controller, query.offset, query.limit);
      } else {
        await stream(req, res, logs, locator, initial, controller, lastEventId === undefined ? 0 : Number(lastEventId) + 1);
      }
    } finally {
      req.off('close', onGone);
      controller.abort();
    }
  });

  return router;
}

type Locator = Awaited<ReturnType<StepLogService['locator']>>;
type Initial = Awaited<ReturnType<Locator['locate']>>;

async function page(
  res: Response,
  logs: StepLogService,
  locator: Locator,
  initial: Initial,
  controller: AbortController,
  offset: number,
  limit: number,
): Promise<void> {
  const lines: StepLogLine[] = [];
  // Aborted by the client leaving or by the page being full.
  const inner = new AbortController();
  let full = false;
  controller.signal.addEventListener('abort', () => inner.abort(), { once: true });
  const { session, release } = logs.startSession(
    {
      locator,
      follow: false,
      startAt: offset,
      sink: {
        lines(batch) {
          for (let i = 0; i < batch.text.length && lines.length < limit; i += 1) {
            const ts = batch.ts[i];
            lines.push(ts === undefined ? { n: batch.n + i, text: batch.text[i] } : { n: batch.n + i, ts, text: batch.text[i] });
          }
          if (lines.length >= limit) {
            full = true;
            inner.abort();
          }
        },
        source() {},
        waiting() {},
        notice() {},
      },
    },
    inner,
    () => 0,
  );
  let body: StepLogPageResponse;
  try {
    const result = await session.run(initial);
    body = { lines, source: result.source, complete: result.complete && offset + lines.length >= result.totalLines, nextOffset: offset + lines.length };
    if (result.waiting) body.waiting = result.waiting;
  } catch (error) {
    if (!full || controller.signal.aborted) throw error;
    body = { lines, source: session.stats.source, complete: false, nextOffset: offset + lines.length };
  } finally {
    release();
  }
  res.json(body);
}

async function download(
  req: Request,
  res: Response,
  logs: StepLogService,
  locator: Locator,
  initial: Initial,
  controller: AbortController,
  withTimestamps: boolean,
): Promise<void> {
  const fileName = `${safeFileName(locator.runName)}-${safeFileName(locator.step)}.log`;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.status(200);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Content-Type-Options', 'nosniff');
  };
  const { session, release, notePeak } = logs.startSession(
    {
      locator,
      follow: false,
      startAt: 0,
      sink: {
        lines(batch) {
          start();
          let chunk = '';
          if (withTimestamps) {
            for (let i = 0; i < batch.text.length; i += 1) chunk += batch.ts[i] ? `${batch.ts[i]} ${batch.text[i]}\n` : `${batch.text[i]}\n`;
          } else {
            chunk = `${batch.text.join('\n')}\n`;
          }
          const pending = writeWithBackpressure(res, chunk);
          notePeak();
          return pending?.then(() => undefined);
        },
        source() {},
        waiting() {},
        notice() {},
      },
    },
    controller,
    () => res.writableLength,
  );
  void req;
  try {
    const result = await session.run(initial);
    start();
    if (result.waiting) res.write(`[${result.waiting}]\n`);
    res.end();
  } catch (error) {
    if (controller.signal.aborted) return;
    if (!started) throw error;
    res.end(`\n[log download interrupted: ${isError(error) ? error.message : String(error)}]\n`);
  } finally {
    release();
  }
}

async function stream(
  req: Request,
  res: Response,
  logs: StepLogService,
  locator: Locator,
  initial: Initial,
  controller: AbortController,
  startAt: number,
): Promise<void> {
  let started = false;
  let heartbeat: NodeJS.Timeout | undefined;
  const start = () => {
    if (started) return;
    started = true;
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    // no-transform keeps compression middleware from buffering the stream.
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    heartbeat = setInterval(() => {
      // A stalled client gets no heartbeats either: nothing piles up behind a full socket.
      if (!res.writableNeedDrain) writeWithBackpressure(res, `: heartbeat ${new Date().toISOString()}\n\n`);
    }, logs.heartbeatMs);
  };
  const send = (event: string, data: string, id?: number, raw = false, ascii = false): Promise<boolean> | undefined => {
    start();
    const body = raw ? data : `data: ${data}\n`;
    // For ASCII text latin1 is the same bytes, without UTF-8 encoding work.
    return writeWithBackpressure(res, `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\n${body}\n`, ascii ? 'latin1' : 'utf8');
  };
  const { session, release, notePeak } = logs.startSession(
    {
      locator,
      follow: true,
      startAt,
      sink: {
        lines(batch) {
          // Upstream bytes in the kubelet's format go out as they came, framed (see rawLines.ts).
          const pending = batch.raw
            ? (start(), writeWithBackpressure(res, rawLinesEvent(batch.raw, batch.n)))
            : send(STEP_LOG_EVENTS.line, linesEventData(batch), batch.n + batch.text.length - 1, true, batch.ascii);
          notePeak();
          return pending?.then(() => undefined);
        },
        source(source, detail) {
          send(STEP_LOG_EVENTS.source, JSON.stringify({ source, detail }));
        },
        waiting(message) {
          send(STEP_LOG_EVENTS.waiting, JSON.stringify({ message }));
        },
        notice(error) {
          send(STEP_LOG_EVENTS.error, JSON.stringify(errorEvent(error, false)));
        },
      },
    },
    controller,
    () => res.writableLength,
  );
  void req;
  try {
    const result = await session.run(initial);
    send(STEP_LOG_EVENTS.end, JSON.stringify({ totalLines: result.totalLines, reason: result.reason }));
    res.end();
  } catch (error) {
    if (controller.signal.aborted) return;
    if (!started) throw error;
    send(STEP_LOG_EVENTS.error, JSON.stringify(errorEvent(error, true)));
    res.end();
  } finally {
    clearInterval(heartbeat);
    release();
  }
}
