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
    /** The exit handler's template; its nodes are named `<workflow>.onExit…`. */
    onExit?: string;
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
  /**
   * What Argo puts on every pod it creates (`workflow/controller/workflowpod.go@v3.6.4` ~170-176, keys
   * in `workflow/common/common.go@v3.6.4`): the Workflow's name as a label, the node's name and id
   * as annotations. The pod's name is derived (see `podNameFormatAnnotation`); these are the truth.
   */
  podWorkflowLabel: 'workflows.argoproj.io/workflow',
  podNodeNameAnnotation: 'workflows.argoproj.io/node-name',
  podNodeIdAnnotation: 'workflows.argoproj.io/node-id',
  /**
   * On the Workflow: `v1` (pod name = node id) or `v2` (`<wf>-<template>-<hash>`), written by the
   * controller from its `POD_NAMES` setting when the Workflow starts (`operator.go@v3.6.4`,
   * `setWfPodNamesAnnotation`); absent means v2 (`workflow/util/pod_name.go@v3.6.4`).
   */
  podNameFormatAnnotation: 'workflows.argoproj.io/pod-name-format',
} as const;
