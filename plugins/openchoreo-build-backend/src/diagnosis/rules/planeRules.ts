import {
  isTerminalRunStatus,
  type RunDiagnosis,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { DiagnosisFacts, PlaneFacts, PlaneRef } from '../facts';
import { quote } from '../quote';
import {
  planeGetCommand,
  planeLabel,
  planeNoun,
  planeRefOf,
} from './planeText';

function agentFix(plane: PlaneRef): string {
  if (plane.kind === 'BuildPlane')
    return "Check the cluster-agent pod of the build plane cluster: its logs say why it cannot reach the cluster gateway (gateway address, or a client certificate the BuildPlane's spec.clusterAgent.clientCA does not trust). The run continues once an agent connects.";
  return `Check the cluster-agent pod of the ${planeNoun(
    plane.kind,
  )} cluster: its logs say why it cannot reach the cluster gateway (gateway address, or a client certificate the ${
    plane.kind
  }'s spec.clusterAgent.clientCA does not trust); ${planeGetCommand(
    plane,
  )} shows its status.agentConnection. The run continues once an agent connects.`;
}

/** True when the plane is reached through its cluster agent and none is connected. */
export function isAgentDisconnected(plane: PlaneFacts | undefined): boolean {
  return plane?.mode === 'agent' && plane.agentConnection?.connected === false;
}

/**
 * An agent-mode build plane whose cluster agent is not connected: the control plane reaches such
 * a plane only through the agent (internal/clients/kubernetes/client.go@v0.9.0:130-158), so
 * nothing of the run can start or progress. OpenChoreo records the connection in
 * `BuildPlane.status.agentConnection` from v0.12 (api/v1alpha1/buildplane_types.go@v0.12.0:58,
 * fields in api/v1alpha1/dataplane_types.go@v0.12.0:108-129); before v0.12 there is no such
 * status and this rule stays silent. v1 planes (WorkflowPlane, ClusterWorkflowPlane) are always
 * reached through their agent and carry the same status (api/v1alpha1/workflowplane_types.go@v1.2.3:57-59).
 */
export function planeRules(facts: DiagnosisFacts): RunDiagnosis[] {
  const plane = facts.plane;
  const agent = plane?.agentConnection;
  if (
    isTerminalRunStatus(facts.run.status) ||
    !plane?.exists ||
    !agent ||
    !isAgentDisconnected(plane)
  ) {
    return [];
  }
  const ref = planeRefOf(plane, facts.run.namespace);
  const since = agent.lastDisconnectedTime ?? agent.lastHeartbeatTime;
  const parts = [
    `${planeLabel(
      ref,
    )} is reached through its cluster agent, and status.agentConnection says no agent is connected`,
  ];
  if (since) parts.push(`(last seen ${since})`);
  const message = quote(agent.message);
  return [
    {
      id: 'agent-disconnected',
      severity: 'error',
      title: `The cluster agent of ${planeNoun(plane.kind)} ${
        ref.name
      } is not connected`,
      detail: `${parts.join(' ')}${
        message ? `: "${message}"` : ''
      }. Until it reconnects, builds cannot be started or followed.`,
      fix: agentFix(ref),
    },
  ];
}
