import { isError, ServiceUnavailableError } from '@backstage/errors';
import { BadGatewayError, GatewayTimeoutError } from '../errors';
import type { ObserverTarget } from '../buildplane/observerTarget';
import { TimestampCursor } from './dedup';
import { timestampKey } from './logLines';

/**
 * One entry of the observer's build log answer, as `ParseLogEntry` builds it
 * (`internal/observer/opensearch/types.go@v0.9.0`): `podId` is the pod's **UID**
 * (`kubernetes.pod_id`), never its name; `labels` are the pod's labels; `logLevel` is guessed from
 * the text. Every field may be empty (`""`), and a timestamp the observer could not parse comes as
 * Go's zero time.
 */
export interface ArchivedLogEntry {
  timestamp: string;
  log: string;
  logLevel?: string;
  podId?: string;
  containerName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  componentId?: string;
  environmentId?: string;
  projectId?: string;
  version?: string;
  versionId?: string;
  /**
   * Set by the backend ({@link normalizeArchivedRecord}), not the observer: the record is the
   * first part of a line the container runtime split, continued by the next record of the pod.
   */
  partial?: boolean;
}

/**
 * Size of the records a container runtime splits a long line into (containerd's and Docker's
 * default `max-container-log-line-size`, 16 KiB). The kubelet joins them again for `pods/log`,
 * but log shippers often store each record as its own entry.
 */
export const PARTIAL_RECORD_BYTES = 16 * 1024;

/** A CRI log line as containerd writes it: `<time> <stream> <F|P> <text>`. */
const CRI_LINE = /^\d{4}-\d\d-\d\dT\S+ (?:stdout|stderr) ([FP]) ([\s\S]*)$/;

/**
 * The line text of an archived record, whatever runtime wrote it. v0.9's fluent-bit parses
 * container logs with the `docker` parser (`install/helm/openchoreo-observability-plane/values.yaml@v0.9.0`):
 * under Docker the text keeps the line's trailing newline, and under containerd (e.g. k3d) the
 * unparsed CRI line arrives whole, prefix included, with `P` marking a split line's first parts.
 * Without either (the sandbox) a record of exactly {@link PARTIAL_RECORD_BYTES} is taken as the
 * first part of a longer line: a complete Docker record of that size would still end in `\n`.
 */
export function normalizeArchivedRecord(
  entry: ArchivedLogEntry,
): ArchivedLogEntry {
  const cri = CRI_LINE.exec(entry.log);
  if (cri) {
    return {
      ...entry,
      log: cri[2].replace(/\r?\n$/, ''),
      partial: cri[1] === 'P',
    };
  }
  if (entry.log.endsWith('\n'))
    return { ...entry, log: entry.log.replace(/\r?\n$/, ''), partial: false };
  return {
    ...entry,
    partial: Buffer.byteLength(entry.log) === PARTIAL_RECORD_BYTES,
  };
}

/** `{logs, totalCount, tookMs}` (`internal/observer/service/service.go@v0.9.0`, `LogResponse`). */
export interface ArchivePage {
  logs: ArchivedLogEntry[];
  totalCount?: number;
  tookMs?: number;
}

/**
 * Most entries one observer request may ask for: the observer passes `limit` to OpenSearch as
 * `size` (`internal/observer/opensearch/queries.go@v0.9.0`, `BuildBuildLogsQuery`), and OpenSearch
 * refuses a `size` beyond `index.max_result_window` (10 000 by default).
 */
export const MAX_OBSERVER_PAGE_SIZE = 10_000;

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

/** `text` with every occurrence of the given secrets (and their base64 forms) blanked out. */
function redact(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    const credential = secret.replace(/^(Basic|Bearer)\s+/i, '');
    for (const value of [secret, credential]) {
      if (value.length >= 4) out = out.split(value).join('[redacted]');
    }
  }
  return out;
}

/**
 * `POST {observer}/api/logs/build/{runName}`: one page, oldest first
 * (`internal/observer/handlers/handlers.go@v0.9.0`, `GetBuildLogs`). A 401 is retried once when
 * the credentials can renew themselves (an expired or revoked JWT).
 */
export function fetchArchivePage(
  observer: ObserverTarget,
  query: ArchiveQuery,
  options: ObserverRequestOptions,
): Promise<ArchivePage> {
  return postToObserver(
    observer,
    {
      path: `/api/logs/build/${encodeURIComponent(query.runName)}`,
      body: {
        startTime: query.startTime,
        endTime: query.endTime,
        limit: Math.min(query.limit, MAX_OBSERVER_PAGE_SIZE),
        sortOrder: 'asc',
      },
      what: `the archived logs of run ${query.runName}`,
    },
    options,
  );
}

/** Per-request options of an observer call. */
export interface ObserverRequestOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  maxResponseBytes?: number;
}

/**
 * `POST {observer}{path}` with a JSON body, answered by a `{logs: [...]}` page (entries that are
 * not `{timestamp, log}` are left out; records normalized). Credentials, bounded reading, error
 * mapping and the one retry of a 401 with renewable credentials are shared by every log query.
 */
export async function postToObserver(
  observer: ObserverTarget,
  request: { path: string; body: object; what: string },
  options: ObserverRequestOptions,
): Promise<ArchivePage> {
  for (let attempt = 0; ; attempt += 1) {
    const authorization = await observer.credentials.authorization(
      options.signal,
    );
    const answer = await requestArchivePage(
      observer,
      request,
      options,
      authorization,
    );
    if (answer.kind === 'page') return answer.page;
    if (
      answer.status === 401 &&
      attempt === 0 &&
      observer.credentials.rejected(authorization)
    ) {
      continue;
    }
    throw answer.error;
  }
}

