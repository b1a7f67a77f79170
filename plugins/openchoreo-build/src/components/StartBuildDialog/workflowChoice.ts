import type {
  ApiGeneration,
  ComponentWorkflowSummary,
  RunWorkflowConfig,
  WorkflowKind,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/*
 * Which workflow the Start build form runs. A v0 organization names ComponentWorkflows by name; a
 * v1 organization has namespaced Workflows and ClusterWorkflows, which may share a name, so the
 * picker's value there is `<kind>/<name>` and the request carries the kind as `workflowKind`.
 */

/** The kind a v1 Component's `spec.workflow` means without one (`api/v1alpha1/component_types.go@v1.2.3:86`). */
export const DEFAULT_WORKFLOW_KIND: WorkflowKind = 'ClusterWorkflow';

/** The picker's value for one workflow: its name (v0), or `<kind>/<name>` (v1). */
export function workflowKey(
  workflow: Pick<ComponentWorkflowSummary, 'name' | 'kind' | 'generation'>,
): string {
  return workflow.generation === 'v1'
    ? `${workflow.kind}/${workflow.name}`
    : workflow.name;
}

/** The picker's value for a Component's `spec.workflow`; '' when it names none. */
export function componentWorkflowKey(
  config: RunWorkflowConfig | undefined,
  generation: ApiGeneration,
): string {
  if (!config) return '';
  if (generation === 'v0') return config.name;
  const kind =
    config.kind === 'Workflow' || config.kind === 'ClusterWorkflow'
      ? config.kind
      : DEFAULT_WORKFLOW_KIND;
  return `${kind}/${config.name}`;
}

/** What a picker value asks for in `POST /runs`: `workflow` and, for v1, `workflowKind`. */
export function parseWorkflowKey(
  key: string,
  generation: ApiGeneration,
): { workflow?: string; workflowKind?: WorkflowKind } {
  if (!key) return {};
  if (generation === 'v0') return { workflow: key };
  const slash = key.indexOf('/');
  const kind = key.slice(0, slash);
  if (slash > 0 && (kind === 'Workflow' || kind === 'ClusterWorkflow'))
    return { workflow: key.slice(slash + 1), workflowKind: kind };
  return { workflow: key, workflowKind: DEFAULT_WORKFLOW_KIND };
}

/** The picker's label: the display name, plus the kind where two kinds can be listed (v1). */
export function workflowLabel(workflow: ComponentWorkflowSummary): string {
  const name = workflow.displayName ?? workflow.name;
  return workflow.generation === 'v1' ? `${name} · ${workflow.kind}` : name;
}
