import type { ObserverTarget } from '../buildplane/observerTarget';
import {
  postToObserver,
  type ArchivePage,
  type ObserverRequestOptions,
} from './observerArchive';

/**
 * Largest `limit` the v1 observer accepts (`config.MaxLimit`,
 * `internal/observer/config/config.go@v1.2.3:21`); more is a 400.
 */
export const MAX_V1_PAGE_SIZE = 1000;

/**
 * Longest window the v1 observer accepts (`maxQueryTimeRange`,
 * `internal/observer/api/handlers/validations.go@v1.2.3:23`); longer is a 400.
 */
export const MAX_V1_WINDOW_MS = 30 * 24 * 3600 * 1000;

/** `searchScope` of a workflow-run query (`WorkflowSearchScope`, `api/gen/models.gen.go@v1.2.3:1226`). */
export interface WorkflowLogsScope {
  /** The WorkflowRun's namespace (the organization), not `workflows-<ns>`. */
  namespace: string;
  workflowRunName: string;
  /**
   * The task (Argo node displayName). v1.2.3 accepts it but its logs-adapter client drops it
   * (`internal/observer/service/logs_adapter.go@v1.2.3:41-44,198-202`): the answer holds every
   * task's lines, so callers also narrow the time window to the task's.
   */
  taskName?: string;
}

/**
 * A window the v1 observer accepts: at most {@link MAX_V1_WINDOW_MS}. A longer one is clamped at
 * its start (the newest 30 days are kept: lines older than that are out of reach, and a v1 run
 * is deleted `ttlAfterCompletion` after it finished, a day in the samples, long before).
 */
export function clampV1Window(
  startTime: string,
  endTime: string,
): { startTime: string; endTime: string; clamped: boolean } {
  const start = Date.parse(startTime);
  const end = Date.parse(endTime);
  if (
    Number.isNaN(start) ||
    Number.isNaN(end) ||
    end - start <= MAX_V1_WINDOW_MS
  )
    return { startTime, endTime, clamped: false };
  return {
    startTime: new Date(end - MAX_V1_WINDOW_MS).toISOString(),
    endTime,
    clamped: true,
  };
}

/**
 * `POST {observer}/api/v1/logs/query` for a workflow run (`handlers.QueryLogs`,
 * `internal/observer/api/handlers/logs.go@v1.2.3:17`): `{startTime, endTime, limit, sortOrder,
 * searchScope:{namespace, workflowRunName, taskName}}` → `{logs:[{timestamp, log}], total,
 * tookMs}`, oldest first. Timestamps come at second precision (`convertWorkflowLogsToResponse`
 * formats them RFC3339). `limit` is capped at {@link MAX_V1_PAGE_SIZE} and the window clamped
 * to {@link MAX_V1_WINDOW_MS}.
 */
export async function fetchWorkflowLogsPage(
  observer: ObserverTarget,
  scope: WorkflowLogsScope,
  window: { startTime: string; endTime: string; limit: number },
  options: ObserverRequestOptions,
): Promise<ArchivePage> {
  const { startTime, endTime } = clampV1Window(
    window.startTime,
    window.endTime,
  );
  const page = await postToObserver(
    observer,
    {
      path: '/api/v1/logs/query',
      body: {
        startTime,
        endTime,
        limit: Math.max(1, Math.min(window.limit, MAX_V1_PAGE_SIZE)),
        sortOrder: 'asc',
        searchScope: {
          namespace: scope.namespace,
          workflowRunName: scope.workflowRunName,
          ...(scope.taskName ? { taskName: scope.taskName } : {}),
        },
      },
      what: `the archived logs of run ${scope.namespace}/${
        scope.workflowRunName
      }${scope.taskName ? ` (task ${scope.taskName})` : ''}`,
    },
    options,
  );
  // v1 names the count `total` (v0: `totalCount`).
  const total = (page as { total?: unknown }).total;
  return typeof total === 'number' ? { ...page, totalCount: total } : page;
}
