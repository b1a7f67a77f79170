import type { ContainerLog, LogLine } from '../logs/logstore';

/**
 * How many bytes of formatted lines are gathered into one write. The kubelet writes line by line
 * through a flushing writer; gathering up to 64 KiB keeps writes few without delaying the first
 * line (a write leaves as soon as the lines at hand are formatted).
 */
export const LOG_CHUNK_BYTES = 64 * 1024;

/** Where a log stream writes: an HTTP response (or, in tests, any writable with backpressure). */
export interface LogSink {
  /** false = the sink's buffer is full: wait for `drain` before writing more. */
  write(chunk: string | Uint8Array): boolean;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
  end(): void;
}

/** What a log stream selects: the first line to send, and how the lines are cut and printed. */
export interface LogStreamOptions {
  /** Index in `log.lines` of the first line to send (after `tailLines`). */
  startIndex: number;
  /** Lines before this time (ms) are skipped (`sinceTime` / `sinceSeconds`). */
  sinceMs?: number;
  timestamps: boolean;
  /** At most this many bytes, then the stream ends (`limitBytes`). */
  limitBytes?: number;
  /** Keep streaming lines as they are written until the container ends (`follow`). */
  follow: boolean;
}

/**
 * One open `pods/log` response, as the server sees it. `Cluster.podLogStreams` holds the open
 * ones: what diagnostics (and tests) read to see that a large log is produced as it is sent and
 * that a client going away frees the server side.
 */
export interface PodLogStream {
  namespace: string;
  pod: string;
  container: string;
  /** Lines formatted so far. */
  linesWritten: number;
  bytesWritten: number;
  /** Resolves once the stream has ended: all sent, limit reached, client gone or pod deleted. */
  closed: Promise<void>;
  /** Ends the stream now (the pod was deleted). */
  stop(): void;
}

function format(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${line.ts} ${line.text}\n` : `${line.text}\n`;
}

/** The index of the first line at or after `ms` (the lines' times never decrease). */
export function firstLineAtOrAfter(lines: LogLine[], ms: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].ms < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Streams a container's log to `sink` the way the kubelet does (`ReadLogs`,
 * `pkg/kubelet/kuberuntime/logs/logs.go` in kubernetes: reads the log line by line and writes
 * each line to the response through `logWriter`, which skips lines before `since`, prefixes
 * timestamps and stops at `limitBytes`; the HTTP handler wraps the response in a flushing
 * writer, `pkg/kubelet/server/server.go` `getContainerLogs`). Lines are formatted as they are
 * sent, never the whole body at once, and a full sink (`write` answering false) pauses the
 * stream until `drain`. Without `follow` the stream sends the lines there were when it began;
 * with it, it goes on with new lines until the container ends.
 */
export function streamContainerLog(
  log: ContainerLog,
  sink: LogSink,
  options: LogStreamOptions,
  streams: Set<PodLogStream>,
): PodLogStream {
  let cursor = options.startIndex;
  // Without follow: the lines there are now (later ones are the next request's).
  const endIndex = options.follow ? Infinity : log.lines.length;
  let remaining =
    options.limitBytes && options.limitBytes > 0
      ? options.limitBytes
      : Infinity;
  let done = false;
  let waitingForDrain = false;
  let resolveClosed: () => void = () => {};
  const stream: PodLogStream = {
    namespace: log.namespace,
    pod: log.pod,
    container: log.container,
    linesWritten: 0,
    bytesWritten: 0,
    closed: new Promise<void>(resolve => {
      resolveClosed = resolve;
    }),
    stop: () => finish(),
  };

  const onDrain = (): void => {
    sink.off('drain', onDrain);
    waitingForDrain = false;
    pump();
  };
  const onLines = (): void => {
    if (!waitingForDrain) pump();
  };
  const onEnd = (): void => {
    if (!waitingForDrain) pump();
  };
  const onClose = (): void => finish();

  function finish(): void {
    if (done) return;
    done = true;
    log.events.off('lines', onLines);
    log.events.off('end', onEnd);
    sink.off('drain', onDrain);
    sink.off('close', onClose);
    streams.delete(stream);
    sink.end();
    resolveClosed();
  }

  /** Writes the next chunk of lines; false when the stream ended (limit reached). */
  function writeChunk(available: number): boolean {
    let chunk = '';
    let bytes = 0;
    while (cursor < available && bytes < LOG_CHUNK_BYTES) {
      const line = log.lines[cursor++];
      if (options.sinceMs !== undefined && line.ms < options.sinceMs) continue;
      const text = format(line, options.timestamps);
      const size = Buffer.byteLength(text);
      stream.linesWritten += 1;
      if (size >= remaining) {
        // limitBytes cuts the stream at that byte, even inside a line (the kubelet's LimitWriter).
        const cut = Buffer.from(text).subarray(0, remaining);
        stream.bytesWritten += bytes + cut.length;
        remaining = 0;
        if (chunk) sink.write(chunk);
        sink.write(cut);
        return false;
      }
      remaining -= size;
      chunk += text;
      bytes += size;
    }
    if (!chunk) return true;
    stream.bytesWritten += bytes;
    if (!sink.write(chunk)) waitingForDrain = true;
    return true;
  }

  function pump(): void {
    while (!done && !waitingForDrain) {
      const available = Math.min(endIndex, log.lines.length);
      if (cursor >= available) {
        if (!options.follow || log.ended) finish();
        return; // following: the next `lines` or `end` event goes on
      }
      if (!writeChunk(available)) finish();
    }
    if (waitingForDrain && !done) sink.on('drain', onDrain);
  }

  streams.add(stream);
  sink.on('close', onClose);
  if (options.follow) {
    log.events.on('lines', onLines);
    log.events.on('end', onEnd);
  }
  pump();
  return stream;
}
