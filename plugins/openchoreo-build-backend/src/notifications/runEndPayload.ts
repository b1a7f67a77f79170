import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type {
  RunStatus,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/** What a run-end notification carries: title, description, link, severity, topic and scope. */
export type RunEndPayload = NotificationSendOptions['payload'];

/** The topic users filter and mute build notifications by (Notifications page, settings). */
export const RUN_END_TOPIC = 'openchoreo-build';

/**
 * Where the app mounts the Builds page (the frontend plugin's default path, `alpha.tsx`). The link
 * stays relative: the notifications frontend resolves it against the app's own base URL.
 */
const BUILDS_PAGE_PATH = '/openchoreo-builds';

/** How a finished status reads in a title: "greeter-service build failed". */
const STATUS_WORDS: Partial<Record<RunStatus, string>> = {
  Succeeded: 'succeeded',
  Failed: 'failed',
  Completed: 'completed',
};

/** The run page of one run, relative to the app. */
export function runPagePath(run: Pick<RunSummary, 'namespace' | 'name'>) {
  return `${BUILDS_PAGE_PATH}/runs/${encodeURIComponent(
    run.namespace,
  )}/${encodeURIComponent(run.name)}`;
}

/**
 * The notification of a finished run. Its scope names the run, so a resend (the same end seen
 * again, or a status corrected from Completed to Succeeded) updates the recipient's notification
 * instead of adding a second one.
 */
export function runEndPayload(run: RunSummary): RunEndPayload {
  const status = STATUS_WORDS[run.status] ?? run.status.toLowerCase();
  return {
    title: `${run.component ?? run.name} build ${status}`,
    description: describeRun(run),
    link: runPagePath(run),
    // A failure needs someone's attention; a success is news.
    severity: run.status === 'Failed' ? 'high' : 'normal',
    topic: RUN_END_TOPIC,
    scope: `openchoreo-build:run:${run.namespace}/${run.name}/${run.uid ?? ''}`,
  };
}

/** "Run greeter-service-workflow-1a2b3c4d · branch main · commit a1b2c3d · took 3m 12s". */
function describeRun(run: RunSummary): string {
  const parts = [`Run ${run.name}`];
  if (run.repository.branch) parts.push(`branch ${run.repository.branch}`);
  if (run.repository.commit)
    parts.push(`commit ${run.repository.commit.slice(0, 7)}`);
  if (run.durationSeconds !== undefined)
    parts.push(`took ${formatSeconds(run.durationSeconds)}`);
  return parts.join(' · ');
}

/**
 * `1h 2m`, `3m 4s`, `5s`: the format the Builds page shows durations in (the frontend's
 * `formatDuration`), so the notification and the page agree.
 */
function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}
