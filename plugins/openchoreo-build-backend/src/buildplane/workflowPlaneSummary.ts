import type {
  BuildPlane,
  BuildPlaneSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { toConditions } from '../runs/runModel';
import type { ResolvedWorkflowPlane } from './BuildPlaneRegistry';
import { DESCRIPTION, DISPLAY_NAME, healthOf } from './planeHealth';
import type { ConnectionPlan } from './connectionPlan';
import {
  DEFAULT_WORKFLOW_PLANE_NAME,
  workflowPlaneCandidates,
} from './workflowPlaneRef';

/**
 * The plane an org's runs use when their workflow names none: WorkflowPlane `default` of the org,
 * else ClusterWorkflowPlane `default` (`getDefaultWorkflowPlane`, `reference.go@v1.2.3`). Every
 * sample workflow names ClusterWorkflowPlane `default` explicitly, so this is also the usual plane.
 */
export function activeWorkflowPlane(
  planes: ResolvedWorkflowPlane[],
): ResolvedWorkflowPlane | undefined {
  for (const candidate of workflowPlaneCandidates(undefined, undefined)) {
    const found = planes.find(
      p =>
        p.kind === candidate.kind && p.plane.metadata?.name === candidate.name,
    );
    if (found) return found;
  }
  return undefined;
}

/**
 * A v1.x plane as the observer resolver reads a BuildPlane: the `observabilityPlaneRef` with the
 * CRDs' default (ObservabilityPlane `default` in the plane's namespace; a ClusterWorkflowPlane may
 * only name a ClusterObservabilityPlane — `clusterworkflowplane_types.go@v1.2.3`).
 */
export function observerView(
  resolved: ResolvedWorkflowPlane,
  namespace: string,
): BuildPlane {
  const { plane, kind } = resolved;
  const ref = plane.spec?.observabilityPlaneRef;
  const cluster = kind === 'ClusterWorkflowPlane';
  return {
    metadata: {
      name: plane.metadata?.name,
      namespace: cluster ? namespace : plane.metadata?.namespace,
    },
    spec: {
      observabilityPlaneRef: {
        kind:
          cluster || ref?.kind === 'ClusterObservabilityPlane'
            ? 'ClusterObservabilityPlane'
            : 'ObservabilityPlane',
        name: ref?.name || DEFAULT_WORKFLOW_PLANE_NAME,
      },
    },
  };
}

/** `GET /buildplanes` entry of a WorkflowPlane / ClusterWorkflowPlane, listed for `namespace`. */
export function summarizeWorkflowPlane(
  resolved: ResolvedWorkflowPlane,
  options: {
    namespace: string;
    plan: ConnectionPlan;
    active: boolean;
    gatewayConfigured: boolean;
  },
): BuildPlaneSummary {
  const { plane, kind } = resolved;
  const { plan } = options;
  const annotations = plane.metadata?.annotations ?? {};
  const agent = plane.status?.agentConnection;
  return {
    namespace: options.namespace,
    name: plane.metadata?.name ?? '',
    kind,
    displayName: annotations[DISPLAY_NAME],
    description: annotations[DESCRIPTION],
    createdAt: plane.metadata?.creationTimestamp,
    generation: 'v1',
    mode: plan.mode,
    authMethod: plan.authMethod,
    agent: {
      planeID: plan.planeID ?? plane.metadata?.name ?? '',
      gatewayConfigured: options.gatewayConfigured,
      connected: agent?.connected,
      connectedAgents: agent?.connectedAgents,
      lastHeartbeatTime: agent?.lastHeartbeatTime,
    },
    observer: plan.observer,
    // The gateway tunnels buffered requests only (501 on watch and log follow).
    capabilities: { watch: false, followLogs: false },
    active: options.active,
    health: healthOf(plane, plan),
    conditions: toConditions(plane.status?.conditions),
    problems: plan.problems,
  };
}
