import type { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import {
  AGENT_CLUSTER_ROLE,
  AGENT_CLUSTER_ROLE_RULES,
  AGENT_SERVICE_ACCOUNT,
} from './agentRbac';
import { ApiError } from './errors';

/**
 * Who made a request, as the API server's authenticators report it (and `kubectl auth whoami` prints it):
 * `k8s.io/apiserver/pkg/authentication/user.Info`.
 */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** An RBAC rule (`rbac.authorization.k8s.io/v1` PolicyRule): resource rules or non-resource URL rules. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** What a request does to a resource (`authorizer.Attributes` of a resource request). */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** What a request does to a path outside the resource API (`/version`, `/apis`, `/openapi/v3`…). */
export interface NonResourceAttributes {
  verb: string;
  path: string;
}

export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

/** An authorizer's answer: `reason` says which binding allowed it (empty when nothing did). */
export interface Decision {
  allowed: boolean;
  reason: string;
}

/** The rules that apply to a user, as a SelfSubjectRulesReview lists them. */
export interface UserRules {
  resourceRules: PolicyRule[];
  nonResourceRules: PolicyRule[];
}

// k8s.io/apiserver/pkg/authentication/user/user.go: the groups authenticators and authorizers know by name.
const SYSTEM_MASTERS = 'system:masters';
const ALL_AUTHENTICATED = 'system:authenticated';
const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';

/** Every authenticated user also gets `system:authenticated` (`group/authenticated_group_adder.go`). */
function authenticated(username: string, groups: string[]): UserInfo {
  return {
    username,
    groups: groups.includes(ALL_AUTHENTICATED)
      ? groups
      : [...groups, ALL_AUTHENTICATED],
  };
}

/** The admin token's user: a member of `system:masters`, which every kube-apiserver lets do anything. */
export const ADMIN_USER = authenticated('sandbox-admin', [SYSTEM_MASTERS]);

/** The read-only token's user: bound to the sandbox's read-only ClusterRole below. */
export const VIEWER_USER = authenticated('sandbox-viewer', []);

/**
 * A ServiceAccount token's user (`k8s.io/apiserver/pkg/authentication/serviceaccount/util.go`: `UserInfo`,
 * `MakeGroupNames`).
 */
function serviceAccountUser(namespace: string, name: string): UserInfo {
  return authenticated(`system:serviceaccount:${namespace}:${name}`, [
    ALL_SERVICE_ACCOUNTS,
    `${ALL_SERVICE_ACCOUNTS}:${namespace}`,
  ]);
}

/** The build plane's cluster agent (its ServiceAccount token). */
export const AGENT_USER = serviceAccountUser(
  AGENT_SERVICE_ACCOUNT.namespace,
  AGENT_SERVICE_ACCOUNT.name,
);

/**
 * A verified client certificate's user: the subject's CN is the user name and its O values are the groups
 * (`k8s.io/apiserver/pkg/authentication/request/x509/x509.go`, `CommonNameUserConversion`); no CN, no user.
 */
export function clientCertificateUser(
  cert: X509Certificate,
): UserInfo | undefined {
  let subject: forge.pki.Certificate['subject'];
  try {
    subject = forge.pki.certificateFromPem(cert.toString()).subject;
  } catch {
    return undefined;
  }
  const values = (shortName: string) =>
    subject.attributes
      .filter(a => a.shortName === shortName && typeof a.value === 'string')
      .map(a => a.value as string);
  const [commonName] = values('CN');
  if (!commonName) return undefined;
  return authenticated(commonName, values('O'));
}

interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

interface ClusterRoleBinding {
  name: string;
  roleName: string;
  subjects: Subject[];
}

const ALL = ['*'];

/**
 * The ClusterRoles a sandbox cluster has. The defaults every user is bound to come from
 * `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go` (Kubernetes 1.32): discovery, the self reviews
 * of `system:basic-user`, the public health and version paths.
 */
const CLUSTER_ROLES: Record<string, PolicyRule[]> = {
  'cluster-admin': [
    { verbs: ALL, apiGroups: ALL, resources: ALL },
    { verbs: ALL, nonResourceURLs: ALL },
  ],
  'system:basic-user': [
    {
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    },
    {
      verbs: ['create'],
      apiGroups: ['authentication.k8s.io'],
      resources: ['selfsubjectreviews'],
    },
  ],
  'system:discovery': [
    {
      verbs: ['get'],
      nonResourceURLs: [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
    },
  ],
  'system:public-info-viewer': [
    {
      verbs: ['get'],
      nonResourceURLs: [
        '/healthz',
        '/livez',
        '/readyz',
        '/version',
        '/version/',
      ],
    },
  ],
  // The sandbox's read-only token: every type, read verbs only (a real `view` role would leave out Secrets).
  'sandbox-viewer': [
    { verbs: ['get', 'list', 'watch'], apiGroups: ALL, resources: ALL },
  ],
  [AGENT_CLUSTER_ROLE]: AGENT_CLUSTER_ROLE_RULES,
};

const CLUSTER_ROLE_BINDINGS: ClusterRoleBinding[] = [
  {
    name: 'cluster-admin',
    roleName: 'cluster-admin',
    subjects: [{ kind: 'Group', name: SYSTEM_MASTERS }],
  },
  {
    name: 'system:basic-user',
    roleName: 'system:basic-user',
    subjects: [{ kind: 'Group', name: ALL_AUTHENTICATED }],
  },
  {
    name: 'system:discovery',
    roleName: 'system:discovery',
    subjects: [{ kind: 'Group', name: ALL_AUTHENTICATED }],
  },
  {
    name: 'system:public-info-viewer',
    roleName: 'system:public-info-viewer',
    subjects: [{ kind: 'Group', name: ALL_AUTHENTICATED }],
  },
  {
    name: 'sandbox-viewer',
    roleName: 'sandbox-viewer',
    subjects: [{ kind: 'User', name: VIEWER_USER.username }],
  },
  // install/helm/openchoreo-build-plane/templates/cluster-agent/clusterrolebinding.yaml@v0.9.0
  {
    name: AGENT_CLUSTER_ROLE,
    roleName: AGENT_CLUSTER_ROLE,
    subjects: [{ kind: 'ServiceAccount', ...AGENT_SERVICE_ACCOUNT }],
  },
];

/** `pkg/registry/rbac/validation/rule.go`: `appliesToUser`. */
function appliesTo(user: UserInfo, subject: Subject): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    default:
      return (
        user.username ===
        `system:serviceaccount:${subject.namespace}:${subject.name}`
      );
  }
}

