/**
 * How each generation of OpenChoreo's cluster gateway reads `/api/proxy/…`. The sandbox serves
 * every plane the way the gateway of its generation does, so a portal that sends a plane the
 * other generation's path fails here as it would against a real installation.
 */

/**
 * - `v0.7`: v0.7.0 and v0.8.0 — `/api/proxy/{planeType}/{planeName}/{target}/{path…}`, read with
 *   `strings.SplitN(path, "/", 4)` (`internal/cluster-gateway/server.go@v0.7.0:337-361`,
 *   `@v0.8.0:338-362`); the controllers send `buildplane/{metadata.name}`
 *   (`internal/clients/kubernetes/client.go@v0.7.0:267-279`, `proxy_client.go@v0.7.0:69`,
 *   `proxy_client.go@v0.8.0:69`).
 * - `v0.9`: v0.9.0 on — `/api/proxy/{planeType}/{planeID}/{crNamespace}/{crName}/{target}/{path…}`
 *   (`server.go@v0.9.0:358-392`, `proxy_client.go@v0.9.0:97`); the CR namespace and name are
 *   metadata only, routing uses `planeType/planeID`.
 * - `v1`: v1.2.3 — the same six parts (`internal/cluster-gateway/server.go@v1.2.3:481-506`), with
 *   planeType `workflowplane` for build planes; the CR namespace `_cluster` stands for a
 *   cluster-scoped CR (`server.go@v1.2.3:35,531-536`) and the agent must be authorized for the CR
 *   `{crNamespace}/{crName}` (`server.go@v1.2.3:574-584`).
 */
export type GatewayGeneration = 'v0.7' | 'v0.9' | 'v1';

export const PROXY_PREFIX = '/api/proxy/';

/** A proxy path as the gateway of one generation reads it. */
export interface ProxyRoute {
  /** What the agent registered as and requests are routed on: `{planeType}/{planeName|planeID}`. */
  planeIdentifier: string;
  target: string;
  /** The path sent to the target, always starting with `/`. */
  targetPath: string;
  /**
   * Six-part paths: the CR the request is for, `{crNamespace}/{crName}`, with `_cluster` read as
   * the empty namespace of a cluster-scoped CR (`server.go@v1.2.3:531-536`).
   */
  crKey?: string;
}

/** The CR namespace placeholder of cluster-scoped planes (`server.go@v1.2.3:35`). */
export const CLUSTER_CR_NAMESPACE = '_cluster';

/** Each generation's answer to a path with too few parts (HTTP 400). */
const FORMAT_ERRORS: Record<GatewayGeneration, string> = {
  'v0.7':
    'invalid proxy URL format: /api/proxy/{planeType}/{planeName}/{target}/{path}',
  'v0.9':
    'invalid proxy URL format: /api/proxy/{planeType}/{planeID}/{namespace}/{crName}/{target}/{path}',
  v1: 'invalid proxy URL format: /api/proxy/{planeType}/{planeID}/{namespace}/{crName}/{target}/{path}',
};

/**
 * `{planeType}/{second part}` of a decoded path under `/api/proxy/`: in both generations the agent
 * the request is meant for, so the sandbox can tell which generation serves it before reading the
 * rest.
 */
export function addressedPlane(decodedPath: string): string {
  const [planeType = '', plane = ''] = decodedPath
    .slice(PROXY_PREFIX.length)
    .split('/');
  return `${planeType}/${plane}`;
}

/** Reads a decoded path under `/api/proxy/` like the gateway of `generation`; a string is its 400 text. */
export function parseProxyPath(
  decodedPath: string,
  generation: GatewayGeneration,
): ProxyRoute | string {
  const rest = decodedPath.slice(PROXY_PREFIX.length);
  const parts = rest.split('/');
  if (generation === 'v0.7') {
    // SplitN(path, "/", 4): the fourth part keeps its slashes.
    if (parts.length < 4) return FORMAT_ERRORS[generation];
    return {
      planeIdentifier: `${parts[0]}/${parts[1]}`,
      target: parts[2],
      targetPath: `/${parts.slice(3).join('/')}`,
    };
  }
  if (parts.length < 6) return FORMAT_ERRORS[generation];
  const crNamespace = parts[2] === CLUSTER_CR_NAMESPACE ? '' : parts[2];
  return {
    planeIdentifier: `${parts[0]}/${parts[1]}`,
    target: parts[4],
    targetPath: `/${parts.slice(5).join('/')}`,
    crKey: `${crNamespace}/${parts[3]}`,
  };
}
