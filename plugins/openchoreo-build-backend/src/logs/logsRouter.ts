import type { BackstageCredentials, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, isError } from '@backstage/errors';
import {
  STEP_LOG_EVENTS,
  type StepLogErrorEvent,
  type StepLogLine,
  type StepLogPageResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { writeOrWait } from '../http/backpressure';
import { SseWriter } from '../http/SseWriter';
import { credentialsOf, k8sName, NamespaceGuard } from '../service/routeKit';
import { parse } from '../service/validation';
import type { StepLogService } from './StepLogService';
import type { LineBatch } from './lineBatch';
import { rawLinesEvent } from './rawLines';
import { StepLocator } from './stepLocator';

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

export interface LogsRouterOptions {
  httpAuth: HttpAuthService;
  /** Orgs the portal shows; others answer 404. */
  namespaces: string[];
  logs: StepLogService;
  /** Throws (403/404) unless the caller may read the run's logs; called before anything is read. */
  authorizeRead: (credentials: BackstageCredentials, namespace: string, run: string) => Promise<void>;
}

/**
 * `GET /runs/:ns/:name/steps/:step/logs`: SSE (default), a JSON page (`follow=false`) or a
 * `text/plain` download (`download=1`). See docs/api.md, "Logs".
 */
export function createLogsRouter(options: LogsRouterOptions) {
  const { httpAuth, logs } = options;
  const guard = new NamespaceGuard(options.namespaces);
  const router = Router();

  router.get('/runs/:ns/:name/steps/:step/logs', async (req: Request, res: Response) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { ns, name, step } = parse(params, req.params, 'path');
    const query = parse(logsQuery, req.query, 'query');
    guard.ensureShown(ns);
    await options.authorizeRead(credentials, ns, name);
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
      const request: LogRequest = { res, logs, locator, initial, controller };
      if (query.download) {
        await download({ ...request, withTimestamps: query.timestamps });
      } else if (!query.follow) {
        await page({ ...request, offset: query.offset, limit: query.limit });
      } else {
        await stream({ ...request, startAt: lastEventId === undefined ? 0 : Number(lastEventId) + 1 });
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

/** One located step log request, whichever output mode answers it. */
interface LogRequest {
  res: Response;
  logs: StepLogService;
  locator: Locator;
  /** The first look at the step, taken before anything was sent. */
  initial: Initial;
  /** Aborted when the client leaves (or the backend shuts down). */
  controller: AbortController;
}

/** A JSON page of what exists now: `limit` lines from `offset`. */
async function page(request: LogRequest & { offset: number; limit: number }): Promise<void> {
  const { res, logs, locator, initial, controller, offset, limit } = request;
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

/** The whole log as a `text/plain` attachment; a slow client pauses the upstream. */
async function download(request: LogRequest & { withTimestamps: boolean }): Promise<void> {
  const { res, logs, locator, initial, controller, withTimestamps } = request;
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
          const pending = writeOrWait(res, chunk);
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

/** SSE that follows the step until it ends; a slow client pauses the upstream. */
async function stream(request: LogRequest & { startAt: number }): Promise<void> {
  const { res, logs, locator, initial, controller, startAt } = request;
  const writer = new SseWriter(res, { slowClient: 'pause', heartbeatMs: logs.heartbeatMs });
  const sendJson = (event: string, data: unknown) => writer.send(event, JSON.stringify(data));
  const { session, release, notePeak } = logs.startSession(
    {
      locator,
      follow: true,
      startAt,
      sink: {
        lines(batch) {
          // Upstream bytes in the kubelet's format go out as they came, framed (see rawLines.ts).
          const pending = batch.raw
            ? writer.writeEvent(rawLinesEvent(batch.raw, batch.n))
            : writer.sendDataLines(
                STEP_LOG_EVENTS.line,
                linesEventData(batch),
                batch.n + batch.text.length - 1,
                batch.ascii ? 'latin1' : 'utf8',
              );
          notePeak();
          return pending?.then(() => undefined);
        },
        source(source, detail) {
          sendJson(STEP_LOG_EVENTS.source, { source, detail });
        },
        waiting(message) {
          sendJson(STEP_LOG_EVENTS.waiting, { message });
        },
        notice(error) {
          sendJson(STEP_LOG_EVENTS.error, errorEvent(error, false));
        },
      },
    },
    controller,
    () => res.writableLength,
  );
  try {
    const result = await session.run(initial);
    sendJson(STEP_LOG_EVENTS.end, { totalLines: result.totalLines, reason: result.reason });
  } catch (error) {
    if (controller.signal.aborted) return;
    // Nothing sent yet: the route answers with a normal HTTP error.
    if (!writer.started) throw error;
    sendJson(STEP_LOG_EVENTS.error, errorEvent(error, true));
  } finally {
    writer.close();
    release();
  }
}
