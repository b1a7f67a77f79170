import {
  deriveRunStatus,
  isTerminalRunStatus,
  pullRequestUrlOf,
  RUN_CONDITION_TYPES,
  type ArgoWorkflow,
  type KubernetesCondition,
  type RunCondition,
  type RunDetail,
  type RunExecutionInfo,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildRun } from './buildRun';
import type { ArchivedRunSteps } from './RunArchiveService';
import { extractArgoSteps, stepsFromTasks } from './steps';

/** Conditions as the API returns them (raw, but only the documented fields). */
export function toConditions(
  conditions: KubernetesCondition[] | undefined,
): RunCondition[] {
  if (!Array.isArray(conditions)) return [];
  return conditions
    .filter(c => c && typeof c.type === 'string')
    .map(c => ({
      type: c.type,
      status: String(c.status ?? 'Unknown'),
      reason: c.reason || undefined,
      message: c.message || undefined,
      lastTransitionTime: c.lastTransitionTime || undefined,
    }));
}

function conditionTime(run: BuildRun, type: string): string | undefined {
  return run.conditions.find(c => c.type === type && c.status === 'True')
    ?.lastTransitionTime;
}

/** The run as a list shows it: identity, generation, component, workflow, status and times. */
export function toRunSummary(run: BuildRun): RunSummary {
  const status = run.recordedStatus ?? deriveRunStatus(run.conditions);
  const createdAt = run.createdAt;
  const startedAt =
    run.startedAt ?? conditionTime(run, RUN_CONDITION_TYPES.running);
  const completedAt =
    run.completedAt ??
    (isTerminalRunStatus(status)
      ? conditionTime(run, RUN_CONDITION_TYPES.completed) ??
        conditionTime(
          run,
          status === 'Failed'
            ? RUN_CONDITION_TYPES.failed
            : RUN_CONDITION_TYPES.succeeded,
        )
      : undefined);
  const from = startedAt ?? createdAt;
  const durationSeconds =
    from && completedAt
      ? Math.max(0, (Date.parse(completedAt) - Date.parse(from)) / 1000)
      : undefined;
  return {
    namespace: run.namespace,
    name: run.name,
    uid: run.uid,
    generation: run.generation,
    project: run.project,
    component: run.component,
    workflow: run.workflow?.name,
    // Absent means ComponentWorkflow (v0), as the API type documents.
    ...(run.generation === 'v1' && run.workflow
      ? { workflowKind: run.workflow.kind }
      : {}),
    status,
    repository: { ...run.repository },
    image: run.image,
    createdAt,
    startedAt,
    completedAt,
    durationSeconds: Number.isFinite(durationSeconds)
      ? durationSeconds
      : undefined,
    resourceVersion: run.resourceVersion,
    ...(run.createdBy ? { createdBy: run.createdBy } : {}),
    ...(run.trigger ? { trigger: run.trigger } : {}),
    ...(run.deleted ? { deleted: run.deleted } : {}),
  };
}

/** What the build plane said about the run's Argo Workflow. */
export type ExecutionLookup =
  | {
      kind: 'found';
      workflow: ArgoWorkflow;
      buildPlane: RunExecutionInfo['buildPlane'];
    }
  | { kind: 'missing'; buildPlane: RunExecutionInfo['buildPlane'] }
  | {
      kind: 'error';
      message: string;
      buildPlane?: RunExecutionInfo['buildPlane'];
    }
  | { kind: 'none' };

/**
 * Assembles the run detail. Steps come from the live Argo Workflow when it exists, else from
 * `status.tasks`; a finished run whose Workflow is gone is flagged `expired` (TTL deleted it).
 */
export function toRunDetail(
  run: BuildRun,
  lookup: ExecutionLookup,
  /** Steps rebuilt from the observer archive (expired runs without `status.tasks`), or why not. */
  archived?: ArchivedRunSteps | { error: string },
): RunDetail {
  const summary = toRunSummary(run);
  const reference = run.runReference;
  const taskSteps = stepsFromTasks(run.tasks);
  const execution: RunExecutionInfo = {
    apiVersion: reference?.apiVersion,
    kind: reference?.kind,
    name: reference?.name,
    namespace: reference?.namespace,
    found: false,
    expired: false,
  };
  let steps = taskSteps;
  let stepsSource: RunDetail['stepsSource'] =
    taskSteps.length > 0 ? 'tasks' : 'none';
  if (lookup.kind === 'found') {
    const argoSteps = extractArgoSteps(lookup.workflow);
    Object.assign(execution, {
      buildPlane: lookup.buildPlane,
      found: true,
      phase: lookup.workflow.status?.phase,
      message: lookup.workflow.status?.message || undefined,
      shutdown: lookup.workflow.spec?.shutdown,
    });
    if (argoSteps.length > 0 || taskSteps.length === 0) {
      steps = argoSteps;
      stepsSource = argoSteps.length > 0 ? 'argo' : 'none';
    }
  } else if (lookup.kind === 'missing') {
    execution.buildPlane = lookup.buildPlane;
    execution.expired = isTerminalRunStatus(summary.status);
    execution.error = execution.expired
      ? 'The Argo Workflow was deleted after completion (ttlStrategy); logs are available from the observer archive'
      : 'The Argo Workflow does not exist yet in the build plane';
  } else if (lookup.kind === 'error') {
    execution.buildPlane = lookup.buildPlane;
    execution.error = lookup.message;
  }
  let wholeRunLog: boolean | undefined;
  if (archived && 'error' in archived) {
    execution.error = `${
      execution.error ?? ''
    }; the steps could not be rebuilt from the archive: ${archived.error}`;
  } else if (archived && archived.steps.length > 0) {
    steps = archived.steps;
    stepsSource = 'archive';
    wholeRunLog = archived.wholeRunLog;
  }
  // A step's output is written by whatever the step runs: only a safe web link becomes a link.
  const pullRequestUrl = pullRequestUrlOf(steps);
  return {
    ...summary,
    spec: {
      owner: { projectName: run.project, componentName: run.component },
      workflow: run.workflowSpec,
    },
    conditions: toConditions(run.conditions),
    steps,
    stepsSource,
    ...(wholeRunLog ? { wholeRunLog } : {}),
    ...(pullRequestUrl ? { pullRequestUrl } : {}),
    // Filled by RunService from what the cluster says beyond the run (see diagnosis/).
    diagnosis: [],
    execution,
    resources: run.resources,
    cancellable:
      !isTerminalRunStatus(summary.status) &&
      execution.found &&
      !execution.shutdown,
  };
}
