import type { Cluster } from '../apiserver/cluster';
import { isRecord, type KObject } from '../apiserver/types';
import type { GatewayGeneration } from './proxyPath';

const OC = 'openchoreo.dev/v1alpha1';

/** The gateway's planeType of v1.2.3 workflow planes (`server.go@v1.2.3:33`). */
export const WORKFLOW_PLANE_TYPE = 'workflowplane';

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
  /**
   * `buildplane/{metadata.name}` (v0.7/v0.8), `buildplane/{planeID || metadata.name}` (v0.9+),
   * `workflowplane/{planeID}` (v1.2.3).
   */
  planeIdentifier: string;
  generation: GatewayGeneration;
  /**
   * v1.2.3: the CRs (`{namespace}/{name}`, `/{name}` when cluster-scoped) whose `clientCA` verified
   * the agent's certificate; requests for other CRs answer 403.
   */
  validCRs?: string[];
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
  if (planeIdentifier.startsWith(`${WORKFLOW_PLANE_TYPE}/`))
    return workflowPlaneAgent(control, planeIdentifier);
  const agents = listIfServed(control, 'buildplanes')
    .map(agentOf)
    .filter(
      (agent): agent is ConnectedAgent =>
        agent?.planeIdentifier === planeIdentifier,
    );
  return agents.find(a => a.generation === 'v0.9') ?? agents[0];
}

/** Objects of a kind the control plane may not serve (a `v1` control plane has no BuildPlanes). */
function listIfServed(control: Cluster, plural: string): KObject[] {
  return control.registry.byGroupResource('openchoreo.dev', plural)
    ? control.list(OC, plural)
    : [];
}

/**
 * The agent of `workflowplane/{planeID}` on a v1.2.3 gateway. It may register when some
 * WorkflowPlane (planeID, default its name) or ClusterWorkflowPlane (planeID as written) carries
 * that planeID (`internal/cluster-gateway/plane_client_ca.go@v1.2.3:51-120`); its certificate is
 * then valid for each such CR whose `clientCA` verifies it — in the sandbox one CA signs every
 * agent, so for all of them (`verifyClientCertificatePerCR`, `server.go@v1.2.3:770-880`).
 */
function workflowPlaneAgent(
  control: Cluster,
  planeIdentifier: string,
): ConnectedAgent | undefined {
  const planeID = planeIdentifier.slice(WORKFLOW_PLANE_TYPE.length + 1);
  const idOf = (plane: KObject, fallback: string) => {
    const spec = isRecord(plane.spec) ? plane.spec : {};
    return typeof spec.planeID === 'string' && spec.planeID
      ? spec.planeID
      : fallback;
  };
  const validCRs = [
    ...listIfServed(control, 'workflowplanes')
      .filter(p => idOf(p, p.metadata.name ?? '') === planeID)
      .map(p => `${p.metadata.namespace}/${p.metadata.name}`),
    ...listIfServed(control, 'clusterworkflowplanes')
      .filter(p => idOf(p, '') === planeID)
      .map(p => `/${p.metadata.name}`),
  ];
  return validCRs.length
    ? { planeIdentifier, generation: 'v1', validCRs }
    : undefined;
}