async function requestArchivePage(
  observer: ObserverTarget,
  request: { path: string; body: object; what: string },
  options: ObserverRequestOptions,
  authorization: string | undefined,
): Promise<
  | { kind: 'page'; page: ArchivePage }
  | { kind: 'refused'; status: number; error: Error }
> {
  const url = `${observer.url}${request.path}`;
  const what = `${request.what} from the observer (${observer.url}, ${observer.origin})`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal
    ? AbortSignal.any([options.signal, timeout])
    : timeout;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        ...(authorization ? { Authorization: authorization } : {}),
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify(request.body),
      signal,
      // An observer URL may come from a cluster object: never follow it elsewhere with our token.
      redirect: 'error',
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
    // The observer's own words help, but it must not echo our credentials into an error body.
    const detail = text ? `: ${redact(text, [authorization])}` : '';
    if (res.status === 401 || res.status === 403) {
      return {
        kind: 'refused',
        status: res.status,
        error: new BadGatewayError(
          `The observer refused the backend's credentials (HTTP ${res.status}, ${observer.credentials.type} authentication) for ${what}${detail}`,
        ),
      };
    }
    return {
      kind: 'refused',
      status: res.status,
      error: new BadGatewayError(
        `The observer failed (HTTP ${res.status}) for ${what}${detail}`,
      ),
    };
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
  return {
    kind: 'page',
    page: {
      ...body,
      logs: body.logs.filter(isEntry).map(normalizeArchivedRecord),
    },
  };
}

/** Entries that are not objects with a string `log` cannot be shown; they are left out. */
function isEntry(entry: unknown): entry is ArchivedLogEntry {
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof (entry as { log?: unknown }).log === 'string' &&
    typeof (entry as { timestamp?: unknown }).timestamp === 'string'
  );
}

/**
 * One millisecond before `key` (a {@link timestampKey}), as RFC3339: a start that the exclusive
 * `gt` filter passes for every entry of `key`'s millisecond. `fallback` when there is no key.
 */
function justBefore(key: string, fallback: string): string {
  if (!key) return fallback;
  const ms = Date.parse(`${key.slice(0, 23)}Z`);
  return Number.isNaN(ms) ? fallback : new Date(ms - 1).toISOString();
}

/**
 * Reads a run's archive page by page and remembers where it stopped, so a later `read()` (the
 * step is still running, or the observer is still ingesting) continues with only new entries.
 * The observer's time filter is exclusive (`range @timestamp {gt: startTime, lt: endTime}`,
 * `addTimeRangeFilter` in `internal/observer/opensearch/queries.go@v0.9.0`) and OpenSearch keeps
 * milliseconds, so `startTime` moves to one millisecond before the last timestamp seen: the entries
 * of that millisecond a full page cut off come in the next page, and those already taken are
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
      /**
       * Another query than v0's `POST /api/logs/build/{run}` (v1: `/api/v1/logs/query`), with
       * the largest page it serves and the end of its window (default: a minute from now).
       */
      query?: {
        fetch: (
          window: { startTime: string; endTime: string; limit: number },
          options: ObserverRequestOptions,
        ) => Promise<ArchivePage>;
        maxPageSize: number;
        endTime?: () => string;
      };
    },
  ) {
    this.startTime = options.startTime;
  }

  private fetchPage(
    window: { startTime: string; endTime: string; limit: number },
    options: ObserverRequestOptions,
  ): Promise<ArchivePage> {
    const query = this.options.query;
    if (query) return query.fetch(window, options);
    return fetchArchivePage(
      this.observer,
      { runName: this.options.runName, ...window },
      options,
    );
  }

  /** Calls `onPage` with each page's new entries (time order) and awaits it (backpressure). */
  async read(
    onPage: (entries: ArchivedLogEntry[]) => Promise<void> | void,
    signal?: AbortSignal,
  ): Promise<void> {
    const maxPageSize =
      this.options.query?.maxPageSize ?? MAX_OBSERVER_PAGE_SIZE;
    const pageSize = Math.min(this.options.pageSize, maxPageSize);
    let limit = pageSize;
    for (;;) {
      const endTime =
        this.options.query?.endTime?.() ??
        new Date(Date.now() + 60_000).toISOString();
      const page = await this.fetchPage(
        { startTime: this.startTime, endTime, limit },
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
        // A whole page at one timestamp: widen the page up to what OpenSearch serves, then give up.
        if (limit >= maxPageSize) {
          throw new BadGatewayError(
            `The observer holds more than ${maxPageSize} lines at ${
              this.startTime
            } for run ${
              this.options.runName
            }; the observer cannot page past them (${
              this.options.query
                ? 'its largest page'
                : "its limit is OpenSearch's max_result_window"
            })`,
          );
        }
        limit = Math.min(limit * 4, maxPageSize);
        continue;
      }
      limit = pageSize;
      if (keyed.length > 0)
        this.startTime = justBefore(
          keyed[keyed.length - 1].key,
          keyed[keyed.length - 1].entry.timestamp,
        );
      if (fresh.length > 0) await onPage(fresh);
      if (!full) return;
    }
  }
}
