import type { BuildPlane } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneConnector } from '../buildplane/BuildPlaneConnector';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { WorkflowKind } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildRun } from './buildRun';

/**
 * The plane a run executes on, and the plane object its observer is resolved from
 * (`BuildPlaneRegistry.observerFor` / `resolveObserver`).
 */
export interface RunPlane {
  connector: BuildPlaneConnector;
  observerPlane: BuildPlane;
}

/** The (Cluster)Workflow of a v1 run; undefined for v0 runs. */
export function v1WorkflowOf(
  run: BuildRun,
): { kind: WorkflowKind; name: string } | undefined {
  const workflow = run.workflow;
  if (run.generation !== 'v1' || !workflow) return undefined;
  return workflow.kind === 'ComponentWorkflow'
    ? undefined
    : { kind: workflow.kind, name: workflow.name };
}

/**
 * The connector of the plane a run executes on: v0 the org's BuildPlane, v1 the plane the run's
 * Workflow names in `spec.workflowPlaneRef` (`BuildPlaneRegistry.connectorForRun`).
 */
export function connectorOfRun(
  registry: BuildPlaneRegistry,
  run: BuildRun,
): Promise<BuildPlaneConnector> {
  return registry.connectorForRun(
    run.namespace,
    run.generation,
    v1WorkflowOf(run),
  );
}

/**
 * The run's plane with the object its observer is resolved from. A v1 plane names its
 * (Cluster)ObservabilityPlane in `spec.observabilityPlaneRef{kind,name}` exactly as a v0.16
 * BuildPlane does, so the BuildPlane observer rule (`ObserverResolver`: the ObservabilityPlane's
 * `observerURL`, else the configured observer) is applied to that reference.
 */
export async function planeOfRun(
  registry: BuildPlaneRegistry,
  run: BuildRun,
): Promise<RunPlane> {
  if (run.generation === 'v0') {
    const plane = await registry.activeBuildPlane(run.namespace);
    return {
      connector: await registry.connectorFor(plane),
      observerPlane: plane,
    };
  }
  const resolved = await registry.workflowPlaneFor(
    run.namespace,
    v1WorkflowOf(run),
  );
  return {
    connector: await registry.workflowPlaneConnector(resolved),
    observerPlane: {
      metadata: {
        name: resolved.plane.metadata?.name,
        namespace: resolved.plane.metadata?.namespace ?? run.namespace,
      },
      spec: {
        observabilityPlaneRef: resolved.plane.spec?.observabilityPlaneRef,
      },
    },
  };
}
