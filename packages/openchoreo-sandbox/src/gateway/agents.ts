import type { Cluster } from '../apiserver/cluster';
import { isRecord, type KObject } from '../apiserver/types';
import type { GatewayGeneration } from './proxyPath';

/** The fields of a BuildPlane that decide whether an agent serves it, and of which generation. */
interface AgentPlaneSpec {
  /** v0.7/v0.8: `agent: {enabled, clientCA}`. */
  agent?: { enabled?: boolean };
  /** v0.9+: `clusterAgent: {clientCA}`, always agent mode. */
  clusterAgent?: object;
  /** v0.9+: the id the agent registers with; defaults to the plane's name. */
  planeID?: string;
}

/** An agent connected to the gateway: what it registered as and which generation it speaks. */
export interface ConnectedAgent {
  /** `buildplane/{metadata.name}` (v0.7/v0.8) or `buildplane/{planeID || metadata.name}` (v0.9+). */
  planeIdentifier: string;
  generation: GatewayGeneration;
}

function agentSpecOf(plane: KObject): AgentPlaneSpec {
  const spec = isRecord(plane.spec) ? plane.spec : {};
  return {
    agent: isRecord(spec.agent)
      ? { enabled: spec.agent.enabled === true }
      : undefined,
    clusterAgent: isRecord(spec.clusterAgent) ? spec.clusterAgent : undefined,
    planeID: typeof spec.planeID === 'string' ? spec.planeID : undefined,
  };
}

/**
 * The agent a BuildPlane's cluster runs, if it is an agent-mode plane. A v0.9 agent registers as
 * `{planeType}/{planeID}` (`internal/cluster-gateway/server.go@v0.9.0:203-246`); a v0.7 agent as
 * `{planeType}/{planeName}`, the CR's name (`server.go@v0.7.0:194-250`).
 */
export function agentOf(plane: KObject): ConnectedAgent | undefined {
  const spec = agentSpecOf(plane);
  const name = plane.metadata.name ?? '';
  if (spec.clusterAgent) {
    return {
      planeIdentifier: `buildplane/${spec.planeID || name}`,
      generation: 'v0.9',
    };
  }
  if (spec.agent?.enabled) {
    return { planeIdentifier: `buildplane/${name}`, generation: 'v0.7' };
  }
  return undefined;
}

/**
 * The agent registered as `planeIdentifier`, if any. In the sandbox every agent-mode BuildPlane on
 * the control plane has its agent connected (a real agent can only connect while a CR names it:
 * the gateway checks its certificate against the CRs' `clientCA`); a plane that is not there has
 * none, and the gateway answers 502 "no agents found". Should a v0.7 plane's name equal a v0.9
 * planeID, the v0.9 agent wins: v0.9 is the generation the portal targets.
 */
export function connectedAgent(
  control: Cluster,
  planeIdentifier: string,
): ConnectedAgent | undefined {
  const agents = control
    .list('openchoreo.dev/v1alpha1', 'buildplanes')
    .map(agentOf)
    .filter(
      (agent): agent is ConnectedAgent =>
        agent?.planeIdentifier === planeIdentifier,
    );
  return agents.find(a => a.generation === 'v0.9') ?? agents[0];
}
