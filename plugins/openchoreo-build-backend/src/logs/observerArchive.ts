import { isError, ServiceUnavailableError } from '@backstage/errors';
import { BadGatewayError, GatewayTimeoutError } from '../errors';
import type { ObserverTarget } from '../buildplane/observerTarget';
import { TimestampCursor } from './dedup';
import { timestampKey } from './logLines';

/** One entry of the observer's v0.9 build log answer. */
export interface ArchivedLogEntry {
  timestamp: string;
  log: string;
  containerName?: string;
  podId?: string;
}

export interface ArchivePage {
  logs: ArchivedLogEntry[];
  totalCount?: number;
}

export interface ArchiveQuery {
  runName: string;
  startTime: string;
  endTime: string;
  limit: number;
}

/** Default cap on one observer answer (see `openchoreo.build.limits.observerResponseBytes`). */
export const DEFAULT_OBSERVER_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Bytes of an error answer kept for the message. */
const ERROR_BODY_BYTES = 300;

/**
 * The body of `res` as text, read as a stream and given up once it passes `maxBytes`: an
 * observer (whose URL a BuildPlane author may choose) cannot make the backend buffer an
 * unbounded answer. `truncate`: return the first `maxBytes` instead of failing (error bodies).
 */
export async function readBounded(
  res: Response,
  maxBytes: number,
  truncate = false,
): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (size > maxBytes) {
        if (!truncate) return undefined;
        break;
      }
    }
  } finally {
    // Stops the transfer of whatever is left (and frees the connection).
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks, size).toString('utf8');
  return truncate ? text.slice(0, maxBytes) : text;
}

/** `POST {observer}/api/logs/build/{runName}`: one page, oldest first. */
export async function fetchArchivePage(
  observer: ObserverTarget,
  query: ArchiveQuery,
  options: {
    signal?: AbortSignal;
    timeoutMs: number;
    maxResponseBytes?: number;
  },
): Promise<ArchivePage> {
  const url = `${observer.url}/api/logs/build/${encodeURIComponent(
    query.runName,
  )}`;
  const what = `the archived logs of run ${query.runName} from the observer (${observer.url})`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal
    ? AbortSignal.any([options.signal, timeout])
    : timeout;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        ...observer.headers,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify({
        startTime: query.startTime,
        endTime: query.endTime,
        limit: query.limit,
        sortOrder: 'asc',
      }),
      signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timeout.aborted)
      throw new GatewayTimeoutError(
        `The observer did not answer in time for ${what}`,
      );
    throw new ServiceUnavailableError(
      `The observer is unreachable for ${what}: ${
        isError(error) ? error.message : String(error)
      }`,
    );
  }
  if (!res.ok) {
    const text =
      (await readBounded(res, ERROR_BODY_BYTES, true).catch(() => '')) ?? '';
    const detail = text ? `: ${text}` : '';
    if (res.status === 401 || res.status === 403) {
      throw new BadGatewayError(
        `The observer refused the backend's credentials (HTTP ${res.status}) for ${what}${detail}`,
      );
    }
    throw new BadGatewayError(
      `The observer failed (HTTP ${res.status}) for ${what}${detail}`,
    );
  }
  const maxBytes = options.maxResponseBytes ?? DEFAULT_OBSERVER_RESPONSE_BYTES;
  let text: string | undefined;
  try {
    text = await readBounded(res, maxBytes);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timeout.aborted)
      throw new GatewayTimeoutError(
        `The observer did not finish its answer in time for ${what}`,
      );
    throw new BadGatewayError(
      `The observer's answer broke off for ${what}: ${
        isError(error) ? error.message : String(error)
      }`,
    );
  }
  if (text === undefined) {
    throw new BadGatewayError(
      `The observer answered more than ${maxBytes} bytes for ${what} (openchoreo.build.limits.observerResponseBytes)`,
    );
  }
  let body: ArchivePage | undefined;
  try {
    body = JSON.parse(text) as ArchivePage;
  } catch {
    body = undefined;
  }
  if (!body || !Array.isArray(body.logs)) {
    throw new BadGatewayError(
      `The observer answered without a "logs" list for ${what}`,
    );
  }
  return body;
}

/**
 * Reads a run's archive page by page and remembers where it stopped, so a later `read()` (the
 * step is still running, or the observer is still ingesting) continues with only new entries.
 * `startTime` moves to the last timestamp seen; the entries at that boundary come again and are
 * dropped by a {@link TimestampCursor}.
 */
export class ArchiveReader {
  private readonly cursor = new TimestampCursor();
  private startTime: string;

  constructor(
    private readonly observer: ObserverTarget,
    private readonly options: {
      runName: string;
      startTime: string;
      pageSize: number;
      timeoutMs: number;
      maxResponseBytes?: number;
    },
  ) {
    this.startTime = options.startTime;
  }

  /** Calls `onPage` with each page's new entries (time order) and awaits it (backpressure). */
  async read(
    onPage: (entries: ArchivedLogEntry[]) => Promise<void> | void,
    signal?: AbortSignal,
  ): Promise<void> {
    const { pageSize } = this.options;
    let limit = pageSize;
    for (;;) {
      const endTime = new Date(Date.now() + 60_000).toISOString();
      const page = await fetchArchivePage(
        this.observer,
        {
          runName: this.options.runName,
          startTime: this.startTime,
          endTime,
          limit,
        },
        {
          signal,
          timeoutMs: this.options.timeoutMs,
          maxResponseBytes: this.options.maxResponseBytes,
        },
      );
      // Sort by time, keeping the observer's order for equal times (the sort is stable).
      const keyed = page.logs.map(entry => ({
        entry,
        key: timestampKey(entry.timestamp),
      }));
      keyed.sort((a, b) => {
        if (a.key === b.key) return 0;
        return a.key < b.key ? -1 : 1;
      });
      const isNew = this.cursor.filter();
      const fresh: ArchivedLogEntry[] = [];
      for (const { entry, key } of keyed) {
        if (!isNew(key)) continue;
        this.cursor.observe(key);
        fresh.push(entry);
      }
      const full = page.logs.length >= limit;
      if (fresh.length === 0 && full) {
        // A whole page at one timestamp: widen the page, or give up on absurd densities.
        if (limit >= pageSize * 64) {
          throw new BadGatewayError(
            `The observer holds more than ${limit} lines at ${this.startTime} for run ${this.options.runName}; they cannot be paged`,
          );
        }
        limit *= 4;
        continue;
      }
      limit = pageSize;
      if (keyed.length > 0)
        this.startTime = keyed[keyed.length - 1].entry.timestamp;
      if (fresh.length > 0) await onPage(fresh);
      if (!full) return;
    }
  }
}
