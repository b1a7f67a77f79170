import {
  isTerminalRunStatus,
  type RunDiagnosis,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { DiagnosisFacts } from '../facts';
import { quote } from '../quote';

/**
 * An agent-mode build plane whose cluster agent is not connected: the control plane reaches such
 * a plane only through the agent (internal/clients/kubernetes/client.go@v0.9.0:130-158), so
 * nothing of the run can start or progress. OpenChoreo records the connection in
 * `BuildPlane.status.agentConnection` from v0.12 (api/v1alpha1/buildplane_types.go@v0.12.0:58,
 * fields in api/v1alpha1/dataplane_types.go@v0.12.0:108-129); before v0.12 there is no such
 * status and this rule stays silent.
 */
export function planeRules(facts: DiagnosisFacts): RunDiagnosis[] {
  const plane = facts.buildPlane;
  const agent = plane?.agentConnection;
  if (
    isTerminalRunStatus(facts.run.status) ||
    plane?.mode !== 'agent' ||
    agent?.connected !== false
  ) {
    return [];
  }
  const since = agent.lastDisconnectedTime ?? agent.lastHeartbeatTime;
  const parts = [
    `BuildPlane ${facts.run.namespace}/${plane.name} is reached through its cluster agent, and status.agentConnection says no agent is connected`,
  ];
  if (since) parts.push(`(last seen ${since})`);
  const message = quote(agent.message);
  return [
    {
      id: 'agent-disconnected',
      severity: 'error',
      title: `The cluster agent of build plane ${plane.name} is not connected`,
      detail: `${parts.join(' ')}${
        message ? `: "${message}"` : ''
      }. Until it reconnects, builds cannot be started or followed.`,
      fix: "Check the cluster-agent pod of the build plane cluster: its logs say why it cannot reach the cluster gateway (gateway address, or a client certificate the BuildPlane's spec.clusterAgent.clientCA does not trust). The run continues once an agent connects.",
    },
  ];
}
