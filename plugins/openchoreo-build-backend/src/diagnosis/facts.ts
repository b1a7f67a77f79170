import type {
  ApiGeneration,
  BuildPlaneMode,
  BuildPlaneStatus,
  RunCondition,
  RunStatus,
  RunStep,
  RunWorkflowKind,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { WorkflowPlaneKind } from '../buildplane/connectionPlan';

/**
 * What the backend found out about a run, for the diagnosis rules (`rules/`). The gatherer
 * (`gatherFacts.ts`) fills it from the clusters; the rules only read it, so they can be tested
 * with plain objects. A fact that could not be read is left undefined and named in `gaps`:
 * a rule never treats "unknown" as "missing".
 */
export interface DiagnosisFacts {
  /** When the facts were gathered, in ms since the epoch (ages are measured against it). */
  now: number;
  run: RunFacts;
  /** The run's template (v0 ComponentWorkflow, v1 Workflow / ClusterWorkflow), when it was looked up. */
  workflow?: WorkflowFacts;
  /**
   * The plane the run executes on, when it was looked up: v0 the first BuildPlane of the
   * namespace, v1 the (Cluster)WorkflowPlane the run's Workflow names.
   */
  plane?: PlaneFacts;
  /** Pods of steps that have not finished (and of the failed step), as the build plane has them. */
  pods: PodFacts[];
  /** ExternalSecrets the run uses, with their readiness. */
  externalSecrets: ExternalSecretFacts[];
  /** The end of the failed step's log, when the step's pod still had it. */
  failedStepLog?: StepLogTail;
  /** What could not be checked, and why. */
  gaps: FactGap[];
}

/** The run as the control plane has it, with the steps the run detail already holds. */
export interface RunFacts {
  /** v0 ComponentWorkflowRun, v1 WorkflowRun: which controller's behaviour applies. */
  generation: ApiGeneration;
  namespace: string;
  name: string;
  status: RunStatus;
  createdAt?: string;
  conditions: RunCondition[];
  /** `spec.workflow.name`: the template the run uses. */
  workflowName?: string;
  /** Its kind: v0 ComponentWorkflow; v1 Workflow or ClusterWorkflow (`spec.workflow.kind`). */
  workflowKind?: RunWorkflowKind;
  /** Where the run's Argo Workflow and its pods live in the plane (`argoNamespaceOf`). */
  workflowNamespace: string;
  /** `status.runReference`: set once the controller created the Argo Workflow. */
  runReference?: { namespace?: string; name: string };
  /** Whether the Argo Workflow was found in the build plane, and its phase. */
  execution: { found: boolean; phase?: string };
  steps: RunStep[];
}

/** The run's template and whether the control plane has it. */
export interface WorkflowFacts {
  kind: RunWorkflowKind;
  name: string;
  exists: boolean;
}

/** The plane CRDs a run can execute on: v0 BuildPlane, v1 (Cluster)WorkflowPlane. */
export type PlaneKind = 'BuildPlane' | WorkflowPlaneKind;

/** One plane by kind and name; `namespace` is absent for a ClusterWorkflowPlane. */
export interface PlaneRef {
  kind: PlaneKind;
  name: string;
  namespace?: string;
}

/**
 * The plane the run executes on. v0: the first BuildPlane of the run's namespace, the one
 * OpenChoreo's controllers use (when there is none, `kind` BuildPlane, `namespace` the run's, no
 * `name`). v1: the first of the planes the run's Workflow names that exists
 * (`workflowPlaneCandidates`, as `BuildPlaneRegistry.workflowPlaneFor` resolves it).
 */
export interface PlaneFacts {
  kind: PlaneKind;
  exists: boolean;
  /** The plane's name (v1: when missing, the first plane looked for). */
  name?: string;
  namespace?: string;
  /** v1, when no plane exists: every plane OpenChoreo would have used, in the order it tries them. */
  candidates?: PlaneRef[];
  mode?: BuildPlaneMode;
  /** `status.agentConnection` (BuildPlane v0.12+, every v1 plane; absent on older controllers). */
  agentConnection?: BuildPlaneStatus['agentConnection'];
}

/** One container of a step's pod (`status.containerStatuses` / `initContainerStatuses`). */
export interface ContainerFacts {
  name: string;
  init: boolean;
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; exitCode?: number; message?: string };
}

/** A Kubernetes event about a pod (core/v1 Event). */
export interface EventFacts {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastSeen?: string;
}

/** A step's pod, as read from the build plane. */
export interface PodFacts {
  name: string;
  namespace: string;
  /** The step the pod runs, as people know it (`displayPath`, else `name`). */
  step: string;
  phase?: string;
  createdAt?: string;
  /** `PodScheduled=False` message (e.g. "0/3 nodes are available: …"), when the pod is unscheduled. */
  unschedulable?: string;
  containers: ContainerFacts[];
  /** Events about the pod, oldest first; undefined when they were not read (see `gaps`). */
  events?: EventFacts[];
}

/** Readiness of an ExternalSecret the run needs. */
export interface ExternalSecretFacts {
  name: string;
  namespace: string;
  /** `status.resources` of the run, or rendered from its template's `spec.resources`. */
  source: 'run' | 'workflow';
  state: 'Ready' | 'NotReady' | 'Missing';
  /** `Ready` condition reason / message, e.g. `SecretSyncedError`. */
  reason?: string;
  message?: string;
  /** `spec.target.name`: the Secret it should produce. */
  targetSecret?: string;
  /** `spec.secretStoreRef`: the store it reads from. */
  storeRef?: { kind?: string; name?: string };
  /**
   * The newest message of its Warning `UpdateFailed` events, when it is not Ready and the events
   * could be read: the operator names the missing key there, not in the Ready condition.
   */
  failure?: string;
}

/** The last lines of a step's `main` container log. */
export interface StepLogTail {
  /** The step's `id`. */
  step: string;
  podName: string;
  /**
   * `line` is the 1-based line number within the step's log as the log route numbers it
   * (`StepLogLine.n + 1`); undefined when the log was too long to count (only its tail was read).
   */
  lines: Array<{ line?: number; text: string }>;
}

/** Something the gatherer could not read. */
export interface FactGap {
  /** `events`: a pod's events were refused or failed; `read`: any other read. */
  kind: 'events' | 'read';
  /** What could not be checked, e.g. "the events of pod x". */
  what: string;
  reason: string;
  /** What was used instead, if anything. */
  fallback?: string;
}

/** Settings of the rules. */
export interface RuleOptions {
  /** A Pending run (or a pod still being created) is not reported as stuck before this age. */
  pendingGraceSeconds: number;
}
