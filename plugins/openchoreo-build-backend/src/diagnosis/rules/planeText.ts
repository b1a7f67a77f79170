import type { RunWorkflowKind } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { PlaneFacts, PlaneRef, RunFacts, WorkflowFacts } from '../facts';

/** "BuildPlane acme/default", "WorkflowPlane nova/default", "ClusterWorkflowPlane default". */
export function planeLabel(plane: PlaneRef): string {
  return plane.kind === 'ClusterWorkflowPlane' || !plane.namespace
    ? `${plane.kind} ${plane.name}`
    : `${plane.kind} ${plane.namespace}/${plane.name}`;
}

/** The plane found (or first looked for); a BuildPlane is always in the run's namespace. */
export function planeRefOf(plane: PlaneFacts, runNamespace: string): PlaneRef {
  let namespace: string | undefined;
  if (plane.kind === 'BuildPlane') namespace = runNamespace;
  else if (plane.kind === 'WorkflowPlane')
    namespace = plane.namespace ?? runNamespace;
  return { kind: plane.kind, name: plane.name ?? '', namespace };
}

/** The plane as people call it: "build plane", "workflow plane", "cluster workflow plane". */
export function planeNoun(kind: PlaneRef['kind']): string {
  if (kind === 'BuildPlane') return 'build plane';
  return kind === 'WorkflowPlane' ? 'workflow plane' : 'cluster workflow plane';
}

/** The kubectl command that shows one v1 plane, e.g. `kubectl get workflowplane default -n nova -o yaml`. */
export function planeGetCommand(plane: PlaneRef): string {
  return plane.kind === 'ClusterWorkflowPlane'
    ? `kubectl get clusterworkflowplane ${plane.name} -o yaml`
    : `kubectl get ${plane.kind.toLowerCase()} ${plane.name} -n ${
        plane.namespace
      } -o yaml`;
}

/** The kubectl commands that list the v1 planes a run of `namespace` can use. */
export function planeListCommands(namespace: string): string {
  return `kubectl get workflowplanes -n ${namespace} and kubectl get clusterworkflowplanes`;
}

/** The kind of the run's template: ComponentWorkflow (v0), Workflow or ClusterWorkflow (v1). */
export function templateKindOf(run: RunFacts): RunWorkflowKind {
  return (
    run.workflowKind ??
    (run.generation === 'v1' ? 'ClusterWorkflow' : 'ComponentWorkflow')
  );
}

/** "ComponentWorkflow docker", "Workflow nova/builder", "ClusterWorkflow dockerfile-builder". */
export function templateLabel(
  workflow: Pick<WorkflowFacts, 'kind' | 'name'>,
  namespace: string,
): string {
  return workflow.kind === 'Workflow'
    ? `Workflow ${namespace}/${workflow.name}`
    : `${workflow.kind} ${workflow.name}`;
}

/** The kubectl command that lists the templates of `kind` a run of `namespace` can use. */
export function templateListCommand(
  kind: RunWorkflowKind,
  namespace: string,
): string {
  if (kind === 'ClusterWorkflow') return 'kubectl get clusterworkflows';
  return `kubectl get ${kind.toLowerCase()}s -n ${namespace}`;
}
