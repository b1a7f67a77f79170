import type { ContainerLog, LogStore } from '../logs/logstore';
import { epochMillis, GoTime, isBefore, parseRfc3339 } from './rfc3339';

/**
 * OpenChoreo v1.2.3's `POST /api/v1/logs/query` for workflow runs: the body read and validated as
 * `handlers.QueryLogs` does (`internal/observer/api/handlers/logs.go@v1.2.3:17-31`,
 * `validations.go@v1.2.3:30-224`, `types/logs.go@v1.2.3:54-101`), answered in the shape
 * `convertWorkflowLogsToResponse` gives (`internal/observer/service/logs.go@v1.2.3:218-236`).
 *
 * What v1.2.3 really does with `searchScope.taskName`: it accepts it and drops it. The observer's
 * logs-adapter client sends only `{namespace, workflowRunName}`
 * (`internal/observer/service/logs_adapter.go@v1.2.3:41-44,198-202`), so the answer holds every
 * task's lines of the run. The sandbox does the same; a portal must not count on task scoping.
 */

/** `gen.ErrorResponse`: `{errorCode, message, title}` (`handlers/handler.go@v1.2.3:28-40`). */
export interface V1ErrorBody {
  errorCode: string;
  message: string;
  title: 'badRequest';
}

export interface WorkflowLogsQuery {
  kind: 'workflow';
  namespace: string;
  workflowRunName: string;
  /** Accepted and ignored, as upstream (see above). */
  taskName: string;
  start: GoTime;
  end: GoTime;
  limit: number;
  sortOrder: 'asc' | 'desc';
}

/** A component-scoped query: the sandbox has no component (runtime) logs, so it finds none. */
export interface ComponentLogsQuery {
  kind: 'component';
}

export type LogsQuery = WorkflowLogsQuery | ComponentLogsQuery;

const DEFAULT_LIMIT = 100;
/** `config.MaxLimit` (`internal/observer/config/config.go@v1.2.3:21`). */
const MAX_LIMIT = 1000;
const MAX_RANGE_MS = 30 * 24 * 3600 * 1000;

function badRequest(message: string): V1ErrorBody {
  return { errorCode: '', message, title: 'badRequest' };
}

const INVALID_FORMAT = badRequest('Invalid request format');

const isRecordValue = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stringField(
  obj: Record<string, unknown>,
  key: string,
): string | undefined | null {
  const v = obj[key];
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : undefined;
}

/** Reads the body as `BindJSON` + `json.Unmarshal` + `ValidateLogsQueryRequest` do; a V1ErrorBody is the 400 answer. */
export function readLogsQuery(
  contentType: string | undefined,
  body: string,
): LogsQuery | V1ErrorBody {
  if (contentType && !contentType.startsWith('application/json'))
    return INVALID_FORMAT;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return INVALID_FORMAT;
  }
  if (!isRecordValue(parsed)) return INVALID_FORMAT;
  const scope = parsed.searchScope;
  const startTime = stringField(parsed, 'startTime');
  const endTime = stringField(parsed, 'endTime');
  const sortOrder = stringField(parsed, 'sortOrder');
  const limit = parsed.limit ?? 0;
  if (
    startTime === undefined ||
    endTime === undefined ||
    sortOrder === undefined ||
    typeof limit !== 'number' ||
    !Number.isInteger(limit)
  )
    return INVALID_FORMAT;
  if (scope === undefined || scope === null)
    return badRequest('searchScope is required');
  if (!isRecordValue(scope)) return INVALID_FORMAT;
  const isWorkflow = 'workflowRunName' in scope;
  const isComponent =
    'project' in scope || 'component' in scope || 'environment' in scope;
  // `SearchScope.UnmarshalJSON`: mixing the two is an unmarshal error.
  if (isWorkflow && isComponent) return INVALID_FORMAT;
  const fields = ['namespace', 'workflowRunName', 'taskName'].map(k =>
    stringField(scope, k),
  );
  if (fields.some(f => f === undefined)) return INVALID_FORMAT;
  const [namespace, workflowRunName, taskName] = fields as string[];
  if (!namespace.trim()) return badRequest('searchScope.namespace is required');
  if (
    !isWorkflow &&
    stringField(scope, 'component') &&
    !stringField(scope, 'project')
  )
    return badRequest(
      'searchScope.project is required when searchScope.component is provided',
    );
  // ValidateTimeRange.
  if (!startTime) return badRequest('startTime is required');
  if (!endTime) return badRequest('endTime is required');
  const start = parseRfc3339(startTime);
  if ('error' in start)
    return badRequest(
      `startTime must be in RFC3339 format (e.g., 2024-01-01T00:00:00Z): ${start.error}`,
    );
  const end = parseRfc3339(endTime);
  if ('error' in end)
    return badRequest(
      `endTime must be in RFC3339 format (e.g., 2024-01-01T00:00:00Z): ${end.error}`,
    );
  if (isBefore(end.time, start.time))
    return badRequest('endTime must be after startTime');
  if (epochMillis(end.time) - epochMillis(start.time) > MAX_RANGE_MS)
    return badRequest('query time range cannot exceed 30 days');
  if (limit < 0) return badRequest('limit must be a positive integer');
  if (limit > MAX_LIMIT) return badRequest(`limit cannot exceed ${MAX_LIMIT}`);
  if (sortOrder && sortOrder !== 'asc' && sortOrder !== 'desc')
    return badRequest("sortOrder must be either 'asc' or 'desc'");
  if (!isWorkflow) return { kind: 'component' };
  return {
    kind: 'workflow',
    namespace: namespace.trim(),
    workflowRunName: workflowRunName.trim(),
    taskName,
    start: start.time,
    end: end.time,
    limit: limit || DEFAULT_LIMIT,
    sortOrder: (sortOrder || 'desc') as 'asc' | 'desc',
  };
}

export interface V1LogsAnswer {
  logs: Array<{ timestamp: string; log: string }>;
  total: number;
}

/** `Timestamp.Format(time.RFC3339)`: whole seconds, UTC (`service/logs.go@v1.2.3:225`). */
function rfc3339Seconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * The run's archived lines: containers of pods in `workflows-<namespace>` (where v1.2.3 runs
 * builds, `internal/pipeline/workflow/pipeline.go@v1.2.3:211`) owned by the Argo Workflow named
 * like the run (every run when no name is given), from `startTime` up to before `endTime`,
 * sorted by time, at most `limit`.
 */
export function searchWorkflowLogs(
  store: LogStore,
  query: WorkflowLogsQuery,
): V1LogsAnswer {
  const namespace = `workflows-${query.namespace}`;
  const startMs = epochMillis(query.start);
  const endMs = epochMillis(query.end);
  const lines: Array<{ ms: number; order: number; text: string }> = [];
  let order = 0;
  const matches = (c: ContainerLog) =>
    c.namespace === namespace &&
    (!query.workflowRunName || c.workflow === query.workflowRunName);
  for (const container of store.all()) {
    if (!matches(container)) continue;
    for (const line of container.lines) {
      if (line.ms >= startMs && line.ms < endMs)
        lines.push({ ms: line.ms, order: order++, text: line.text });
    }
  }
  lines.sort((a, b) => a.ms - b.ms || a.order - b.order);
  if (query.sortOrder === 'desc') lines.reverse();
  return {
    logs: lines
      .slice(0, query.limit)
      .map(l => ({ timestamp: rfc3339Seconds(l.ms), log: l.text })),
    total: lines.length,
  };
}
