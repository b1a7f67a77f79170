import {
  imageOfWorkloadAnnotation,
  readRepositoryFields,
  workflowsNamespaceFor,
  WORKFLOW_RUN_ANNOTATIONS,
  WORKFLOW_RUN_LABELS,
  type ApiGeneration,
  type ComponentWorkflowRun,
  type KubernetesCondition,
  type RepositoryFieldPaths,
  type ResourceReference,
  type RunDeletion,
  type RunRepository,
  type RunStatus,
  type RunTrigger,
  type RunWorkflowConfig,
  type RunWorkflowKind,
  type WorkflowKind,
  type WorkflowRun,
  type WorkflowRunTask,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { ciNamespaceFor } from '../controlplane/resourceTypes';
import { runTriggerOf } from './runTrigger';

/** The annotation the portal writes on the runs it starts (both generations). */
export const CREATED_BY_ANNOTATION = 'openchoreo.dev/created-by';

/**
 * One build run, whichever generation's object it was read from: a v0 `ComponentWorkflowRun`
 * ({@link fromComponentWorkflowRun}) or a v1 `WorkflowRun` ({@link fromWorkflowRun}). Everything
 * past the control-plane read (summaries, details, steps, logs, diagnosis, events) reads this.
 */
export interface BuildRun {
  generation: ApiGeneration;
  namespace: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
  createdAt?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** v0: `spec.owner`; v1: the labels `openchoreo.dev/project` / `openchoreo.dev/component`. */
  project?: string;
  component?: string;
  /** The template: v0 ComponentWorkflow, v1 Workflow or ClusterWorkflow (the API's default). */
  workflow?: { kind: RunWorkflowKind; name: string };
  /** `spec.workflow` as written (re-run copies it; the detail page shows it). */
  workflowSpec?: RunWorkflowConfig;
  repository: RunRepository;
  /**
   * v0: `status.imageStatus.image`; v1: the image of the Workload the build wrote into the
   * `openchoreo.dev/workload` annotation.
   */
  image?: string;
  createdBy?: string;
  /** What started it (`runTriggerOf`: created-by and a webhook's marks); absent when unknown. */
  trigger?: RunTrigger;
  conditions: KubernetesCondition[];
  tasks: WorkflowRunTask[];
  startedAt?: string;
  completedAt?: string;
  runReference?: ResourceReference;
  resources: ResourceReference[];
  /** v1 only: the controller deletes the run this long after it finished. */
  ttlAfterCompletion?: string;
  /**
   * Set when the object is gone and this run comes from the portal's run record
   * (`runRecords/recordedRun.ts`): then `recordedStatus` is the last status seen, since the
   * record keeps no conditions.
   */
  deleted?: RunDeletion;
  recordedStatus?: RunStatus;
}

/**
 * Where the repository sits in the parameters of the upstream sample Workflows
 * (`samples/getting-started/ci-workflows/*.yaml@v1.2.3`): used for a run whose Workflow is
 * unknown (deleted, unreadable), so its summary still names what it built.
 */
export const SAMPLE_REPOSITORY_PATHS: RepositoryFieldPaths = {
  url: 'repository.url',
  branch: 'repository.revision.branch',
  commit: 'repository.revision.commit',
  appPath: 'repository.appPath',
};

const text = (value: string | undefined): string | undefined =>
  value ? value : undefined;

const listOf = <T>(value: T[] | undefined): T[] =>
  Array.isArray(value) ? value : [];

/** A v0.x `ComponentWorkflowRun`: owner and repository in `spec`, image in `status.imageStatus`. */
export function fromComponentWorkflowRun(run: ComponentWorkflowRun): BuildRun {
  const repository = run.spec?.workflow?.systemParameters?.repository;
  const annotations = run.metadata?.annotations ?? {};
  const workflowName = run.spec?.workflow?.name;
  return {
    generation: 'v0',
    namespace: run.metadata?.namespace ?? '',
    name: run.metadata?.name ?? '',
    uid: run.metadata?.uid,
    resourceVersion: run.metadata?.resourceVersion,
    createdAt: run.metadata?.creationTimestamp,
    labels: run.metadata?.labels ?? {},
    annotations,
    project: run.spec?.owner?.projectName,
    component: run.spec?.owner?.componentName,
    workflow: workflowName
      ? { kind: 'ComponentWorkflow', name: workflowName }
      : undefined,
    workflowSpec: run.spec?.workflow,
    repository: {
      url: repository?.url,
      branch: repository?.revision?.branch,
      commit: repository?.revision?.commit || undefined,
      appPath: repository?.appPath,
    },
    image: text(run.status?.imageStatus?.image),
    createdBy: text(annotations[CREATED_BY_ANNOTATION]),
    trigger: runTriggerOf({
      createdBy: annotations[CREATED_BY_ANNOTATION],
      labels: run.metadata?.labels ?? {},
      annotations,
    }),
    conditions: listOf(run.status?.conditions),
    tasks: listOf(run.status?.tasks),
    startedAt: run.status?.startedAt,
    completedAt: run.status?.completedAt,
    runReference: run.status?.runReference,
    resources: listOf(run.status?.resources),
  };
}

/** The (Cluster)Workflow a v1 run names; `kind` defaults to ClusterWorkflow as the CRD does. */
export function workflowRefOf(
  run: WorkflowRun,
): { kind: WorkflowKind; name: string } | undefined {
  const workflow = run.spec?.workflow;
  if (!workflow?.name) return undefined;
  return { kind: workflow.kind ?? 'ClusterWorkflow', name: workflow.name };
}

/**
 * A v1.x `WorkflowRun` (`api/v1alpha1/workflowrun_types.go@v1.2.3`): the component from its labels,
 * the repository (commit included) from its parameters at the fields its Workflow marks
 * (`repositoryFields`, the sample paths when the Workflow is unknown), the image from the Workload
 * the sample `generate-workload` step writes back into `openchoreo.dev/workload` (no v1.x release
 * sets an image or commit annotation).
 */
export function fromWorkflowRun(
  run: WorkflowRun,
  repositoryFields: RepositoryFieldPaths = SAMPLE_REPOSITORY_PATHS,
): BuildRun {
  const labels = run.metadata?.labels ?? {};
  const annotations = run.metadata?.annotations ?? {};
  const reference = workflowRefOf(run);
  const repository = readRepositoryFields(
    run.spec?.workflow?.parameters,
    repositoryFields,
  );
  return {
    generation: 'v1',
    namespace: run.metadata?.namespace ?? '',
    name: run.metadata?.name ?? '',
    uid: run.metadata?.uid,
    resourceVersion: run.metadata?.resourceVersion,
    createdAt: run.metadata?.creationTimestamp,
    labels,
    annotations,
    project: text(labels[WORKFLOW_RUN_LABELS.project]),
    component: text(labels[WORKFLOW_RUN_LABELS.component]),
    workflow: reference,
    workflowSpec: run.spec?.workflow
      ? { ...run.spec.workflow, kind: reference?.kind }
      : undefined,
    repository,
    image: imageOfWorkloadAnnotation(
      annotations[WORKFLOW_RUN_ANNOTATIONS.workload],
    ),
    createdBy: text(annotations[CREATED_BY_ANNOTATION]),
    trigger: runTriggerOf({
      createdBy: annotations[CREATED_BY_ANNOTATION],
      labels: run.metadata?.labels ?? {},
      annotations,
    }),
    conditions: listOf(run.status?.conditions),
    tasks: listOf(run.status?.tasks),
    startedAt: run.status?.startedAt,
    completedAt: run.status?.completedAt,
    runReference: run.status?.runReference,
    resources: listOf(run.status?.resources),
    ttlAfterCompletion: run.spec?.ttlAfterCompletion,
  };
}

/**
 * The namespace of a run's Argo Workflow in its plane: `status.runReference` once the controller
 * rendered it, else where the generation renders it (v0 `openchoreo-ci-<ns>`, v1 `workflows-<ns>`).
 */
export function argoNamespaceOf(run: BuildRun): string {
  return (
    run.runReference?.namespace ||
    (run.generation === 'v1'
      ? workflowsNamespaceFor(run.namespace)
      : ciNamespaceFor(run.namespace))
  );
}

/** The name of a run's Argo Workflow (both generations name it after the run until referenced). */
export function argoNameOf(run: BuildRun): string {
  return run.runReference?.name || run.name;
}
