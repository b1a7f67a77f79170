import type { KubernetesObject } from './meta';

/**
 * One step of a `steps` template (`WorkflowStep` in Argo's `workflow_types.go`). Only what the
 * portal reads to learn which steps a template declares.
 *
 * @public
 */
export interface ArgoWorkflowStep {
  name?: string;
  template?: string;
  templateRef?: { name?: string; template?: string; clusterScope?: boolean };
  inline?: unknown;
  when?: string;
  withItems?: unknown;
  withParam?: string;
  withSequence?: unknown;
}

/** One entry of `spec.templates` (Argo `Template`), by the fields that tell what it runs. @public */
export interface ArgoTemplate {
  name?: string;
  /** Step groups: the groups run one after another, the steps of one group in parallel. */
  steps?: ArgoWorkflowStep[][];
  dag?: { tasks?: unknown[] };
  container?: unknown;
  script?: unknown;
  containerSet?: unknown;
  resource?: unknown;
  retryStrategy?: unknown;
}

/** The spec shared by Workflows, WorkflowTemplates and ClusterWorkflowTemplates. @public */
export interface ArgoWorkflowTemplateSpec {
  entrypoint?: string;
  onExit?: string;
  templates?: ArgoTemplate[];
  templateDefaults?: { retryStrategy?: unknown };
  workflowTemplateRef?: { name?: string; clusterScope?: boolean };
}

/**
 * `argoproj.io/v1alpha1 ClusterWorkflowTemplate` (cluster-scoped) or `WorkflowTemplate`
 * (namespaced) on the build plane: OpenChoreo's ComponentWorkflows reference one by
 * `spec.runTemplate.spec.workflowTemplateRef`.
 *
 * @public
 */
export interface ArgoWorkflowTemplate extends KubernetesObject {
  spec?: ArgoWorkflowTemplateSpec;
}