/** `rule.go`: `describeSubject` and `clusterRoleBindingDescriber`, the text of an RBAC allow reason. */
function describe(binding: ClusterRoleBinding, subject: Subject): string {
  const who =
    subject.kind === 'ServiceAccount'
      ? `${subject.name}/${subject.namespace}`
      : subject.name;
  return `ClusterRoleBinding "${binding.name}" of ClusterRole "${binding.roleName}" to ${subject.kind} "${who}"`;
}

/** The bindings that apply to a user, each with the first subject that matched (`VisitRulesFor`). */
function bindingsFor(
  user: UserInfo,
): Array<{ binding: ClusterRoleBinding; subject: Subject }> {
  const out = [];
  for (const binding of CLUSTER_ROLE_BINDINGS) {
    const subject = binding.subjects.find(s => appliesTo(user, s));
    if (subject) out.push({ binding, subject });
  }
  return out;
}

function isResourceRequest(
  attributes: RequestAttributes,
): attributes is ResourceAttributes {
  return 'resource' in attributes;
}

const has = (list: string[] | undefined, value: string) =>
  !!list && (list.includes('*') || list.includes(value));

/** `pkg/apis/rbac/v1/evaluation_helpers.go`: `ResourceMatches`, including `*\/subresource` rules. */
function resourceMatches(rule: PolicyRule, a: ResourceAttributes): boolean {
  const combined = a.subresource
    ? `${a.resource}/${a.subresource}`
    : a.resource;
  return (rule.resources ?? []).some(
    r =>
      r === '*' ||
      r === combined ||
      (!!a.subresource && r === `*/${a.subresource}`),
  );
}

