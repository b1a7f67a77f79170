import type {
  BuildPlane,
  WorkflowPlane,
  BuildPlaneAuthMethod,
  BuildPlaneGeneration,
  BuildPlaneMode,
  BuildPlaneObserverInfo,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  planeIdRefusal,
  skipVerifyRefusal,
  urlRefusal,
  type PlanePolicy,
} from './planePolicy';

/**
 * What a BuildPlane object says about reaching its cluster, decided from the spec alone (no I/O).
 * Holds no secret values: only which fields carry them.
 */
export interface ConnectionPlan {
  generation: BuildPlaneGeneration;
  mode: BuildPlaneMode;
  authMethod: BuildPlaneAuthMethod;
  /** Direct mode: the plane's API server URL. */
  apiServerURL?: string;
  /** Agent mode: the id the gateway routes on (v0.9+ `spec.planeID || metadata.name`, v0.7/v0.8 `metadata.name`). */
  planeID?: string;
  /** Agent mode: how the gateway of the plane's generation addresses it. */
  gatewayRoute?: GatewayRoute;
  observer: BuildPlaneObserverInfo;
  problems: string[];
}

/**
 * How the cluster gateway of the plane's generation addresses it under `/api/proxy/buildplane/`.
 * - `planeName` (v0.7/v0.8 `agent.enabled`): `{metadata.name}/k8s/…`, as those releases' controllers
 *   send it and their agents register (`internal/clients/kubernetes/client.go@v0.7.0:267-279`,
 *   `proxy_client.go@v0.7.0:69`, `proxy_client.go@v0.8.0:69`). Their gateway reads a 6-part path's
 *   namespace as the target and answers 403 (`server.go@v0.7.0:345-372`).
 * - `planeIdAndCr` (v0.9+ `clusterAgent`, `planeID`): `{planeID}/{namespace}/{name}/k8s/…`
 *   (`proxy_client.go@v0.9.0:97`); only the planeID routes, namespace and name are metadata.
 */
export type GatewayRoute =
  | { form: 'planeName'; planeName: string }
  | { form: 'planeIdAndCr'; planeID: string; namespace: string; name: string }
  | {
      /**
       * v1.x WorkflowPlane / ClusterWorkflowPlane: `/api/proxy/workflowplane/{planeID}/{ns}/{name}/k8s/…`
       * with `_cluster` for a cluster-scoped plane (`internal/clients/kubernetes/client.go@v1.2.3:140-190`).
       * Unlike v0.9, the gateway routes on the CR too: an agent not registered for it gets 403
       * "Agent not authorized for CR" (`internal/cluster-gateway/server.go@v1.2.3:530-583`).
       */
      form: 'workflowPlane';
      planeID: string;
      /** Empty for a ClusterWorkflowPlane. */
      namespace: string;
      name: string;
    };

function generationOf(bp: BuildPlane): BuildPlaneGeneration {
  const spec = bp.spec ?? {};
  if (spec.clusterAgent || spec.planeID || spec.secretStoreRef) return 'v0.9+';
  const cluster = spec.kubernetesCluster;
  if (cluster?.credentials) return 'v0.3';
  if (cluster?.server || cluster?.tls || cluster?.auth || spec.agent) {
    return 'v0.4-v0.8';
  }
  if (spec.observabilityPlaneRef) return 'v0.9+';
  return 'unknown';
}

function observabilityPlaneRefName(bp: BuildPlane): string | undefined {
  const ref = bp.spec?.observabilityPlaneRef;
  if (!ref) return undefined;
  return typeof ref === 'string' ? ref : ref.name;
}

function observerInfo(
  bp: BuildPlane,
  observerConfigured:
    | { url?: string; auth: BuildPlaneObserverInfo['authentication'] }
    | undefined,
): BuildPlaneObserverInfo {
  const inline = bp.spec?.observer;
  if (inline?.url) {
    const basic = inline.authentication?.basicAuth;
    return {
      source: 'inline',
      url: inline.url,
      authentication: basic?.username ? 'basic' : 'none',
    };
  }
  const ref = observabilityPlaneRefName(bp);
  if (ref) {
    // The ObservabilityPlane's observerURL is read when the plane is checked (see observerTarget.ts).
    return {
      source: 'observabilityPlane',
      observabilityPlaneRef: ref,
      authentication: observerConfigured?.auth ?? 'none',
    };
  }
  if (observerConfigured?.url) {
    return {
      source: 'config',
      url: observerConfigured.url,
      observabilityPlaneRef: ref,
      authentication: observerConfigured.auth,
    };
  }
  return { source: 'none', observabilityPlaneRef: ref, authentication: 'none' };
}

/**
 * Decides how to reach a BuildPlane. Agent mode wins when the spec enables it (v0.9 `clusterAgent`
 * is agent-only; v0.7/v0.8 `agent.enabled`), because the controllers then ignore direct credentials.
 */
