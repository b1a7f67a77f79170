import type {
  JsonValue,
  SystemParametersValues,
} from '../kubernetes/openchoreo';
import type { ResourceReference } from '../kubernetes/meta';
import type { WorkflowKind } from '../kubernetes/openchoreoV1';
import type { ApiGeneration } from '../rules/generation';
import type { WebhookProvider } from './webhooks';

/** Summary status of a run, derived from its conditions (see `deriveRunStatus`). @public */
export type RunStatus =
  | 'Pending'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Completed';

/** A raw condition of the run, as OpenChoreo wrote it. @public */
export interface RunCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** The repository a run builds. @public */
export interface RunRepository {
  url?: string;
  branch?: string;
  commit?: string;
  appPath?: string;
}

/**
 * The build template a run uses: a v0 `ComponentWorkflow`, or a v1 `Workflow` (namespaced) or
 * `ClusterWorkflow`.
 *
 * @public
 */
export type RunWorkflowKind = 'ComponentWorkflow' | WorkflowKind;

/**
 * A run whose object the control plane no longer holds, kept from the portal's run record:
 * `retention` when it was deleted after it finished (v1.x `ttlAfterCompletion`), `deleted` when it
 * disappeared before.
 *
 * @public
 */
export interface RunDeletion {
  at: string;
  reason: 'retention' | 'deleted';
}

/**
 * What started a run: a person through the portal (their user entity ref), or a Git host's
 * webhook delivery the portal acted on.
 *
 * @public
 */
export type RunTrigger =
  | { kind: 'user'; userEntityRef: string }
  | { kind: 'webhook'; provider: WebhookProvider; deliveryId?: string };

/** The `trigger` filter of a run list: which kind of start to keep. @public */
export type RunTriggerKind = RunTrigger['kind'];

/** One run in a list. @public */
export interface RunSummary {
  namespace: string;
  name: string;
  uid?: string;
  /** The API generation the run belongs to (ComponentWorkflowRun = v0, WorkflowRun = v1). */
  generation: ApiGeneration;
  project?: string;
  component?: string;
  workflow?: string;
  /** Kind of `workflow`; absent means ComponentWorkflow (v0). */
  workflowKind?: RunWorkflowKind;
  status: RunStatus;
  repository: RunRepository;
  /** `status.imageStatus.image` once the push step finished. */
  image?: string;
  createdAt?: string;
  startedAt?: string;
  completedAt?: string;
  durationSeconds?: number;
  resourceVersion?: string;
  /** Who started it through the portal (annotation `openchoreo.dev/created-by`), if known. */
  createdBy?: string;
  /** What started it, read from `createdBy` and a webhook's marks; absent when unknown (kubectl, another tool). */
  trigger?: RunTrigger;
  /** Set when the run object is gone and this answer comes from the portal's run record. */
  deleted?: RunDeletion;
}

/** `GET /runs` response; pass `nextCursor` back as `cursor` for the next page. @public */
export interface RunListResponse {
  items: RunSummary[];
  nextCursor?: string;
}

/** Phase of a step. @public */
export type RunStepPhase =
  | 'Pending'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Error'
  | 'Skipped'
  | 'Omitted';

/** One attempt of a retried step (`name(0)`, `name(1)`, …). @public */
export interface RunStepAttempt {
  nodeId: string;
  attempt: number;
  phase: RunStepPhase;
  startedAt?: string;
  finishedAt?: string;
  durationSeconds?: number;
  message?: string;
  podName?: string;
}

/**
 * One step of a run, in execution order. From Argo `Pod` nodes (retries grouped into one step whose
 * `attempts` lists every try; the step shows the last), or from `status.tasks`.
 *
 * @public
 */
export interface RunStep {
  /** Stable id: the Argo node id of the step (Retry parent when retried), or the task name. */
  id: string;
  /**
   * Display name, e.g. `build-step`; not unique in nested templates. The logs route takes the `id`
   * first, then a `displayPath`, then a name (an ambiguous name is refused).
   */
  name: string;
  templateName?: string;
  phase: RunStepPhase;
  startedAt?: string;
  finishedAt?: string;
  durationSeconds?: number;
  message?: string;
  /** Output parameters by name (e.g. `image`, `workload-cr`). */
  outputs: Record<string, string>;
  /** The `image` output of the push step. */
  image?: string;
  /** Pod that ran the (last) attempt; its `main` container holds the step's log. */
  podName?: string;
  /** Argo node name, e.g. `wf[1].build-step` (pods carry it as `workflows.argoproj.io/node-name`). */
  nodeName?: string;
  /**
   * Where the step sits in nested templates, without the workflow name and step-group indices,
   * e.g. `sub-dag1.fail` or `onExit.notify`; equals `name` for a top-level step.
   */
  displayPath?: string;
  /**
   * Ids of the steps this one starts after (Argo DAG `dependencies` and step groups, resolved
   * through non-pod nodes to the steps before it); absent when the source does not say.
   */
  dependsOn?: string[];
  /** True for steps run by the workflow's exit handler (`spec.onExit`), after the main steps. */
  exitHandler?: boolean;
  /** UID of the step's (last) pod, once seen: the observer archive files lines by it. */
  podUid?: string;
  attempts: RunStepAttempt[];
}

