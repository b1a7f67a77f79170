import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContainerLog } from '../logs/logstore';
import type { Cluster } from './cluster';
import { ApiError, errors } from './errors';
import { firstLineAtOrAfter, streamContainerLog } from './logStream';
import { isRecord, KObject } from './types';

export interface PodLogQuery {
  container?: string;
  follow: boolean;
  timestamps: boolean;
  sinceTime?: string;
  sinceSeconds?: number;
  tailLines?: number;
  limitBytes?: number;
  previous: boolean;
}

function containerNames(pod: KObject): { main: string[]; init: string[] } {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const names = (list: unknown): string[] =>
    Array.isArray(list) ? list.filter(isRecord).map(c => String(c.name)) : [];
  return { main: names(spec.containers), init: names(spec.initContainers) };
}

function waitingReason(pod: KObject, container: string): string | undefined {
  const status = isRecord(pod.status) ? pod.status : {};
  const all = [
    ...(Array.isArray(status.initContainerStatuses)
      ? status.initContainerStatuses
      : []),
    ...(Array.isArray(status.containerStatuses)
      ? status.containerStatuses
      : []),
  ].filter(isRecord);
  const cs = all.find(c => c.name === container);
  if (!cs) return 'ContainerCreating';
  const state = isRecord(cs.state) ? cs.state : {};
  if (isRecord(state.waiting))
    return String(state.waiting.reason ?? 'ContainerCreating');
  return undefined;
}

/**
 * `GET .../pods/{name}/log` with the kubelet's options. The body is streamed
 * as it is formatted (`streamContainerLog`); with `follow` the response stays
 * open, streaming lines as they are written, until the container ends or the
 * pod is deleted.
 */
export function servePodLog(
  cluster: Cluster,
  req: IncomingMessage,
  res: ServerResponse,
  namespace: string,
  name: string,
  q: PodLogQuery,
): void {
  const podDef = cluster.def('v1', 'pods');
  const pod = cluster.core.get(podDef, namespace, name);
  const { main, init } = containerNames(pod);
  let container = q.container;
  if (!container) {
    if (main.length !== 1) {
      throw errors.badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${main.join(
          ' ',
        )}]${
          init.length
            ? ` or one of the init containers: [${init.join(' ')}]`
            : ''
        }`,
      );
    }
    container = main[0];
  }
  if (!main.includes(container) && !init.includes(container)) {
    throw errors.badRequest(
      `container ${container} is not valid for pod ${name}`,
    );
  }
  if (q.previous)
    throw errors.badRequest(
      `previous terminated container "${container}" in pod "${name}" not found`,
    );
  if (q.sinceTime && q.sinceSeconds !== undefined)
    throw errors.badRequest(
      'at most one of sinceTime or sinceSeconds may be specified',
    );
  const log: ContainerLog = cluster.logs.register(
    namespace,
    name,
    container,
    pod.metadata.uid ?? '',
    undefined,
    pod.metadata.labels ?? {},
  );
  const waiting = waitingReason(pod, container);
  if (waiting && !log.started && !q.follow) {
    throw new ApiError(
      400,
      'BadRequest',
      `container "${container}" in pod "${name}" is waiting to start: ${waiting}`,
    );
  }

  // The kubelet parses sinceTime as RFC3339 with second precision.
  let sinceMs: number | undefined;
  if (q.sinceTime) {
    const parsed = Date.parse(q.sinceTime);
    if (Number.isNaN(parsed))
      throw errors.badRequest(`invalid sinceTime: ${q.sinceTime}`);
    sinceMs = Math.floor(parsed / 1000) * 1000;
  } else if (q.sinceSeconds !== undefined) {
    sinceMs = Date.now() - q.sinceSeconds * 1000;
  }

  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Cache-Control': 'no-cache, private',
  });
  // sinceTime/sinceSeconds, then tailLines: the last lines of those at or after the time.
  const from =
    sinceMs === undefined ? 0 : firstLineAtOrAfter(log.lines, sinceMs);
  const startIndex =
    q.tailLines !== undefined && q.tailLines >= 0
      ? Math.max(from, log.lines.length - q.tailLines)
      : from;
  const stream = streamContainerLog(
    log,
    res,
    {
      startIndex,
      sinceMs,
      timestamps: q.timestamps,
      limitBytes: q.limitBytes,
      follow: q.follow,
    },
    cluster.podLogStreams,
  );
  req.on('close', stream.stop);
  stream.closed.then(() => req.off('close', stream.stop));
  if (q.follow) {
    // A deleted pod ends its followers (the kubelet's container is gone).
    const unsubscribe = cluster.store.subscribe(event => {
      if (
        event.type === 'DELETED' &&
        event.gr === '/pods' &&
        event.object.metadata.namespace === namespace &&
        event.object.metadata.name === name
      )
        setImmediate(stream.stop);
    });
    stream.closed.then(unsubscribe);
  }
}
