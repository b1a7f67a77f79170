import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  RUN_EVENT_NAMES,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Request, Response } from 'express';
import { SseWriter } from '../http/SseWriter';
import { streamOwnerOf } from '../http/streamLimits';
import type { RunInformers } from '../informer/RunInformers';

/** Per-namespace position a client has seen: `ns:epoch:seq` entries joined by `,`. */
export function parseEventId(
  header: string | undefined,
): Map<string, { epoch: string; seq: number }> {
  const positions = new Map<string, { epoch: string; seq: number }>();
  for (const part of (header ?? '').split(',')) {
    const [namespace, epoch, seq] = part.trim().split(':');
    if (namespace && epoch && seq !== undefined && /^\d+$/.test(seq)) {
      positions.set(namespace, { epoch, seq: Number(seq) });
    }
  }
  return positions;
}

/**
 * Serves `GET /events` as text/event-stream: `ready` once every org's run informer holds its first
 * list (so a client that lists after `ready` misses no change), then `run` events with ids that let
 * the browser resume (Last-Event-ID), `reset` when it cannot, and heartbeat comments. A client too
 * slow to take the events is dropped (it reconnects and resumes): one informer feeds every client
 * and cannot wait for one. While an org's watch is down the client gets `stream-error`, and a
 * `reset` when changes may have been lost; on backend shutdown a final `stream-error`. Streams
 * are capped per caller and in all (`informers.streams`, 429). Everything is released when the
 * client goes away.
 */
export async function streamRunEvents(
  req: Request,
  res: Response,
  options: {
    informers: RunInformers;
    namespaces: string[];
    heartbeatMs: number;
    /** Whether the client may see a run (its component's read permission); default: every run. */
    canRead?: (run: RunSummary) => Promise<boolean>;
    /** Whose stream this is, for the per-user cap; without it only the global cap applies. */
    credentials?: BackstageCredentials;
  },
): Promise<void> {
  const { informers, namespaces } = options;
  // Taken before anything is written, so a refusal is a plain 429 with Retry-After.
  const release = informers.streams.acquire(
    options.credentials ? streamOwnerOf(options.credentials) : undefined,
    res,
  );
  const resume = parseEventId(
    req.header('last-event-id') ??
      (typeof req.query.lastEventId === 'string'
        ? req.query.lastEventId
        : undefined),
  );
  const positions = new Map<string, string>();
  const currentId = () => [...positions.values()].join(',');

  const writer = new SseWriter(res, {
    slowClient: 'drop',
    heartbeatMs: options.heartbeatMs,
  });
  // Permission checks are asynchronous but events must keep their order: each event waits for the
  // one before it. A denied run's event is not sent, yet the client's position moves past it.
  const canRead = options.canRead ?? (async () => true);
  let delivery: Promise<void> = Promise.resolve();
  const inOrder = (task: () => Promise<void>) => {
    delivery = delivery.then(task).catch(() => undefined);
  };
  const unsubscribers: Array<() => void> = [];
  writer.onClose(() => {
    release();
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
  });
  const send = (event: string, data: unknown, id?: string) =>
    writer.send(event, JSON.stringify(data), id);

  writer.open();
  req.on('close', () => writer.close());

  const synced = await Promise.allSettled(
    namespaces.map(namespace => informers.runs(namespace)),
  );
  if (writer.isClosed) return;
  synced.forEach((result, index) => {
    // The informer keeps retrying in the background; the client hears why it may miss changes for now.
    if (result.status === 'rejected') {
      const reason: unknown = result.reason;
      send(RUN_EVENT_NAMES.error, {
        namespaces: [namespaces[index]],
        reason: isError(reason) ? reason.message : String(reason),
      });
    }
  });
  // Positions are taken after the first list, in the same tick as subscribing: nothing falls between.
  for (const namespace of namespaces) {
    const informer = informers.informer(namespace);
    const given = resume.get(namespace);
    positions.set(
      namespace,
      `${namespace}:${informer.epoch}:${
        given?.epoch === informer.epoch ? given.seq : informer.lastSeq
      }`,
    );
  }
  send(RUN_EVENT_NAMES.ready, { namespaces }, currentId());

  for (const namespace of namespaces) {
    const informer = informers.informer(namespace);
    const given = resume.get(namespace);
    if (writer.isClosed) break;
    const unsubscribe = informer.subscribe(
      {
        onEvent: ({ seq, event }) =>
          inOrder(async () => {
            const allowed = await canRead(event.run);
            if (writer.isClosed) return;
            positions.set(namespace, `${namespace}:${informer.epoch}:${seq}`);
            if (allowed) send(RUN_EVENT_NAMES.run, event, currentId());
          }),
        onReset: reason => {
          const lastSeq = informer.lastSeq;
          inOrder(async () => {
            positions.set(
              namespace,
              `${namespace}:${informer.epoch}:${lastSeq}`,
            );
            send(
              RUN_EVENT_NAMES.reset,
              { namespaces: [namespace], reason },
              currentId(),
            );
          });
        },
        onError: reason =>
          inOrder(async () => {
            send(RUN_EVENT_NAMES.error, { namespaces: [namespace], reason });
          }),
        onClose: reason =>
          inOrder(async () => {
            // The last event of the stream: the client reconnects (after `retry:`) and resumes.
            send(RUN_EVENT_NAMES.error, { namespaces: [namespace], reason });
            writer.close();
          }),
      },
      given,
    );
    // The replay inside subscribe may already have dropped a slow client.
    if (writer.isClosed) unsubscribe();
    else unsubscribers.push(unsubscribe);
  }
}