export function planConnection(
  bp: BuildPlane,
  environment: {
    gatewayConfigured: boolean;
    observer?: { url?: string; auth: BuildPlaneObserverInfo['authentication'] };
    /** Default: nothing insecure allowed. */
    policy?: PlanePolicy;
  },
): ConnectionPlan {
  const spec = bp.spec ?? {};
  const cluster = spec.kubernetesCluster;
  const name = bp.metadata?.name ?? '';
  const policy = environment.policy ?? { allowInsecure: false };
  const generation = generationOf(bp);
  const observer = observerInfo(bp, environment.observer);
  const problems: string[] = [];
  const note = (problem: string | undefined) => {
    if (problem) problems.push(problem);
  };
  if (spec.observer?.url)
    note(urlRefusal(spec.observer.url, 'spec.observer.url', policy));
  const base = { generation, observer, problems };

  const agentMode =
    Boolean(spec.clusterAgent) ||
    spec.agent?.enabled === true ||
    (generation === 'v0.9+' && !cluster);
  if (agentMode) {
    if (!environment.gatewayConfigured) {
      problems.push(
        'This plane is reached through the cluster agent, but openchoreo.build.clusterGateway.url is not configured',
      );
    }
    // Only a v0.7/v0.8-shaped plane (agent.enabled, nothing of v0.9) gets the 4-part path.
    const gatewayRoute: GatewayRoute =
      generation === 'v0.9+'
        ? {
            form: 'planeIdAndCr',
            planeID: spec.planeID || name,
            namespace: bp.metadata?.namespace ?? '',
            name,
          }
        : { form: 'planeName', planeName: name };
    const planeID =
      gatewayRoute.form === 'planeName'
        ? gatewayRoute.planeName
        : gatewayRoute.planeID;
    note(planeIdRefusal(planeID));
    return {
      ...base,
      mode: 'agent',
      authMethod: 'gatewayClientCertificate',
      planeID,
      gatewayRoute,
    };
  }
  if (cluster?.credentials) {
    const c = cluster.credentials;
    if (!c.apiServerURL)
      problems.push('spec.kubernetesCluster.credentials.apiServerURL is empty');
    else
      note(
        urlRefusal(
          c.apiServerURL,
          'spec.kubernetesCluster.credentials.apiServerURL',
          policy,
        ),
      );
    const authMethod: BuildPlaneAuthMethod =
      c.clientCert && c.clientKey ? 'clientCertificate' : 'none';
    return {
      ...base,
      mode: 'direct',
      authMethod,
      apiServerURL: c.apiServerURL,
    };
  }
  if (cluster?.server) {
    note(urlRefusal(cluster.server, 'spec.kubernetesCluster.server', policy));
    note(
      skipVerifyRefusal(
        cluster.tls?.insecureSkipVerify,
        'spec.kubernetesCluster.tls.insecureSkipVerify',
        policy,
      ),
    );
    let authMethod: BuildPlaneAuthMethod = 'none';
    if (cluster.auth?.mtls) authMethod = 'clientCertificate';
    else if (cluster.auth?.bearerToken) authMethod = 'bearerToken';
    return {
      ...base,
      mode: 'direct',
      authMethod,
      apiServerURL: cluster.server,
    };
  }
  if (cluster && 'clusterRef' in cluster) {
    // A kubeconfig Secret was once accepted here; it is in no BuildPlane CRD and can run commands.
    problems.push(
      'spec.kubernetesCluster.clusterRef (a kubeconfig Secret) is not an OpenChoreo BuildPlane field and is not supported',
    );
  }
  problems.push(
    'The BuildPlane has neither kubernetesCluster credentials nor an agent configuration',
  );
  return { ...base, mode: 'unconfigured', authMethod: 'none' };
}

/** Which v1.x plane kind an object is: the API answers for both with one shape. */
export type WorkflowPlaneKind = 'WorkflowPlane' | 'ClusterWorkflowPlane';

/**
 * How to reach a v1.x WorkflowPlane / ClusterWorkflowPlane: always through the cluster agent
 * (`clusterAgent` is required in both CRDs at v1.2.3 and the controllers have no direct mode),
 * routed on `spec.planeID || metadata.name` (`client.go@v1.2.3:139-142`).
 */
export function planWorkflowPlaneConnection(
  plane: WorkflowPlane,
  kind: WorkflowPlaneKind,
  environment: {
    gatewayConfigured: boolean;
    observer?: { url?: string; auth: BuildPlaneObserverInfo['authentication'] };
  },
): ConnectionPlan {
  const name = plane.metadata?.name ?? '';
  const planeID = plane.spec?.planeID || name;
  const problems: string[] = [];
  if (!environment.gatewayConfigured) {
    problems.push(
      'This plane is reached through the cluster agent, but openchoreo.build.clusterGateway.url is not configured',
    );
  }
  const refusal = planeIdRefusal(planeID);
  if (refusal) problems.push(refusal);
  const ref = plane.spec?.observabilityPlaneRef?.name;
  const configured = environment.observer;
  let observer: BuildPlaneObserverInfo;
  if (ref) {
    observer = {
      source: 'observabilityPlane',
      observabilityPlaneRef: ref,
      authentication: configured?.auth ?? 'none',
    };
  } else if (configured?.url) {
    observer = {
      source: 'config',
      url: configured.url,
      authentication: configured.auth,
    };
  } else {
    observer = { source: 'none', authentication: 'none' };
  }
  return {
    generation: 'v1',
    mode: 'agent',
    authMethod: 'gatewayClientCertificate',
    planeID,
    gatewayRoute: {
      form: 'workflowPlane',
      planeID,
      namespace:
        kind === 'ClusterWorkflowPlane' ? '' : plane.metadata?.namespace ?? '',
      name,
    },
    observer,
    problems,
  };
}
