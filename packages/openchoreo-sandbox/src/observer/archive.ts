import type { ContainerLog, LogLine, LogStore } from '../logs/logstore';
import { LogEntry, toLogEntry } from './logEntry';
import { epochMillis, GoTime } from './rfc3339';

/**
 * The observer's log archive: what fluent-bit ships of the build plane's container logs to
 * OpenSearch, searched the way the observer's build-log query does
 * (`internal/observer/opensearch/queries.go@v0.9.0`, `BuildBuildLogsQuery`, `GenerateIndices`;
 * `internal/observer/opensearch/client.go@v0.9.0`, `Search`).
 */

/** OpenSearch's `index.max_result_window` default: a larger `size` fails the search. */
export const MAX_RESULT_WINDOW = 10000;
/** OpenSearch's `track_total_hits` default: `hits.total.value` stops counting here. */
const TOTAL_HITS_TRACKED = 10000;
/** OpenSearch's `http.max_initial_line_length` default (4kb); the index list goes into the URL. */
const MAX_REQUEST_LINE = 4096;
/** The observer's `opensearch.index.prefix` default (`internal/observer/config/config.go@v0.9.0`). */
const INDEX_PREFIX = 'container-logs-';
/**
 * fluent-bit tails `*_openchoreo-*_*.log` and `*_openchoreo-ci-*_*.log` only
 * (`install/helm/openchoreo-build-plane/values.yaml@v0.9.0`, `fluentBit.config.input.path`).
 */
const COLLECTED_NAMESPACE_PREFIX = 'openchoreo-';
/** The container runtimes (docker and containerd alike) split a longer line into 16 KiB records. */
const RUNTIME_LINE_BYTES = 16 * 1024;

export interface BuildLogsSearch {
  buildId: string;
  startTime: GoTime;
  endTime: GoTime;
  /** The request's `limit` (OpenSearch `size`). */
  size: number;
  /** The request's `sortOrder`, as sent to OpenSearch. */
  order: string;
}

export type SearchResult =
  | { logs: LogEntry[]; totalCount: number }
  /** OpenSearch refused the search; the text is what it would have said (the observer logs it). */
  | { failure: string };

/** OpenSearch `wildcard` on a keyword: `*` any run, `?` one character, `\` escapes; case-sensitive. */
function wildcard(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      i++;
      source += pattern[i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '*') source += '[^]*';
    else if (c === '?') source += '[^]';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}

/** The index names as they go into the search URL: `POST /{a},{b},…/_search?ignore_unavailable=true`. */
function requestLine(indices: string[]): string {
  return `POST /${indices.join(',')}/_search?ignore_unavailable=true HTTP/1.1`;
}

/**
 * `GenerateIndices`: one `container-logs-YYYY.MM.DD` per day from start to end (dates in the zone
 * each time was written in); undefined once the list no longer fits OpenSearch's request line.
 */
function indicesFor(start: GoTime, end: GoTime): string[] | undefined {
  const day = (t: GoTime, plusDays: number) =>
    `${INDEX_PREFIX}${new Date(
      (t.seconds + t.offsetMinutes * 60 + plusDays * 86400) * 1000,
    )
      .toISOString()
      .slice(0, 10)
      .replace(/-/g, '.')}`;
  const names: string[] = [];
  const endSeconds = end.seconds + end.nanos / 1e9;
  const startSeconds = start.seconds + start.nanos / 1e9;
  for (let i = 0; startSeconds + i * 86400 <= endSeconds; i++) {
    names.push(day(start, i));
    if (requestLine(names).length > MAX_REQUEST_LINE) return undefined;
  }
  const last = day(end, 0);
  if (!names.includes(last)) names.push(last);
  return requestLine(names).length > MAX_REQUEST_LINE ? undefined : names;
}

/** The UTC day index fluent-bit's logstash format writes a record at `ms` to. */
function indexOf(ms: number): string {
  return `${INDEX_PREFIX}${new Date(ms)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '.')}`;
}

/** The records the runtime writes for one line: longer lines split at 16 KiB (code points kept whole). */
function runtimeRecords(text: string): string[] {
  // Three UTF-8 bytes per UTF-16 unit at most: shorter texts need no byte count.
  if (text.length * 3 <= RUNTIME_LINE_BYTES) return [text];
  if (Buffer.byteLength(text) <= RUNTIME_LINE_BYTES) return [text];
  const parts: string[] = [];
  let part = '';
  let bytes = 0;
  for (const codePoint of text) {
    const size = Buffer.byteLength(codePoint);
    if (bytes + size > RUNTIME_LINE_BYTES) {
      parts.push(part);
      part = '';
      bytes = 0;
    }
    part += codePoint;
    bytes += size;
  }
  parts.push(part);
  return parts;
}

