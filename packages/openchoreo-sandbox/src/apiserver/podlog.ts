import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContainerLog, LogLine } from '../logs/logstore';
import type { Cluster } from './cluster';
import { ApiError, errors } from './errors';
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

function format(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${line.ts} ${line.text}\n` : `${line.text}\n`;
}

/**
 * `GET .../pods/{name}/log` with the kubelet's options. With `follow` the
 * response stays open, streaming lines as they are written, until the
 * container ends or the pod is deleted.
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
  let remaining = q.limitBytes && q.limitBytes > 0 ? q.limitBytes : Infinity;
  let done = false;
  const write = (lines: LogLine[]): void => {
    let chunk = '';
    for (const line of lines) {
      if (sinceMs !== undefined && line.ms < sinceMs) continue;
      chunk += format(line, q.timestamps);
      if (chunk.length >= remaining) break;
    }
    if (!chunk) return;
    if (chunk.length >= remaining) {
      res.write(Buffer.from(chunk).subarray(0, remaining));
      remaining = 0;
      finish();
      return;
    }
    remaining -= Buffer.byteLength(chunk);
    res.write(chunk);
  };

  const onLines = (lines: LogLine[]): void => write(lines);
  const onEnd = (): void => finish();
  const unsubscribePod = q.follow
    ? cluster.store.subscribe(event => {
        if (
          event.type === 'DELETED' &&
          event.gr === '/pods' &&
          event.object.metadata.namespace === namespace &&
          event.object.metadata.name === name
        ) {
          setImmediate(finish);
        }
      })
    : () => {};
  function finish(): void {
    if (done) return;
    done = true;
    log.events.off('lines', onLines);
    log.events.off('end', onEnd);
    unsubscribePod();
    res.end();
  }

  let lines = log.lines;
  if (sinceMs !== undefined) lines = lines.filter(l => l.ms >= sinceMs!);
  if (q.tailLines !== undefined && q.tailLines >= 0)
    lines = lines.slice(Math.max(0, lines.length - q.tailLines));
  write(lines);
  if (done) return;
  if (!q.follow || log.ended) {
    finish();
    return;
  }
  log.events.on('lines', onLines);
  log.events.on('end', onEnd);
  req.on('close', finish);
  res.on('close', finish);
}
