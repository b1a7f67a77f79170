import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from './errors';
import { apiVersionOf, grKey, ResourceDef } from './registry';
import { Matcher } from './selectors';
import { Store, StoreEvent } from './store';
import type { LabelEquality } from './typeIndex';
import { KObject, WatchEventType } from './types';

export interface WatchRequest {
  def: ResourceDef;
  version: string;
  namespace?: string;
  labels: Matcher;
  /** The label selector's `key=value` terms, for the label index (`compileLabelSelector`). */
  labelEqualities?: LabelEquality[];
  fields: Matcher;
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs: number;
  /** Re-encodes event objects (kubectl asks for Tables). */
  encode?: (obj: KObject) => object;
}

/**
 * Streams watch events as JSON lines. Replayed history and live changes are
 * delivered in resourceVersion order with no gap: the history is read and the
 * live subscription made in the same synchronous step.
 */
export function serveWatch(
  store: Store,
  req: IncomingMessage,
  res: ServerResponse,
  w: WatchRequest,
): void {
  const gr = grKey(w.def);
  const withVersion = (
    obj: KObject,
    def: ResourceDef,
    version: string,
  ): object => {
    const out = { ...obj, apiVersion: apiVersionOf(def.group, version) };
    return w.encode ? w.encode(out) : out;
  };
  const matches = (obj: KObject | undefined): boolean =>
    !!obj &&
    (!w.namespace || obj.metadata.namespace === w.namespace) &&
    w.labels(obj) &&
    w.fields(obj);

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  let closed = false;
  let lastRv = store.currentRv();
  const send = (type: WatchEventType, object: object): void => {
    if (!closed) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    send('BOOKMARK', {
      kind: w.def.kind,
      apiVersion: apiVersionOf(w.def.group, w.version),
      metadata: {
        resourceVersion: String(lastRv),
        ...(annotations ? { annotations } : {}),
      },
    });
  };

  const deliver = (event: StoreEvent): void => {
    if (event.gr !== gr) return;
    lastRv = event.rv;
    const now = matches(event.object);
    const before =
      event.type === 'MODIFIED'
        ? matches(event.previous)
        : event.type === 'DELETED';
    if (event.type === 'ADDED') {
      if (now) send('ADDED', withVersion(event.object, w.def, w.version));
    } else if (event.type === 'DELETED') {
      if (matches(event.object))
        send('DELETED', withVersion(event.object, w.def, w.version));
    } else if (now && before) {
      send('MODIFIED', withVersion(event.object, w.def, w.version));
    } else if (now && !before) {
      send('ADDED', withVersion(event.object, w.def, w.version));
    } else if (!now && before) {
      // The object left the selection: watchers see it disappear.
      send('DELETED', withVersion(event.object, w.def, w.version));
    }
  };

  let unsubscribe: () => void = () => {};
  const timers: { bookmark?: NodeJS.Timeout; timeout?: NodeJS.Timeout } = {};
  const finish = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(timers.bookmark);
    clearTimeout(timers.timeout);
    res.end();
  };

  const rv = w.resourceVersion;
  if (!rv || rv === '0' || w.sendInitialEvents) {
    // "Start at most recent": synthetic ADDED events for the current state.
    // Stored objects, read without copies: each is only serialized, and the label index narrows them.
    for (const obj of store.scan(gr, {
      namespace: w.def.namespaced ? w.namespace : undefined,
      labelEqualities: w.labelEqualities,
    })) {
      if (matches(obj)) send('ADDED', withVersion(obj, w.def, w.version));
    }
    if (w.sendInitialEvents && w.allowBookmarks)
      bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const since = Number(rv);
    const history = Number.isFinite(since)
      ? store.eventsSince(since)
      : undefined;
    if (!history) {
      const status = errors
        .gone(`too old resource version: ${rv} (${store.oldestRv()})`)
        .toStatus();
      send('ERROR', status);
      closed = true;
      res.end();
      return;
    }
    for (const event of history) deliver(event);
  }
  unsubscribe = store.subscribe(deliver);
  timers.bookmark = setInterval(() => {
    if (w.allowBookmarks) bookmark();
  }, w.bookmarkIntervalMs);
  timers.timeout = setTimeout(finish, (w.timeoutSeconds ?? 1800) * 1000);
  req.on('close', finish);
  res.on('close', finish);
}