/** First index of `lines` whose `ms` is greater than `ms` (lines are in time order). */
function firstAfter(lines: LogLine[], ms: number): number {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (lines[mid].ms <= ms) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The lines of one container inside the query's time range, as a cursor for the merge. */
interface RangeCursor {
  container: ContainerLog;
  /** Next line to read (moving forwards for asc, backwards for desc). */
  next: number;
  from: number;
  to: number;
}

function countRecords(cursors: RangeCursor[]): number {
  let total = 0;
  for (const c of cursors) {
    if (total + (c.to - c.from) > TOTAL_HITS_TRACKED) return TOTAL_HITS_TRACKED;
    for (let i = c.from; i < c.to; i++)
      total += runtimeRecords(c.container.lines[i].text).length;
    if (total >= TOTAL_HITS_TRACKED) return TOTAL_HITS_TRACKED;
  }
  return total;
}

/**
 * The first `size` records in `@timestamp` order, merged across containers. Records at the same
 * millisecond come in declaration order (OpenSearch leaves that order unspecified); `desc` is the
 * exact reverse of `asc`.
 */
function merge(
  cursors: RangeCursor[],
  size: number,
  descending: boolean,
): LogEntry[] {
  const out: LogEntry[] = [];
  for (const c of cursors) c.next = descending ? c.to - 1 : c.from;
  const live = () =>
    cursors.filter(c => (descending ? c.next >= c.from : c.next < c.to));
  let open = live();
  while (out.length < size && open.length) {
    let best = open[0];
    for (const c of open) {
      const ms = c.container.lines[c.next].ms;
      const bestMs = best.container.lines[best.next].ms;
      // Cursors are in declaration order: asc takes the first at a tie, desc the last.
      if (descending ? ms >= bestMs : ms < bestMs) best = c;
    }
    const line = best.container.lines[best.next];
    const records = runtimeRecords(line.text);
    if (descending) records.reverse();
    for (const record of records) {
      if (out.length === size) break;
      out.push(toLogEntry(best.container, line.ms, record));
    }
    best.next += descending ? -1 : 1;
    if (descending ? best.next < best.from : best.next >= best.to)
      open = live();
  }
  return out;
}

/**
 * `POST /container-logs-…/_search` with `BuildBuildLogsQuery`'s body: `wildcard` on
 * `kubernetes.pod_name.keyword` = `{buildId}*`, `range @timestamp {gt: startTime, lt: endTime}`
 * (milliseconds, as OpenSearch `date` fields keep them; fluent-bit sends millisecond timestamps),
 * `size`, `sort @timestamp`.
 */
export function searchBuildLogs(
  store: LogStore,
  search: BuildLogsSearch,
): SearchResult {
  const indices = indicesFor(search.startTime, search.endTime);
  if (!indices)
    return {
      failure: `search request failed with status: 400 Bad Request (An HTTP line is larger than ${MAX_REQUEST_LINE} bytes: one index per day of the time range)`,
    };
  if (search.size < 0)
    return {
      failure: `search request failed with status: 400 Bad Request ([size] parameter cannot be negative, found [${search.size}])`,
    };
  const order = search.order.toLowerCase();
  if (order !== 'asc' && order !== 'desc')
    return {
      failure: `search request failed with status: 400 Bad Request (No enum constant org.opensearch.search.sort.SortOrder.${search.order.toUpperCase()})`,
    };
  const pod = wildcard(`${search.buildId}*`);
  const startMs = epochMillis(search.startTime);
  const endMs = epochMillis(search.endTime);
  const wanted = new Set(indices);
  let anyIndex = false;
  const cursors: RangeCursor[] = [];
  for (const container of store.all()) {
    if (!container.namespace.startsWith(COLLECTED_NAMESPACE_PREFIX)) continue;
    const { lines } = container;
    if (!lines.length) continue;
    if (
      !anyIndex &&
      (wanted.has(indexOf(lines[0].ms)) ||
        wanted.has(indexOf(lines[lines.length - 1].ms)))
    )
      anyIndex = true;
    if (!pod.test(container.pod)) continue;
    const from = firstAfter(lines, startMs);
    // `lt endTime`: the first line at or after the end is excluded.
    const to = firstAfter(lines, endMs - 1);
    if (from < to) cursors.push({ container, next: from, from, to });
  }
  // The result window is checked on each shard: with no index to search there is no failure.
  if (search.size > MAX_RESULT_WINDOW && anyIndex)
    return {
      failure: `search request failed with status: 400 Bad Request (Result window is too large, from + size must be less than or equal to: [${MAX_RESULT_WINDOW}] but was [${search.size}])`,
    };
  return {
    logs: merge(cursors, search.size, order === 'desc'),
    totalCount: countRecords(cursors),
  };
}
