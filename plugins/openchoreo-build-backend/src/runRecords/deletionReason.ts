import {
  isTerminalRunStatus,
  type RunDeletion,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * `ttlAfterCompletion` as the CRD admits it: days, hours, minutes, seconds, each optional, in this
 * order (`^(\d+d)?(\d+h)?(\d+m)?(\d+s)?$`, api/v1alpha1/workflowrun_types.go@v1.2.3); the
 * controller's parser also allows spaces between the parts (internal/cmdutil/duration.go@v1.2.3).
 */
const TTL_PATTERN = /^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/;

const SECOND_MS = 1000;
const UNIT_MS = [
  24 * 3600 * SECOND_MS,
  3600 * SECOND_MS,
  60 * SECOND_MS,
  SECOND_MS,
];

/** `ttlAfterCompletion` in milliseconds; undefined when empty or not in the CRD's format. */
export function parseTtlAfterCompletion(ttl: string): number | undefined {
  const match = TTL_PATTERN.exec(ttl.trim());
  if (!match || match.slice(1).every(part => part === undefined))
    return undefined;
  return match
    .slice(1)
    .reduce(
      (total, part, index) =>
        total + (part === undefined ? 0 : Number(part) * UNIT_MS[index]),
      0,
    );
}

/**
 * How early a deletion may be seen before the TTL runs out and still count as retention: the
 * controller deletes once `now > completedAt + ttl` on ITS clock
 * (internal/controller/workflowrun/controller.go@v1.2.3 checkTTLExpiration); the backend's clock
 * may differ a little.
 */
export const CLOCK_SKEW_MS = 60 * SECOND_MS;

/**
 * Why a run object disappeared. Unfinished: someone deleted it (`deleted`). Finished: the
 * controller's retention (`retention`), unless its `ttlAfterCompletion` is known and had not run
 * out yet, which means a person deleted it early.
 */
export function deletionReason(
  run: Pick<RunSummary, 'status' | 'completedAt'>,
  seenAt: Date,
  ttlAfterCompletion?: string,
): RunDeletion['reason'] {
  if (!isTerminalRunStatus(run.status)) return 'deleted';
  const ttlMs = ttlAfterCompletion
    ? parseTtlAfterCompletion(ttlAfterCompletion)
    : undefined;
  const completedMs = run.completedAt ? Date.parse(run.completedAt) : NaN;
  if (ttlMs === undefined || !Number.isFinite(completedMs)) return 'retention';
  return seenAt.getTime() >= completedMs + ttlMs - CLOCK_SKEW_MS
    ? 'retention'
    : 'deleted';
}
