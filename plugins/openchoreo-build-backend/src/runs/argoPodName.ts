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

/**
 * The pod name Argo (pod-name format v2, the default since 3.4) gives a node:
 * `<workflow>-<template>-<fnv1a32(node name)>`, or the workflow name for a single-pod workflow.
 */
export function argoPodName(
  workflowName: string,
  nodeName: string,
  templateName: string | undefined,
): string {
  if (workflowName === nodeName) return workflowName;
  let prefix =
    nodeName.includes('.inline') || !templateName
      ? workflowName
      : `${workflowName}-${templateName}`;
  if (prefix.length > MAX_PREFIX) prefix = prefix.slice(0, MAX_PREFIX);
  return `${prefix}-${fnv1a32(nodeName)}`;
}
