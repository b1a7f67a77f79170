import { EventEmitter } from 'node:events';

export interface LogLine {
  /** Milliseconds since the epoch. */
  ms: number;
  /** RFC3339 with nanoseconds, as the kubelet prints with `timestamps=true`. */
  ts: string;
  text: string;
}

export interface ContainerLog {
  namespace: string;
  pod: string;
  container: string;
  /** Argo node id of the pod, used by the observer's `podId`. */
  podId: string;
  workflow?: string;
  started: boolean;
  ended: boolean;
  lines: LogLine[];
  bytes: number;
  lastMs: number;
  lastSeq: number;
  events: EventEmitter;
}

export interface ArchivedLine {
  timestamp: string;
  log: string;
  containerName: string;
  podId: string;
}

/**
 * Container logs of one cluster. Lines outlive their pods: once a pod is
 * deleted (workflow TTL) the API no longer serves them, but the observer
 * still does, like a log archive.
 */
export class LogStore {
  private readonly containers = new Map<string, ContainerLog>();
  private readonly byWorkflow = new Map<string, ContainerLog[]>();

  private key(namespace: string, pod: string, container: string): string {
    return `${namespace}/${pod}/${container}`;
  }

  /** Declares a container (before it starts) so followers can wait for it. */
  register(
    namespace: string,
    pod: string,
    container: string,
    podId: string,
    workflow?: string,
  ): ContainerLog {
    const key = this.key(namespace, pod, container);
    let log = this.containers.get(key);
    if (!log) {
      const events = new EventEmitter();
      events.setMaxListeners(0);
      log = {
        namespace,
        pod,
        container,
        podId,
        workflow,
        started: false,
        ended: false,
        lines: [],
        bytes: 0,
        lastMs: 0,
        lastSeq: 0,
        events,
      };
      this.containers.set(key, log);
      if (workflow) {
        const list = this.byWorkflow.get(workflow) ?? [];
        list.push(log);
        this.byWorkflow.set(workflow, list);
      }
    }
    return log;
  }

  get(
    namespace: string,
    pod: string,
    container: string,
  ): ContainerLog | undefined {
    return this.containers.get(this.key(namespace, pod, container));
  }

  /** A unique, increasing (per container) RFC3339Nano timestamp for a line written at `ms`. */
  private stamp(log: ContainerLog, ms: number): { ms: number; ts: string } {
    let t = Math.floor(ms);
    if (t <= log.lastMs) {
      // Same (or an earlier) millisecond: keep the order with a sub-millisecond counter.
      t = log.lastMs;
      log.lastSeq += 1;
      if (log.lastSeq > 999999) {
        t += 1;
        log.lastSeq = 0;
      }
    } else {
      log.lastSeq = 0;
    }
    log.lastMs = t;
    const iso = new Date(t).toISOString();
    return {
      ms: t,
      ts: `${iso.slice(0, 19)}.${iso.slice(20, 23)}${String(
        log.lastSeq,
      ).padStart(6, '0')}Z`,
    };
  }

  start(log: ContainerLog): void {
    if (log.started) return;
    log.started = true;
    log.events.emit('start');
  }

  append(log: ContainerLog, text: string, ms = Date.now()): void {
    this.start(log);
    const stamp = this.stamp(log, ms);
    const newLines: LogLine[] = [];
    // No `push(...newLines)`: spreading a big batch as arguments overflows the stack.
    for (const part of text.split('\n')) {
      const line = { ms: stamp.ms, ts: stamp.ts, text: part };
      newLines.push(line);
      log.lines.push(line);
      log.bytes += part.length + 1;
    }
    log.events.emit('lines', newLines);
  }

  end(log: ContainerLog): void {
    if (log.ended) return;
    this.start(log);
    log.ended = true;
    log.events.emit('end');
  }

  /** Every line of every container of a workflow's pods, oldest first. */
  archive(workflow: string): ArchivedLine[] {
    const out: Array<ArchivedLine & { ms: number; order: number }> = [];
    let order = 0;
    for (const log of this.byWorkflow.get(workflow) ?? []) {
      for (const line of log.lines) {
        out.push({
          timestamp: line.ts,
          log: line.text,
          containerName: log.container,
          podId: log.podId,
          ms: line.ms,
          order: order++,
        });
      }
    }
    out.sort(
      (a, b) => a.timestamp.localeCompare(b.timestamp) || a.order - b.order,
    );
    return out.map(({ ms: _ms, order: _o, ...line }) => line);
  }

  hasWorkflow(workflow: string): boolean {
    return this.byWorkflow.has(workflow);
  }
}
