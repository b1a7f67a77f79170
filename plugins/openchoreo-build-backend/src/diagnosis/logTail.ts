import type { IncomingMessage } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { kubeGet, podPath } from '../logs/kubeRequest';
import { parseTimestampedLine } from '../logs/logLines';
import { MAX_LINE_BYTES } from '../logs/PodLogReader';
import type { StepLogTail } from './facts';

/** Lines of the failed step's log kept for the patterns (the error is at the end). */
export const LOG_TAIL_LINES = 200;
/**
 * Bytes of a step log read from its start to number its last lines as the log route does. A
 * longer log is read by its tail only, and its lines are then quoted without a line number.
 */
export const LOG_SCAN_BYTES = 4 * 1024 * 1024;
/** Bytes of a tail-only read. */
const TAIL_READ_BYTES = 256 * 1024;

export interface LogTailRequest {
  kubeConfig: KubeConfig;
  /** Error messages name it, e.g. "build plane acme/acme-build-plane (direct)". */
  target: string;
  namespace: string;
  pod: string;
  signal?: AbortSignal;
  timeoutMs: number;
  /** Overrides for tests. */
  scanBytes?: number;
  tailLines?: number;
}

/**
 * Splits a `pods/log?timestamps=true` body into lines (without timestamp and `\r`) and counts
 * them, keeping only the last `keep`. Numbers match the log route's (`StepLogLine.n + 1`): it
 * reads the same body from its start and counts every `\n`-terminated line, plus a last
 * unterminated one (the container has finished). A line longer than the route's
 * `MAX_LINE_BYTES` is delivered there in pieces, so numbering is then given up.
 */
async function scanLines(
  body: IncomingMessage,
  keep: number,
  maxBytes: number,
): Promise<{
  lines: string[];
  firstNumber: number;
  numbered: boolean;
  bytes: number;
}> {
  const lines: string[] = [];
  let count = 0;
  let bytes = 0;
  let numbered = true;
  let pending: Buffer = Buffer.alloc(0);
  const add = (raw: Buffer) => {
    if (raw.length > MAX_LINE_BYTES) numbered = false;
    let text = raw.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    count += 1;
    lines.push(parseTimestampedLine(text).text);
    if (lines.length > keep) lines.shift();
  };
  for await (const chunk of body) {
    const data = chunk as Buffer;
    bytes += data.length;
    let buffer = pending.length ? Buffer.concat([pending, data]) : data;
    let newline = buffer.indexOf(10);
    while (newline !== -1) {
      add(buffer.subarray(0, newline));
      buffer = buffer.subarray(newline + 1);
      newline = buffer.indexOf(10);
    }
    // Copy: the remainder must not keep the whole chunk alive.
    pending = Buffer.from(buffer);
    if (bytes >= maxBytes) break;
  }
  if (bytes >= maxBytes) {
    body.destroy();
  } else if (pending.length > 0) {
    add(pending);
  }
  return { lines, firstNumber: count - lines.length + 1, numbered, bytes };
}

/**
 * The last lines of a step's `main` container log, numbered like the log route numbers them.
 * Throws the mapped cluster error when the pod or its log cannot be read (NotFoundError: the pod
 * is gone).
 */
export async function readStepLogTail(
  request: LogTailRequest,
  step: string,
): Promise<StepLogTail> {
  const keep = request.tailLines ?? LOG_TAIL_LINES;
  const scanBytes = request.scanBytes ?? LOG_SCAN_BYTES;
  const common = {
    target: request.target,
    what: `log of pod ${request.namespace}/${request.pod}`,
    signal: request.signal,
    timeoutMs: request.timeoutMs,
  };
  const path = podPath(request.namespace, request.pod, '/log');
  const whole = await kubeGet(request.kubeConfig, path, {
    ...common,
    query: { container: 'main', timestamps: true, limitBytes: scanBytes },
  });
  const scanned = await scanLines(whole, keep, scanBytes);
  if (scanned.bytes < scanBytes) {
    return {
      step,
      podName: request.pod,
      lines: scanned.lines.map((text, i) => ({
        line: scanned.numbered ? scanned.firstNumber + i : undefined,
        text,
      })),
    };
  }
  // Too long to count: read only its end, unnumbered.
  const tail = await kubeGet(request.kubeConfig, path, {
    ...common,
    query: {
      container: 'main',
      timestamps: true,
      tailLines: keep,
      limitBytes: TAIL_READ_BYTES,
    },
  });
  const end = await scanLines(tail, keep, TAIL_READ_BYTES);
  return {
    step,
    podName: request.pod,
    lines: end.lines.map(text => ({ text })),
  };
}
