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
  /**
   * The pod's `metadata.uid`: what fluent-bit records as `kubernetes.pod_id` and the observer
   * answers as `podId` (`internal/observer/opensearch/types.go@v0.9.0`, `ParseLogEntry`).
   */
  podUid: string;
  /**
   * The pod's labels as the log collector saw them: fluent-bit's kubernetes filter looks a pod up
   * once and caches it (`Kube_Meta_Cache_TTL` 0 = for good), so they are the labels the pod had
   * when its logs began, not later changes.
   */
  podLabels: Readonly<Record<string, string>>;
  /** The Argo Workflow owning the pod, when there is one. */
  workflow?: string;
  started: boolean;
  ended: boolean;
  lines: LogLine[];
  bytes: number;
  lastMs: number;
  lastSeq: number;
  events: EventEmitter;
}

/**
 * Container logs of one cluster. Lines outlive their pods: once a pod is
 * deleted (workflow TTL) the API no longer serves them, but the observer
 * still does, like a log archive.
 */
export class LogStore {
  private readonly containers = new Map<string, ContainerLog>();

  private key(namespace: string, pod: string, container: string): string {
    return `${namespace}/${pod}/${container}`;
  }

  /**
   * Declares a container (before it starts) so followers can wait for it. A container already
   * declared keeps its first pod UID and labels.
   */
  register(
    namespace: string,
    pod: string,
    container: string,
    podUid: string,
    workflow?: string,
    podLabels: Record<string, string> = {},
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
        podUid,
        podLabels: { ...podLabels },
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

  /** Every container declared so far, in the order they were declared (the observer's archive). */
  all(): IterableIterator<ContainerLog> {
    return this.containers.values();
  }
}