/** How sure a diagnosis is that it found the problem. @public */
export type RunDiagnosisSeverity = 'error' | 'warning' | 'info';

/**
 * One finding about why a run is stuck or failed, with what to do about it. Built by the backend
 * from the run, its Workflow, pods, events, secrets and logs.
 *
 * @public
 */
export interface RunDiagnosis {
  /** Stable id of the rule that found it, e.g. `pending-workflow-missing`. */
  id: string;
  severity: RunDiagnosisSeverity;
  title: string;
  /** What was observed (quotes events or log lines where they say it best). */
  detail: string;
  /** What to do about it. */
  fix: string;
  /** The log line that shows the problem, when a log line matched. */
  logRef?: {
    /** The step's `id`: what the run page's `?step=` and the logs route take. */
    step: string;
    /** The step as people know it (`displayPath`, else `name`), for the link's text. */
    stepName?: string;
    /** 1-based line within the step's log, as the logs route numbers it (`StepLogLine.n + 1`). */
    line: number;
    text: string;
  };
}

/** What is known about the run's Argo Workflow in the build plane. @public */
export interface RunExecutionInfo {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  buildPlane?: { namespace: string; name: string; mode: string };
  phase?: string;
  message?: string;
  /** False when the build plane no longer has it (TTL expiry) or could not be asked. */
  found: boolean;
  /** True when the run has finished and its Workflow was deleted (ttlStrategy): logs are archived. */
  expired: boolean;
  /** Why steps could not be read live, if they could not. */
  error?: string;
  shutdown?: string;
}

/** `GET /runs/:ns/:name` response. @public */
export interface RunDetail extends RunSummary {
  spec: {
    owner: { projectName?: string; componentName?: string };
    workflow?: RunWorkflowConfig;
  };
  conditions: RunCondition[];
  steps: RunStep[];
  /**
   * Where the steps came from: the live Argo Workflow, `status.tasks` (v0.13+), or rebuilt from the
   * observer's archive once the Workflow is gone (v0.9 runs have no `status.tasks`).
   */
  stepsSource: 'argo' | 'tasks' | 'archive' | 'none';
  /**
   * Why the run is stuck or failed and how to fix it; empty when nothing is wrong (or the run
   * is still fine).
   */
  diagnosis: RunDiagnosis[];
  /**
   * True when the observer holds the run's lines but they cannot be told apart by step: read
   * them whole at `GET /runs/:ns/:name/logs`.
   */
  wholeRunLog?: boolean;
  /**
   * The pull request the run opened: the `pull-request-url` output of its steps (the GitOps
   * release templates' `git-commit-push-pr`), only when it is a safe web link (`safeClusterLink`:
   * http(s), no credentials, sane length); absent otherwise.
   */
  pullRequestUrl?: string;
  execution: RunExecutionInfo;
  resources: ResourceReference[];
  /** True while the run can still be cancelled. */
  cancellable: boolean;
  /**
   * The catalog entity that claims the run's component (what the plugin's permissions are
   * decided on); absent when no entity claims it.
   */
  entityRef?: string;
}

/**
 * `spec.workflow` of a run or Component in either generation: v0 carries the repository in
 * `systemParameters`, v1 inside `parameters` at the fields its Workflow marks
 * (`findRepositoryFields`).
 *
 * @public
 */
export interface RunWorkflowConfig {
  kind?: RunWorkflowKind;
  name: string;
  systemParameters?: SystemParametersValues;
  parameters?: { [key: string]: JsonValue };
}

/** Overrides of the repository values for a new run. @public */
export interface SystemParametersOverride {
  repository?: {
    url?: string;
    revision?: { branch?: string; commit?: string };
    appPath?: string;
  };
}

/** `POST /runs` body. Missing values come from `Component.spec.workflow`. @public */
export interface CreateRunRequest {
  namespace: string;
  project: string;
  component: string;
  /** ComponentWorkflow (v0) or (Cluster)Workflow (v1) name; defaults to the component's. */
  workflow?: string;
  /** v1: `Workflow` or `ClusterWorkflow` (the API's default); ignored for v0. */
  workflowKind?: WorkflowKind;
  /**
   * The repository to build. v0 writes it to `systemParameters.repository`; v1 to the fields the
   * Workflow's schema marks (a value for an unmarked role is a 400).
   */
  systemParameters?: SystemParametersOverride;
  /** Merged (deeply) over the component's parameters, then validated against the workflow's schema. */
  parameters?: { [key: string]: JsonValue };
}

/** `POST /runs/:ns/:name/cancel` response. @public */
export interface CancelRunResponse {
  run: RunSummary;
  /** The Argo Workflow that was told `spec.shutdown: Terminate`. */
  workflow: { name: string; namespace: string; buildPlane: string };
}
