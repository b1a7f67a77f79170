import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  RUN_EVENT_NAMES,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Request, Response } from 'express';
import { frameWriterFor } from '../http/frameWriter';
import { SseWriter } from '../http/SseWriter';
import { streamOwnerOf } from '../http/streamLimits';
import {
  parseResourceVersion,
  type RunEventPosition,
  type SequencedRunEvent,
} from '../informer/RunEventLog';
import type { RunInformers } from '../informer/RunInformers';
import { eventId, runFrame, singleNamespaceRunFrame } from './runEventFrames';

/**
 * Per-namespace positions a client has seen: `ns:resourceVersion` entries joined by `,` (see
 * {@link RunEventLog}). A namespace named with a position this backend cannot read (an id of an
 * older version, `ns:epoch:seq`) maps to undefined: the client had a position, so it is told to
 * refetch rather than silently resumed from now.
 */
export function parseEventId(
  header: string | undefined,
): Map<string, RunEventPosition | undefined> {
  const positions = new Map<string, RunEventPosition | undefined>();
  for (const part of (header ?? '').split(',')) {
    const fields = part.trim().split(':');
    const namespace = fields[0];
    if (!namespace) continue;
    const rv =
      fields.length === 2 ? parseResourceVersion(fields[1]) : undefined;
    positions.set(namespace, rv === undefined ? undefined : { rv });
  }
  return positions;
}

/** No log covers a negative version: a client with an unreadable position gets a reset. */
const UNREADABLE_POSITION: RunEventPosition = { rv: -1 };

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
    /**
     * Whether the client may see a run (its component's read permission), a boolean when already
     * decided; default: every run.
     */
    canRead?: (run: RunSummary) => boolean | Promise<boolean>;
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
  // The last position told per namespace, in `namespaces` order: the stream's `id:`.
  const positions = new Map<string, number | undefined>();
  const currentId = () =>
    namespaces.map(ns => eventId(ns, positions.get(ns))).join(',');

  const writer = new SseWriter(res, {
    slowClient: 'drop',
    heartbeatMs: options.heartbeatMs,
  });
  // Permission checks are asynchronous but events must keep their order: each event waits for the
  // one before it. A denied run's event is not sent, yet the client's position moves past it.
  const canRead = options.canRead ?? (() => true);
  let delivery: Promise<void> = Promise.resolve();
  // Deliveries still queued: while any is, later ones queue behind it to keep the order.
  const queue = { pending: 0 };
  const inOrder = (task: () => Promise<void>) => {
    queue.pending += 1;
    delivery = delivery
      .then(task)
      .catch(() => undefined)
      .finally(() => {
        queue.pending -= 1;
      });
  };
  const unsubscribers: Array<() => void> = [];
  writer.onClose(() => {
    release();
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
  });
  const send = (event: string, data: unknown, id?: string) =>
    writer.send(event, JSON.stringify(data), id);

  writer.open();
  const writeFrame = frameWriterFor(req, res, writer);
  // The response's close, not the request's: a request 'close' only says the (empty) body was
  // read, which some middleware does before the route runs.
  res.on('close', () => writer.close());

  // A client resuming on a replica whose informer has not started yet: its first watch replays
  // what the client missed (the client may have been on another replica until now).
  for (const [namespace, given] of resume) {
    if (given && namespaces.includes(namespace))
      informers.informer(namespace).requestHistory(given.rv);
  }
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
    positions.set(namespace, given?.rv ?? informer.position);
  }
  send(RUN_EVENT_NAMES.ready, { namespaces }, currentId());

  // A change goes out as bytes framed once for every stream (see runEventFrames): a stream of
  // one namespace has the change's own position as id, which every such stream shares.
  const single = namespaces.length === 1;
  const deliver = (change: SequencedRunEvent, allowed: boolean) => {
    if (writer.isClosed) return;
    positions.set(change.event.namespace, change.rv);
    if (!allowed) return;
    writeFrame(
      single ? singleNamespaceRunFrame(change) : runFrame(change, currentId()),
    );
  };

  for (const namespace of namespaces) {
    const informer = informers.informer(namespace);
    const given = resume.get(namespace);
    if (writer.isClosed) break;
    const unsubscribe = informer.subscribe(
      {
        onEvent: change => {
          if (writer.isClosed) return;
          const allowed = canRead(change.event.run);
          // Decided already and nothing queued: written now (the common case of a busy stream).
          if (typeof allowed === 'boolean' && queue.pending === 0)
            deliver(change, allowed);
          else inOrder(async () => deliver(change, await allowed));
        },
        onReset: reason => {
          const position = informer.position;
          inOrder(async () => {
            positions.set(namespace, position);
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
      resume.has(namespace) ? given ?? UNREADABLE_POSITION : undefined,
    );
    // The replay inside subscribe may already have dropped a slow client.
    if (writer.isClosed) unsubscribe();
    else unsubscribers.push(unsubscribe);
  }
}
