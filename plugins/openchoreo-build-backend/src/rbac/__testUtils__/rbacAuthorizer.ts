import fs from 'node:fs';
import path from 'node:path';
import { loadAllYaml } from '@kubernetes/client-node';
import type { RequestAttributes } from './requestAttributes';

/** An RBAC rule (`rbac.authorization.k8s.io/v1` PolicyRule). */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

/** The manifest objects the authorizer reads; everything else (ServiceAccounts, Secrets) is ignored. */
export interface RbacObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
  rules?: PolicyRule[];
  roleRef?: { apiGroup: string; kind: string; name: string };
  subjects?: Subject[];
}

/**
 * The annotation a RoleBinding carries when it stands for one RoleBinding per OpenChoreo
 * organization: its value is the namespace pattern, `{org}` replaced by each organization
 * (`openchoreo-ci-{org}`). The shipped copy is the one for the organization `default`.
 */
export const PER_ORGANIZATION_ANNOTATION =
  'openchoreo-build.dev/per-organization';

/** Every YAML document of the given files of `dir`. */
export function loadManifests(dir: string, files: string[]): RbacObject[] {
  return files
    .flatMap(file => loadAllYaml(fs.readFileSync(path.join(dir, file), 'utf8')))
    .filter((doc): doc is RbacObject => Boolean(doc));
}

/** The manifests as applied for these organizations: per-organization RoleBindings copied once per organization. */
export function expandPerOrganization(
  objects: RbacObject[],
  organizations: string[],
): RbacObject[] {
  return objects.flatMap(object => {
    const pattern = object.metadata.annotations?.[PER_ORGANIZATION_ANNOTATION];
    if (object.kind !== 'RoleBinding' || !pattern) return [object];
    return organizations.map(org => ({
      ...object,
      metadata: {
        ...object.metadata,
        namespace: pattern.replace('{org}', org),
      },
    }));
  });
}

/** A rule and where it applies: a namespace (RoleBinding) or everywhere (ClusterRoleBinding). */
export interface Grant {
  rule: PolicyRule;
  /** undefined: cluster-wide. */
  namespace?: string;
  /** `<binding kind>/<binding name> -> <role kind>/<role name>`, for messages. */
  via: string;
}

/**
 * Discovery and version paths every authenticated user may read through the default
 * `system:discovery` / `system:public-info-viewer` ClusterRoles (Kubernetes bootstrap policy).
 */
const DEFAULT_NON_RESOURCE = [
  /^\/api(\/v1)?$/,
  /^\/apis(\/[^/]+){0,2}$/,
  /^\/version$/,
  /^\/openapi\//,
];

/** The grants of one subject (a ServiceAccount or User) in a set of applied manifests. */
export function grantsOf(
  objects: RbacObject[],
  subject: {
    kind: 'ServiceAccount' | 'User';
    name: string;
    namespace?: string;
  },
): Grant[] {
  const roles = new Map(
    objects
      .filter(o => o.kind === 'Role' || o.kind === 'ClusterRole')
      .map(o => [
        `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`,
        o,
      ]),
  );
  const boundHere = (s: Subject, bindingNamespace?: string) =>
    s.kind === subject.kind &&
    s.name === subject.name &&
    (subject.kind !== 'ServiceAccount' ||
      (s.namespace ?? bindingNamespace) === subject.namespace);
  return objects.flatMap(binding => {
    if (binding.kind !== 'RoleBinding' && binding.kind !== 'ClusterRoleBinding')
      return [];
    const namespace =
      binding.kind === 'RoleBinding' ? binding.metadata.namespace : undefined;
    if (!binding.subjects?.some(s => boundHere(s, namespace))) return [];
    const ref = binding.roleRef!;
    const role = roles.get(
      `${ref.kind}/${ref.kind === 'Role' ? namespace ?? '' : ''}/${ref.name}`,
    );
    if (!role) {
      throw new Error(
        `${binding.kind} ${binding.metadata.name} refers to ${ref.kind} ${ref.name}, which the manifests do not define`,
      );
    }
    return (role.rules ?? []).map(rule => ({
      rule,
      namespace,
      via: `${binding.kind}/${binding.metadata.name} -> ${ref.kind}/${ref.name}`,
    }));
  });
}

function includes(list: string[] | undefined, value: string): boolean {
  return (list ?? []).includes(value);
}

/** Whether one grant allows one request, as Kubernetes' RBAC authorizer decides it (`rbac.go`, `RuleAllows`). */
export function grantAllows(grant: Grant, request: RequestAttributes): boolean {
  const { rule } = grant;
  if (!includes(rule.verbs, request.verb)) return false;
  if (request.kind === 'nonResource') {
    return includes(rule.nonResourceURLs, request.path);
  }
  if (grant.namespace !== undefined && request.namespace !== grant.namespace)
    return false;
  if (!includes(rule.apiGroups, request.apiGroup)) return false;
  if (!includes(rule.resources, request.resource)) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0) {
    return (
      request.name !== undefined && rule.resourceNames.includes(request.name)
    );
  }
  return true;
}

/** The grant that allows a request, or undefined; discovery is allowed by the cluster's defaults. */
export function allowingGrant(
  grants: Grant[],
  request: RequestAttributes,
): Grant | 'default discovery' | undefined {
  if (
    request.kind === 'nonResource' &&
    request.verb === 'get' &&
    DEFAULT_NON_RESOURCE.some(pattern => pattern.test(request.path))
  ) {
    return 'default discovery';
  }
  return grants.find(grant => grantAllows(grant, request));
}
