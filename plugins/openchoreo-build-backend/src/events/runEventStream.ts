import type { Request, Response } from 'express';
import { RUN_EVENT_NAMES } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { RunEventHub } from './RunEventHub';

/** Per-namespace position a client has seen: `ns:epoch:seq` entries joined by `,`. */
export function parseEventId(header: string | undefined): Map<string, { epoch: string; seq: number }> {
  const positions = new Map<string, { epoch: string; seq: number }>();
  for (const part of (header ?? '').split(',')) {
    const [namespace, epoch, seq] = part.trim().split(':');
    if (namespace && epoch && seq !== undefined && /^\d+$/.test(seq)) {
      positions.set(namespace, { epoch, seq: Number(seq) });
    }
  }
  return positions;
}

/** Above this many unsent bytes a slow client is dropped; it reconnects with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Serves `GET /events` as text/event-stream: `ready` once every org's run cache holds its first
 * list (so a client that lists after `ready` misses no change), then `run` events with ids that let
 * the browser resume (Last-Event-ID), `reset` when it cannot, and heartbeat comments. Everything is
 * released when the client goes away.
 */
export async function streamRunEvents(
  req: Request,
  res: Response,
  hub: RunEventHub,
  namespaces: string[],
  heartbeatMs: number,
): Promise<void> {
  const resume = parseEventId(req.header('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined));
  const positions = new Map<string, string>();
  const currentId = () => [...positions.values()].join(',');

  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  // no-transform keeps compression middleware from buffering the stream.
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();

  let closed = false;
  const timers: { heartbeat?: NodeJS.Timeout } = {};
  const unsubscribers: Array<() => void> = [];
  const cleanup = () => {
    if (closed) return;
    closed = true;
    clearInterval(timers.heartbeat);
    for (const unsubscribe of unsubscribers) unsubscribe();
    if (!res.writableEnded) res.end();
  };
  const write = (chunk: string) => {
    if (closed) return;
    res.write(chunk);
    (res as Response & { flush?: () => void }).flush?.();
    if (res.writableLength > MAX_BUFFERED_BYTES) cleanup();
  };
  const send = (event: string, data: unknown, id?: string) => {
    write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  write('retry: 3000\n\n');
  timers.heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), heartbeatMs);
  req.on('close', cleanup);
  res.on('close', cleanup);

  const synced = await Promise.allSettled(namespaces.map(namespace => hub.runs(namespace)));
  if (closed) return;
  synced.forEach((result, index) => {
    // The cache keeps retrying in the background; the client hears why it may miss changes for now.
    if (result.status === 'rejected') {
      send(RUN_EVENT_NAMES.error, { namespaces: [namespaces[index]], reason: String((result.reason as Error)?.message ?? result.reason) });
    }
  });
  // Positions are taken after the first list, in the same tick as subscribing: nothing falls between.
  for (const namespace of namespaces) {
    const feed = hub.feed(namespace);
    const given = resume.get(namespace);
    positions.set(namespace, `${namespace}:${feed.epoch}:${given?.epoch === feed.epoch ? given.seq : feed.lastSeq}`);
  }
  send(RUN_EVENT_NAMES.ready, { namespaces }, currentId());

  for (const namespace of namespaces) {
    const feed = hub.feed(namespace);
    const given = resume.get(namespace);
    if (closed) break;
    unsubscribers.push(
      feed.subscribe(
        {
          onEvent: ({ seq, event }) => {
            positions.set(namespace, `${namespace}:${feed.epoch}:${seq}`);
            send(RUN_EVENT_NAMES.run, event, currentId());
          },
          onReset: reason => {
            positions.set(namespace, `${namespace}:${feed.epoch}:${feed.lastSeq}`);
            send(RUN_EVENT_NAMES.reset, { namespaces: [namespace], reason }, currentId());
          },
        },
        given,
      ),
    );
  }
}