/** `NonResourceURLMatches`: `*`, the exact path, or a prefix ending in `*`. */
function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    u =>
      u === '*' ||
      u === path ||
      (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
  );
}

/** `plugin/pkg/auth/authorizer/rbac/rbac.go`: `RuleAllows`. */
function ruleAllows(attributes: RequestAttributes, rule: PolicyRule): boolean {
  if (!has(rule.verbs, attributes.verb)) return false;
  if (!isResourceRequest(attributes))
    return nonResourceURLMatches(rule, attributes.path);
  return (
    has(rule.apiGroups, attributes.group) &&
    resourceMatches(rule, attributes) &&
    (!rule.resourceNames?.length ||
      rule.resourceNames.includes(attributes.name ?? ''))
  );
}

/**
 * The one authorizer of the sandbox API servers, in kube-apiserver's order: members of `system:masters` are
 * allowed everything without a reason (`authorizerfactory/builtin.go`, `privilegedGroupAuthorizer`), then RBAC
 * over the ClusterRoleBindings above; RBAC never denies, it only has no opinion (`rbac.go`: `Authorize`).
 */
export function authorize(
  user: UserInfo,
  attributes: RequestAttributes,
): Decision {
  if (user.groups.includes(SYSTEM_MASTERS))
    return { allowed: true, reason: '' };
  for (const { binding, subject } of bindingsFor(user)) {
    if (CLUSTER_ROLES[binding.roleName].some(r => ruleAllows(attributes, r)))
      return {
        allowed: true,
        reason: `RBAC: allowed by ${describe(binding, subject)}`,
      };
  }
  return { allowed: false, reason: '' };
}

/**
 * Every rule bound to the user, split as `rbac.go`'s `RulesFor` does (a rule with resources is a resource rule,
 * one with URLs a non-resource rule). The sandbox has ClusterRoleBindings only, so the namespace changes nothing.
 */
export function rulesFor(user: UserInfo): UserRules {
  const rules = bindingsFor(user).flatMap(
    ({ binding }) => CLUSTER_ROLES[binding.roleName],
  );
  return {
    resourceRules: rules.filter(r => r.resources?.length),
    nonResourceRules: rules.filter(r => r.nonResourceURLs?.length),
  };
}

/**
 * The 403 a refused request gets: `endpoints/handlers/responsewriters/errors.go` (`forbiddenMessage`) inside
 * `apimachinery/pkg/api/errors.NewForbidden`, e.g. `events is forbidden: User "…" cannot list resource "events" in
 * API group "" in the namespace "ns"`, `pods "p" is forbidden: … "pods/log" …`, `forbidden: User "…" cannot post
 * path "/version"`.
 */
export function forbidden(
  user: UserInfo,
  attributes: RequestAttributes,
): ApiError {
  const who = `User "${user.username}"`;
  if (!isResourceRequest(attributes))
    return new ApiError(
      403,
      'Forbidden',
      `forbidden: ${who} cannot ${attributes.verb} path "${attributes.path}"`,
      {},
    );
  const { verb, group, resource, subresource, namespace, name } = attributes;
  const combined = subresource ? `${resource}/${subresource}` : resource;
  const scope = namespace
    ? `in the namespace "${namespace}"`
    : 'at the cluster scope';
  const qualified = group ? `${resource}.${group}` : resource;
  return new ApiError(
    403,
    'Forbidden',
    `${qualified}${
      name ? ` "${name}"` : ''
    } is forbidden: ${who} cannot ${verb} resource "${combined}" in API group "${group}" ${scope}`,
    { group, kind: resource, ...(name ? { name } : {}) },
  );
}
