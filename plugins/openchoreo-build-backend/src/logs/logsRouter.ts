import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError, isError } from '@backstage/errors';
import {
  STEP_LOG_EVENTS,
  type StepLogLine,
  type StepLogPageResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { clientLeft, writeOrWait } from '../http/backpressure';
import { frameWriterFor } from '../http/frameWriter';
import { SseWriter } from '../http/SseWriter';
import { streamOwnerOf } from '../http/streamLimits';
import { credentialsOf, k8sName, NamespaceGuard } from '../service/routeKit';
import { parse, queryFlag } from '../service/validation';
import type { StepLogService } from './StepLogService';
import { addRunLogRoute } from './runLogRoute';
import type { LineBatch } from './lineBatch';
import { errorEvent, followStep, SseLogFollower } from './followStep';
import {
  LOG_EVENT_ID_PATTERN,
  parseLogEventId,
  type LogResumePoint,
} from './resumeId';
import { StepLocator } from './stepLocator';
import { STEP_REF_HINT, STEP_REF_PATTERN } from './stepRef';

const params = z.object({
  ns: k8sName,
  name: k8sName,
  step: z.string().min(1).max(300).regex(STEP_REF_PATTERN, STEP_REF_HINT),
});

const eventId = z
  .string()
  .regex(
    LOG_EVENT_ID_PATTERN,
    'must be the id of a line event (see docs/api.md, "Logs")',
  );

export const logsQuery = z
  .object({
    follow: queryFlag(true),
    download: queryFlag(false),
    /** Download: prefix each line with its timestamp. */
    timestamps: queryFlag(false),
    offset: z.coerce.number().int().min(0).max(1e12).default(0),
    limit: z.coerce.number().int().min(1).max(10000).default(1000),
    lastEventId: eventId.optional(),
  })
  .strict();

function resumeFromId(id: string | undefined): LogResumePoint | undefined {
  return id === undefined ? undefined : parseLogEventId(id);
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
  authorizeRead: (
    credentials: BackstageCredentials,
    namespace: string,
    run: string,
  ) => Promise<void>;
}

/**
 * `GET /runs/:ns/:name/steps/:step/logs`: SSE (default), a JSON page (`follow=false`) or a
 * `text/plain` download (`download=1`). See docs/api.md, "Logs".
 */
export function createLogsRouter(options: LogsRouterOptions) {
  const { httpAuth, logs } = options;
  const guard = new NamespaceGuard(options.namespaces);
  const router = Router();

  router.get(
    '/runs/:ns/:name/steps/:step/logs',
    async (req: Request, res: Response) => {
      const credentials = await credentialsOf(httpAuth, req);
      const { ns, name, step } = parse(params, req.params, 'path');
      const query = parse(logsQuery, req.query, 'query');
      guard.ensureShown(ns);
      await options.authorizeRead(credentials, ns, name);
      StepLocator.checkStepName(step);
      const headerId = req.header('last-event-id');
      if (
        headerId !== undefined &&
        headerId !== '' &&
        !eventId.safeParse(headerId).success
      ) {
        throw new InputError(
          `Last-Event-ID: "${headerId.slice(
            0,
            60,
          )}" is not the id of a line event (see docs/api.md, "Logs")`,
        );
      }
      const lastEventId = headerId || query.lastEventId;
      // Counted from here to the end of the response, whatever its mode; 429 beyond the caps.
      const release = logs.streams.acquire(streamOwnerOf(credentials), res);

      const controller = new AbortController();
      const onGone = () => controller.abort();
      // The response's close only: a request's 'close' says its (empty) body was read, which
      // middleware may do before this route runs — the stream would end at once (production).
      res.on('close', onGone);
      try {
        // A follow of a step whose log is shared live already joins it: nothing to look up.
        const live =
          query.follow && !query.download
            ? logs.hubs.liveStep(ns, name, step)
            : undefined;
        if (live) {
          await stream({
            req,
            res,
            logs,
            locator: live,
            controller,
            resumeFrom: resumeFromId(lastEventId),
          });
          return;
        }
        // The first look happens before any byte is sent, so an unknown step is a 404 and an
        // unreachable plane a 502/503/504.
        const { locator, initial } = await logs.lookUp(ns, name, step);
        const request: LogRequest = {
          req,
          res,
          logs,
          locator,
          initial,
          controller,
        };
        if (query.download) {
          await download({ ...request, withTimestamps: query.timestamps });
        } else if (!query.follow) {
          await page({ ...request, offset: query.offset, limit: query.limit });
        } else {
          await stream({ ...request, resumeFrom: resumeFromId(lastEventId) });
        }
      } catch (error) {
        if (clientLeft(res)) return;
        throw error;
      } finally {
        controller.abort();
        release();
      }
    },
  );

  // The whole-run log (archived runs whose lines cannot be told apart by step).
  addRunLogRoute(router, options);

  return router;
}

type Locator = Awaited<ReturnType<StepLogService['locator']>>;
type Initial = Awaited<ReturnType<Locator['locate']>>;

/** One located step log request, whichever output mode answers it. */
interface LogRequest {
  /** Its HTTP version decides whether shared frames may go straight to the socket. */
  req: Pick<Request, 'httpVersionMajor' | 'method'>;
  res: Response;
  logs: StepLogService;
  locator: Locator;
  /** The first look at the step, taken before anything was sent. */
  initial: Initial;
  /** Aborted when the client leaves (or the backend shuts down). */
  controller: AbortController;
}

/** A JSON page; `truncated` when the byte cap ended it before `limit` lines. */
export interface BoundedStepLogPage extends StepLogPageResponse {
  truncated?: true;
}

/** Bytes a line adds to a JSON page (as serialized: escapes such as ANSI `\u001b` count). */
function pageBytesOf(line: StepLogLine): number {
  // +1 for the comma between lines. Pages are not the hot path; exactness keeps the cap honest.
  return Buffer.byteLength(JSON.stringify(line)) + 1;
}

/**
 * A JSON page of what exists now: `limit` lines from `offset`, and at most
 * `limits.logPageBytes` of them (a page always holds at least one line, so paging advances).
 */
async function page(
  request: LogRequest & { offset: number; limit: number },
): Promise<void> {
  const { res, logs, locator, initial, controller, offset, limit } = request;
  const maxBytes = logs.limits.logPageBytes;
  const lines: StepLogLine[] = [];
  let bytes = 0;
  let truncated = false;
  // Aborted by the client leaving or by the page being full.
  const inner = new AbortController();
  let full = false;
  controller.signal.addEventListener('abort', () => inner.abort(), {
    once: true,
  });
  const { session, release } = logs.startSession(
    {
      locator,
      follow: false,
      startAt: offset,
      sink: {
        lines(batch) {
          for (let i = 0; i < batch.text.length && !full; i += 1) {
            const ts = batch.ts[i];
            const text = batch.text[i];
            const line: StepLogLine =
              ts === undefined
                ? { n: batch.n + i, text }
                : { n: batch.n + i, ts, text };
            const size = pageBytesOf(line);
            if (lines.length > 0 && bytes + size > maxBytes) {
              truncated = true;
              full = true;
              break;
            }
            bytes += size;
            lines.push(line);
            if (lines.length >= limit) full = true;
          }
          if (full) inner.abort();
        },
        source() {},
        waiting() {},
        notice() {},
      },
    },
    inner,
    () => 0,
  );
  let body: BoundedStepLogPage;
  try {
    const result = await session.run(initial);
    body = {
      lines,
      source: result.source,
      complete: result.complete && offset + lines.length >= result.totalLines,
      nextOffset: offset + lines.length,
    };
    if (result.waiting) body.waiting = result.waiting;
  } catch (error) {
    if (!full || controller.signal.aborted) throw error;
    body = {
      lines,
      source: session.stats.source,
      complete: false,
      nextOffset: offset + lines.length,
    };
  } finally {
    release();
  }
  // Ask for `nextOffset` to go on; the cap is `openchoreo.build.limits.logPageBytes`.
  if (truncated) body.truncated = true;
  res.json(body);
}

/** The text of lines as the download writes them. */
function downloadText(
  batch: LineBatch,
  withTimestamps: boolean,
  from = 0,
  to = batch.text.length,
): string {
  let chunk = '';
  if (withTimestamps) {
    for (let i = from; i < to; i += 1)
      chunk += batch.ts[i]
        ? `${batch.ts[i]} ${batch.text[i]}\n`
        : `${batch.text[i]}\n`;
  } else if (from === 0 && to === batch.text.length) {
    chunk = `${batch.text.join('\n')}\n`;
  } else {
    for (let i = from; i < to; i += 1) chunk += `${batch.text[i]}\n`;
  }
  return chunk;
}

/**
 * The whole log as a `text/plain` attachment; a slow client pauses the upstream. At most
 * `limits.logDownloadBytes`: a longer log ends with a final line saying so.
 */
async function download(
  request: LogRequest & { withTimestamps: boolean },
): Promise<void> {
  const { res, logs, locator, initial, controller, withTimestamps } = request;
  const maxBytes = logs.limits.logDownloadBytes;
  // Named after the step as shown (`sub-dag1.fail`), not the node id the UI asks by.
  const fileName = `${safeFileName(locator.runName)}-${safeFileName(
    locator.lastStep?.displayPath ?? locator.step,
  )}.log`;
  let started = false;
  let written = 0;
  let capped = false;
  const inner = new AbortController();
  controller.signal.addEventListener('abort', () => inner.abort(), {
    once: true,
  });
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
          let chunk = downloadText(batch, withTimestamps);
          let size = Buffer.byteLength(chunk);
          if (written + size > maxBytes) {
            // Whole lines up to the cap, then stop reading.
            let fit = 0;
            size = 0;
            for (let i = 0; i < batch.text.length; i += 1) {
              const line = Buffer.byteLength(
                downloadText(batch, withTimestamps, i, i + 1),
              );
              if (written + size + line > maxBytes) break;
              size += line;
              fit = i + 1;
            }
            chunk = downloadText(batch, withTimestamps, 0, fit);
            capped = true;
            inner.abort();
          }
          written += size;
          const pending = chunk ? writeOrWait(res, chunk) : undefined;
          notePeak();
          return pending?.then(() => undefined);
        },
        source() {},
        waiting() {},
        notice() {},
      },
    },
    inner,
    () => res.writableLength,
  );
  try {
    const result = await session.run(initial);
    start();
    if (result.waiting) res.write(`[${result.waiting}]\n`);
    res.end();
  } catch (error) {
    if (capped && !controller.signal.aborted) {
      start();
      res.end(
        `[log download stopped after ${written} bytes: the limit openchoreo.build.limits.logDownloadBytes is ${maxBytes}; page through the rest with ?follow=false&offset=]\n`,
      );
      return;
    }
    if (controller.signal.aborted) {
      // Backend shutdown (not the client leaving): say why the file ends here.
      if (started && logs.isShuttingDown && !res.writableEnded)
        res.end('\n[log download interrupted: the backend is shutting down]\n');
      return;
    }
    if (!started) throw error;
    res.end(
      `\n[log download interrupted: ${
        isError(error) ? error.message : String(error)
      }]\n`,
    );
  } finally {
    release();
  }
}

