/**
 * The parts of Argo Workflows' status and of a pod's status that the sandbox
 * writes, named as in argo-workflows v3.6 `pkg/apis/workflow/v1alpha1`
 * (`WorkflowStatus`, `NodeStatus`) and `k8s.io/api/core/v1` (`ContainerStatus`).
 * The emulator keeps its own copies so it shares no code with the client it tests.
 */

/** The workflow and node phases this emulation produces (Argo also has Skipped and Error). */
export type NodePhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** A node's phase: a DAG task that never runs is `Omitted` (never a workflow's phase). */
export type ArgoNodePhase = NodePhase | 'Omitted';

export interface Parameter {
  name: string;
  value: string;
}

export interface ArgoNode {
  id: string;
  name: string;
  displayName: string;
  /** `DAG` for a `dag` entrypoint, whose omitted tasks are `Skipped` nodes. */
  type: 'Steps' | 'StepGroup' | 'DAG' | 'Pod' | 'Skipped';
  templateName?: string;
  /** Set instead of `templateName` on a node that runs a template of another (Cluster)WorkflowTemplate. */
  templateRef?: { name: string; template: string; clusterScope?: boolean };
  templateScope: string;
  phase: ArgoNodePhase;
  boundaryID?: string;
  message?: string;
  startedAt: string;
  finishedAt?: string;
  progress?: string;
  hostNodeName?: string;
  children?: string[];
  outboundNodes?: string[];
  nodeFlag?: Record<string, never>;
  inputs?: { parameters: Parameter[] };
  outputs?: {
    exitCode: string;
    parameters?: Array<Parameter & { valueFrom: { path: string } }>;
  };
  resourcesDuration?: { cpu: number; memory: number };
}

/** A type alias rather than an interface, so it stays assignable to `Record<string, unknown>` for the store. */
export type WorkflowStatus = {
  phase: NodePhase;
  startedAt: string;
  finishedAt?: string;
  progress?: string;
  message?: string;
  nodes: Record<string, ArgoNode>;
  conditions?: Array<{
    type: 'PodRunning' | 'Completed';
    status: 'True' | 'False';
  }>;
  taskResultsCompletionStatus?: Record<string, boolean>;
};

/** A container's `state`: exactly one of waiting, running or terminated. */
export type ContainerState =
  | { waiting: { reason: string } }
  | { running: { startedAt: string } }
  | {
      terminated: {
        exitCode: number;
        reason: 'Completed' | 'Error';
        startedAt: string;
        finishedAt: string;
      };
    };

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  ready: boolean;
  restartCount: number;
  started: boolean;
  state: ContainerState;
}
