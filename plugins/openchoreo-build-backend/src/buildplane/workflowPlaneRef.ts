import type {
  Workflow,
  WorkflowKind,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { WorkflowPlaneKind } from './connectionPlan';

/** The name OpenChoreo gives the plane it falls back to (`DefaultPlaneName`, `internal/controller`@v1.2.3). */
export const DEFAULT_WORKFLOW_PLANE_NAME = 'default';

/** One plane to look up, in order: the first that exists is used. */
export interface WorkflowPlaneCandidate {
  kind: WorkflowPlaneKind;
  name: string;
}

/**
 * The planes a run of `workflow` executes on, in the order OpenChoreo's controller tries them
 * (`GetWorkflowPlaneFromRef`, `GetWorkflowSpec` in `internal/controller/reference.go@v1.2.3:411-540`):
 * - a `workflowPlaneRef` names exactly one plane (the CRDs default it to ClusterWorkflowPlane
 *   `default`, so this is the usual case); a ClusterWorkflow can only name a ClusterWorkflowPlane;
 * - a ClusterWorkflow without one (the defaulting did not run): ClusterWorkflowPlane `default`;
 * - a Workflow without one, or no workflow at all: WorkflowPlane `default` in the run's namespace,
 *   then ClusterWorkflowPlane `default`.
 */
export function workflowPlaneCandidates(
  workflowKind: WorkflowKind | undefined,
  workflow: Workflow | undefined,
): WorkflowPlaneCandidate[] {
  const ref = workflow?.spec?.workflowPlaneRef;
  if (ref?.name) {
    const kind: WorkflowPlaneKind =
      workflowKind === 'ClusterWorkflow' || ref.kind !== 'WorkflowPlane'
        ? 'ClusterWorkflowPlane'
        : 'WorkflowPlane';
    return [{ kind, name: ref.name }];
  }
  const clusterDefault: WorkflowPlaneCandidate = {
    kind: 'ClusterWorkflowPlane',
    name: DEFAULT_WORKFLOW_PLANE_NAME,
  };
  if (workflow && workflowKind === 'ClusterWorkflow') return [clusterDefault];
  return [
    { kind: 'WorkflowPlane', name: DEFAULT_WORKFLOW_PLANE_NAME },
    clusterDefault,
  ];
}
