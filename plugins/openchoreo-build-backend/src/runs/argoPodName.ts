import {
  ARGO_WORKFLOW,
  type ArgoWorkflow,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/** 32-bit FNV-1a of the UTF-8 bytes, as Argo uses for pod and node ids. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

// Kubernetes names are at most 253 characters; Argo keeps room for "-" + a 10-digit hash.
const MAX_PREFIX = 253 - 10 - 1;

/** Argo's pod naming conventions: `v1` names a pod after its node id, `v2` after its template. */
export type ArgoPodNameFormat = 'v1' | 'v2';

/**
 * The pod name format of a Workflow: its `workflows.argoproj.io/pod-name-format` annotation, which
 * the controller writes when the Workflow starts; v2 when absent or unknown, as Argo's
 * `GetWorkflowPodNameVersion` and its UI's `getPodName` default
 * (`workflow/util/pod_name.go@v3.6.4`, `ui/src/shared/pod-name.ts@v3.6.4`).
 */
export function podNameFormatOf(workflow: ArgoWorkflow): ArgoPodNameFormat {
  return workflow.metadata?.annotations?.[
    ARGO_WORKFLOW.podNameFormatAnnotation
  ] === 'v1'
    ? 'v1'
    : 'v2';
}

/** Argo's node id: the workflow name for the root node, else `<workflow>-<fnv1a32(node name)>`. */
export function argoNodeId(workflowName: string, nodeName: string): string {
  return nodeName === workflowName
    ? workflowName
    : `${workflowName}-${fnv1a32(nodeName)}`;
}

/** What {@link argoPodName} needs to know about a node. */
export interface ArgoPodNameInput {
  workflowName: string;
  nodeName: string;
  /** `templateRef.template`, else `templateName` (Argo's `GetTemplateFromNode`). */
  templateName?: string;
  /** The node's id from `status.nodes`; computed from the name when absent. */
  nodeId?: string;
  format?: ArgoPodNameFormat;
}

/**
 * The name Argo gives a node's pod (`GeneratePodName`, `workflow/util/pod_name.go@v3.6.4`):
 * v1 → the node id; v2 (the default since 3.4) → `<workflow>-<template>-<fnv1a32(node name)>`, or
 * the workflow name for a single-pod workflow. A prediction: the pod itself carries the node name
 * as an annotation, which is what the step locator matches when it may list pods.
 */
export function argoPodName(input: ArgoPodNameInput): string {
  const { workflowName, nodeName, templateName } = input;
  if (input.format === 'v1')
    return input.nodeId ?? argoNodeId(workflowName, nodeName);
  if (workflowName === nodeName) return workflowName;
  let prefix =
    nodeName.includes('.inline') || !templateName
      ? workflowName
      : `${workflowName}-${templateName}`;
  if (prefix.length > MAX_PREFIX) prefix = prefix.slice(0, MAX_PREFIX);
  return `${prefix}-${fnv1a32(nodeName)}`;
}
