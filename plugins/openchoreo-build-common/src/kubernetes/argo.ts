import type { KubernetesObject } from './meta';

/** `status.phase` of an Argo node. @public */
export type ArgoNodePhase =
  | 'Pending'
  | 'Running'
  | 'Succeeded'
  | 'Skipped'
  | 'Failed'
  | 'Error'
  | 'Omitted';

/** `type` of an Argo node; only `Pod` nodes run containers. @public */
export type ArgoNodeType =
  | 'Pod'
  | 'Container'
  | 'Steps'
  | 'StepGroup'
  | 'DAG'
  | 'TaskGroup'
  | 'Retry'
  | 'Skipped'
  | 'Suspend'
  | 'HTTP'
  | 'Plugin';

/** An output parameter of a node (`outputs.parameters[]`). @public */
export interface ArgoParameter {
  name: string;
  value?: string;
}

/**
 * One entry of `status.nodes`. Real objects can be incomplete (empty id/name/type, `null` times,
 * children pointing at missing nodes), so every field is optional and typed loosely.
 *
 * @public
 */
export interface ArgoNodeStatus {
  id?: string;
  name?: string;
  displayName?: string;
  type?: ArgoNodeType | string;
  templateName?: string;
  templateRef?: { name?: string; template?: string; clusterScope?: boolean };
  phase?: ArgoNodePhase | string;
  boundaryID?: string;
  message?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  children?: string[];
  outboundNodes?: string[];
  podIP?: string;
  hostNodeName?: string;
  nodeFlag?: { retried?: boolean; hooked?: boolean };
  outputs?: {
    parameters?: ArgoParameter[];
    exitCode?: string;
    result?: string;
  };
}

/** `argoproj.io/v1alpha1 Workflow` in the build plane (namespace `openchoreo-ci-<org>`). @public */
export interface ArgoWorkflow extends KubernetesObject {
  spec?: {
    shutdown?: 'Terminate' | 'Stop' | string;
    entrypoint?: string;
    workflowTemplateRef?: { name?: string; clusterScope?: boolean };
    ttlStrategy?: { secondsAfterCompletion?: number };
  };
  status?: {
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error' | string;
    startedAt?: string | null;
    finishedAt?: string | null;
    message?: string;
    progress?: string;
    nodes?: Record<string, ArgoNodeStatus | null>;
  };
}

/** Argo's API group/version and the labels OpenChoreo puts on the Workflows it renders. @public */
export const ARGO_WORKFLOW = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'workflows',
  runLabel: 'openchoreo.dev/componentworkflowrun',
  runNamespaceLabel: 'openchoreo.dev/componentworkflowrun-namespace',
  podWorkflowLabel: 'workflows.argoproj.io/workflow',
  podNodeNameAnnotation: 'workflows.argoproj.io/node-name',
} as const;