/**
 * SSE that follows the step until it ends (followStep.ts: a running step is shared with its other
 * followers in this process). A slow client pauses its own reader, or is let go by the shared one.
 */
async function stream(
  request: Omit<LogRequest, 'initial'> & {
    /** Without it the step's shared follow is joined first (see `liveStep`). */
    initial?: Initial;
    resumeFrom?: LogResumePoint;
  },
): Promise<void> {
  const { req, res, logs, locator, initial, controller, resumeFrom } = request;
  const writer = new SseWriter(res, {
    slowClient: 'pause',
    heartbeatMs: logs.heartbeatMs,
  });
  const follower = new SseLogFollower(
    writer,
    {
      next: resumeFrom ? resumeFrom.n + 1 : 0,
      cursor: resumeFrom?.cursor,
    },
    () => frameWriterFor(req, res, writer, undefined, 'pause'),
  );
  try {
    const result = await followStep({
      logs,
      locator,
      initial,
      controller,
      follower,
      buffered: () => res.writableLength,
    });
    follower.json(STEP_LOG_EVENTS.end, {
      totalLines: result.totalLines,
      reason: result.reason,
    });
  } catch (error) {
    if (controller.signal.aborted) {
      // Backend shutdown: a last, non-fatal event tells the viewer why the stream ends; it
      // reconnects (after `retry:`) and resumes from its last line.
      if (logs.isShuttingDown && !writer.isClosed) {
        follower.json(STEP_LOG_EVENTS.error, {
          message:
            'The backend is shutting down; the log resumes when it is back',
          status: 503,
          fatal: false,
        });
      }
      return;
    }
    // Nothing sent yet: the route answers with a normal HTTP error.
    if (!writer.started) throw error;
    follower.json(STEP_LOG_EVENTS.error, errorEvent(error, true));
  } finally {
    writer.close();
  }
}
