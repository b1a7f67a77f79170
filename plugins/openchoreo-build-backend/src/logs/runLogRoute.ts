import { isError, ServiceUnavailableError } from '@backstage/errors';
import type {
  RunLogLine,
  RunLogPageResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { clientLeft, writeOrWait } from '../http/backpressure';
import { streamOwnerOf } from '../http/streamLimits';
import { credentialsOf, k8sName, NamespaceGuard } from '../service/routeKit';
import { parse, queryFlag } from '../service/validation';
import type { LogsRouterOptions } from './logsRouter';
import { readRunLog } from './runLog';

const params = z.object({ ns: k8sName, name: k8sName });

const query = z
  .object({
    /** Only `false` exists: the whole-run log is read from the archive, there is nothing to follow. */
    follow: z
      .enum(['false', '0'], {
        errorMap: () => ({
          message:
            'the whole-run log has no live stream; leave follow out or give follow=false',
        }),
      })
      .optional(),
    download: queryFlag(false),
    timestamps: queryFlag(false),
    offset: z.coerce.number().int().min(0).max(1e12).default(0),
    limit: z.coerce.number().int().min(1).max(10000).default(1000),
  })
  .strict();

function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 200);
}

/** Bytes a line adds to a JSON page (as serialized). */
function pageBytesOf(line: RunLogLine): number {
  return Buffer.byteLength(JSON.stringify(line)) + 1;
}

/**
 * `GET /runs/:ns/:name/logs`: the run's whole log from the observer archive — every `main` line of
 * every pod, in time order, each tagged with its step — as a JSON page (default) or a `text/plain`
 * download (`download=1`). For runs whose archived lines cannot be told apart by step
 * (`RunDetail.wholeRunLog`), and any run whose Workflow is gone. Same permission, org check and
 * stream cap as the step log route. See docs/api.md, "Whole-run log".
 */
export function addRunLogRoute(router: Router, options: LogsRouterOptions) {
  const { httpAuth, logs } = options;
  const guard = new NamespaceGuard(options.namespaces);

  router.get('/runs/:ns/:name/logs', async (req: Request, res: Response) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { ns, name } = parse(params, req.params, 'path');
    const q = parse(query, req.query, 'query');
    guard.ensureShown(ns);
    await options.authorizeRead(credentials, ns, name);
    const archive = logs.options.archive;
    if (!archive) {
      throw new ServiceUnavailableError(
        'The whole-run log needs the observer archive, which this backend was started without',
      );
    }
    const release = logs.streams.acquire(streamOwnerOf(credentials), res);
    const controller = new AbortController();
    const onGone = () => controller.abort();
    // The response's close only: a request's 'close' says its (empty) body was read, which
    // middleware may do before this route runs — the stream would end at once (production).
    res.on('close', onGone);
    try {
      const { source, archived } = await archive.open(ns, name);
      // Archived lines carry their pod's UID; a step named after the template has its node id.
      const stepByPod = new Map(archived.steps.map(s => [s.podUid ?? s.id, s]));
      const stepNames = new Map(
        [...stepByPod].map(([pod, step]) => [pod, step.name]),
      );
      if (q.download) {
        await download(res, {
          source,
          stepNames,
          fileName: `${safeFileName(name)}-whole-run.log`,
          withTimestamps: q.timestamps,
          maxBytes: logs.limits.logDownloadBytes,
          signal: controller.signal,
        });
        return;
      }
      const lines: RunLogLine[] = [];
      const maxBytes = logs.limits.logPageBytes;
      let bytes = 0;
      let truncated = false;
      const result = await readRunLog(
        source,
        batch => {
          for (const line of batch) {
            if (line.n < q.offset) continue;
            const size = pageBytesOf(line);
            if (lines.length > 0 && bytes + size > maxBytes) {
              truncated = true;
              return false;
            }
            bytes += size;
            lines.push({
              ...line,
              step: stepByPod.get(line.step)?.id ?? line.step,
            });
            if (lines.length >= q.limit) return false;
          }
          return true;
        },
        controller.signal,
      );
      const names = new Map(archived.steps.map(s => [s.id, s.name]));
      const steps = [...new Set(lines.map(line => line.step))].map(id => ({
        id,
        name: names.get(id) ?? id,
      }));
      const body: RunLogPageResponse = {
        lines,
        steps,
        complete: result.complete,
        nextOffset: q.offset + lines.length,
      };
      if (truncated) body.truncated = true;
      if (result.archiveTruncated || archived.truncated)
        body.archiveTruncated = true;
      res.json(body);
    } catch (error) {
      if (clientLeft(res)) return;
      throw error;
    } finally {
      controller.abort();
      release();
    }
  });
}

/** The whole-run log as a `text/plain` attachment, `[step] text` per line, at most `maxBytes`. */
async function download(
  res: Response,
  options: {
    source: Parameters<typeof readRunLog>[0];
    stepNames: Map<string, string>;
    fileName: string;
    withTimestamps: boolean;
    maxBytes: number;
    signal: AbortSignal;
  },
): Promise<void> {
  let started = false;
  let written = 0;
  let capped = false;
  const start = () => {
    if (started) return;
    started = true;
    res.status(200);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${options.fileName}"`,
    );
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Content-Type-Options', 'nosniff');
  };
  const format = (line: RunLogLine) => {
    const step = options.stepNames.get(line.step) ?? line.step;
    const ts = options.withTimestamps && line.ts ? `${line.ts} ` : '';
    return `${ts}[${step}] ${line.text}\n`;
  };
  try {
    await readRunLog(
      options.source,
      async batch => {
        start();
        let chunk = '';
        for (const line of batch) {
          const text = format(line);
          const size = Buffer.byteLength(text);
          if (written + size > options.maxBytes) {
            capped = true;
            break;
          }
          written += size;
          chunk += text;
        }
        if (chunk) await writeOrWait(res, chunk);
        return !capped;
      },
      options.signal,
    );
    start();
    res.end(
      capped
        ? `[log download stopped after ${written} bytes: the limit openchoreo.build.limits.logDownloadBytes is ${options.maxBytes}; page through the rest with ?offset=]\n`
        : undefined,
    );
  } catch (error) {
    if (options.signal.aborted) return;
    if (!started) throw error;
    res.end(
      `\n[log download interrupted: ${
        isError(error) ? error.message : String(error)
      }]\n`,
    );
  }
}
