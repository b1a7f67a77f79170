/**
 * What a Kubernetes API request asks for, in RBAC's terms: the request attributes the API server's
 * authorizer decides on (`k8s.io/apiserver/pkg/endpoints/request/requestinfo.go`,
 * `RequestInfoFactory.NewRequestInfo`), computed from the method, path and query alone.
 */
export type RequestAttributes =
  | {
      kind: 'resource';
      verb: string;
      /** '' for the core group. */
      apiGroup: string;
      /** The resource, with its subresource when there is one: `pods/log`. */
      resource: string;
      /** Absent for cluster-wide requests and cluster-scoped resources. */
      namespace?: string;
      name?: string;
    }
  | { kind: 'nonResource'; verb: string; path: string };

function isTruthy(value: string | null): boolean {
  return value === 'true' || value === '1';
}

function verbOf(
  method: string,
  hasName: boolean,
  query: URLSearchParams,
): string {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
      if (hasName) return 'get';
      return isTruthy(query.get('watch')) ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** The attributes of one request (`url` is the request target: path and query). */
export function requestAttributes(
  method: string,
  url: string,
): RequestAttributes {
  const parsed = new URL(url, 'http://cluster');
  const parts = parsed.pathname.split('/').filter(Boolean);
  // `/api/v1/...` (core) or `/apis/<group>/<version>/...`; anything else is a non-resource path.
  const PREFIX_LENGTHS: Record<string, number> = { api: 2, apis: 3 };
  const prefixLength = PREFIX_LENGTHS[parts[0]] ?? Infinity;
  // Discovery (`/api`, `/apis/<group>/<version>`), `/version`, `/openapi/...`: non-resource URLs.
  if (parts.length <= prefixLength) {
    return {
      kind: 'nonResource',
      verb: method.toLowerCase(),
      path: parsed.pathname,
    };
  }
  const apiGroup = parts[0] === 'api' ? '' : decodeURIComponent(parts[1]);
  let rest = parts.slice(prefixLength).map(decodeURIComponent);
  let namespace: string | undefined;
  // `namespaces/<ns>/<resource>...` is a namespaced request; `namespaces/<ns>` alone is the
  // Namespace object itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  return {
    kind: 'resource',
    verb: verbOf(method, name !== undefined, parsed.searchParams),
    apiGroup,
    resource: subresource ? `${resource}/${subresource}` : resource,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}

/** One line for messages: `list argoproj.io/workflows in openchoreo-ci-acme`. */
export function describeAttributes(attributes: RequestAttributes): string {
  if (attributes.kind === 'nonResource')
    return `${attributes.verb} ${attributes.path}`;
  const group = attributes.apiGroup === '' ? 'core' : attributes.apiGroup;
  const where = attributes.namespace
    ? ` in ${attributes.namespace}`
    : ' (cluster-wide)';
  const name = attributes.name ? ` ${attributes.name}` : '';
  return `${attributes.verb} ${group}/${attributes.resource}${name}${where}`;
}
