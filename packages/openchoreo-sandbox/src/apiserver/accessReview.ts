import {
  authorize,
  PolicyRule,
  RequestAttributes,
  rulesFor,
  UserInfo,
} from './authorization';
import { ApiError, errors, StatusCause } from './errors';
import { apiVersionOf, ResourceDef } from './registry';
import { isRecord } from './types';

/**
 * The self reviews: objects a client creates to learn who it is and what it may do, answered at once and
 * stored nowhere (`kubectl auth can-i`, `kubectl auth can-i --list`, `kubectl auth whoami`).
 */

/** Go's zero `metav1.ObjectMeta` serializes its creation timestamp as `null` (Kubernetes 1.32). */
interface ReviewMeta {
  creationTimestamp: string | null;
}

/** `authorization.k8s.io/v1` ResourceAttributes: what `kubectl auth can-i VERB RESOURCE` asks about. */
interface ReviewResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  fieldSelector?: Record<string, unknown>;
  labelSelector?: Record<string, unknown>;
}

interface ReviewNonResourceAttributes {
  path?: string;
  verb?: string;
}

export interface SelfSubjectAccessReview {
  apiVersion: string;
  kind: 'SelfSubjectAccessReview';
  metadata: ReviewMeta;
  spec: {
    resourceAttributes?: ReviewResourceAttributes;
    nonResourceAttributes?: ReviewNonResourceAttributes;
  };
  status: { allowed: boolean; denied?: boolean; reason?: string };
}

/** `authorization.k8s.io/v1` ResourceRule / NonResourceRule: empty lists are left out (`omitempty`). */
type ReviewRule = Partial<PolicyRule> & { verbs: string[] };

export interface SelfSubjectRulesReview {
  apiVersion: string;
  kind: 'SelfSubjectRulesReview';
  metadata: ReviewMeta;
  spec: { namespace?: string };
  status: {
    resourceRules: ReviewRule[];
    nonResourceRules: ReviewRule[];
    incomplete: boolean;
  };
}

export interface SelfSubjectReview {
  apiVersion: string;
  kind: 'SelfSubjectReview';
  metadata: ReviewMeta;
  status: { userInfo: UserInfo };
}

export type AccessReview =
  | SelfSubjectAccessReview
  | SelfSubjectRulesReview
  | SelfSubjectReview;

const ACCESS_REVIEWS = new Set([
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authentication.k8s.io/selfsubjectreviews',
]);

/** True for the create-only review types (served by {@link createAccessReview}, never stored). */
export function isAccessReview(def: ResourceDef): boolean {
  return ACCESS_REVIEWS.has(`${def.group}/${def.plural}`);
}

type Fields = Record<string, unknown>;

/** A body that cannot be read as the review type: 400, like a failed decode. */
function undecodable(kind: string, problem: string): ApiError {
  return errors.badRequest(
    `${kind} in version "v1" cannot be handled as a ${kind}: ${problem}`,
  );
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

function stringField(
  kind: string,
  fields: Fields,
  key: string,
  path: string,
): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw undecodable(
      kind,
      `${at(path, key)} must be a string, not ${describeType(value)}`,
    );
  return value || undefined;
}

function objectField(
  kind: string,
  fields: Fields,
  key: string,
  path: string,
): Fields | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value))
    throw undecodable(
      kind,
      `${at(path, key)} must be an object, not ${describeType(value)}`,
    );
  return value;
}

/** The body as the review its URL names: an object whose apiVersion and kind, when given, are that type's. */
function reviewBody(def: ResourceDef, version: string, body: unknown): Fields {
  const apiVersion = apiVersionOf(def.group, version);
  if (!isRecord(body))
    throw errors.badRequest(
      `the request body must be a ${
        def.kind
      } object (apiVersion ${apiVersion}), not ${describeType(body)}`,
    );
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersion)
    throw errors.badRequest(
      `the API version in the data (${String(
        body.apiVersion,
      )}) does not match the expected API version (${apiVersion})`,
    );
  if (body.kind !== undefined && body.kind !== def.kind)
    throw errors.badRequest(
      `not a ${def.kind}: the body's kind is ${String(body.kind)}`,
    );
  return body;
}

/** `metadata` must be empty (`ValidateSelfSubjectAccessReview`): only a null timestamp or managed fields. */
function metadataCause(body: Fields): StatusCause | undefined {
  const metadata = body.metadata;
  if (metadata === undefined || metadata === null) return undefined;
  const empty =
    isRecord(metadata) &&
    Object.entries(metadata).every(
      ([key, value]) =>
        value === null || value === undefined || key === 'managedFields',
    );
  if (empty) return undefined;
  return {
    reason: 'FieldValueInvalid',
    field: 'metadata',
    message: `Invalid value: ${JSON.stringify(metadata)}: must be empty`,
  };
}

function resourceAttributes(
  kind: string,
  fields: Fields,
): ReviewResourceAttributes {
  const path = 'spec.resourceAttributes';
  const out: ReviewResourceAttributes = {};
  for (const key of [
    'namespace',
    'verb',
    'group',
    'version',
    'resource',
    'subresource',
    'name',
  ] as const) {
    const value = stringField(kind, fields, key, path);
    if (value !== undefined) out[key] = value;
  }
  for (const key of ['fieldSelector', 'labelSelector'] as const) {
    const value = objectField(kind, fields, key, path);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function nonResourceAttributes(
  kind: string,
  fields: Fields,
): ReviewNonResourceAttributes {
  const path = 'spec.nonResourceAttributes';
  const out: ReviewNonResourceAttributes = {};
  const p = stringField(kind, fields, 'path', path);
  const verb = stringField(kind, fields, 'verb', path);
  if (p !== undefined) out.path = p;
  if (verb !== undefined) out.verb = verb;
  return out;
}

/**
 * `pkg/registry/authorization/selfsubjectaccessreview/rest.go`: validates the spec (exactly one of resource
 * and non-resource attributes; empty metadata, else 422), asks the authorizer as the requesting user and
 * returns the review with `status {allowed, denied, reason}`.
 */
function selfSubjectAccessReview(
  def: ResourceDef,
  version: string,
  body: Fields,
  user: UserInfo,
): SelfSubjectAccessReview {
  const kind = def.kind;
  const spec = objectField(kind, body, 'spec', '') ?? {};
  const resource = objectField(kind, spec, 'resourceAttributes', 'spec');
  const nonResource = objectField(kind, spec, 'nonResourceAttributes', 'spec');
  const causes: StatusCause[] = [];
  const ra = resource && resourceAttributes(kind, resource);
  const nra = nonResource && nonResourceAttributes(kind, nonResource);
  if (ra && nra)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.nonResourceAttributes',
      message: `Invalid value: authorization.NonResourceAttributes{Path:${JSON.stringify(
        nra.path ?? '',
      )}, Verb:${JSON.stringify(
        nra.verb ?? '',
      )}}: cannot be specified in combination with resourceAttributes`,
    });
  if (!ra && !nra)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.resourceAttributes',
      message:
        'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    });
  const metadata = metadataCause(body);
  if (metadata) causes.push(metadata);
  if (causes.length) throw errors.invalid(kind, def.group, '', causes);

  // authorization/util/helpers.go: ResourceAttributesFrom / NonResourceAttributesFrom.
  const attributes: RequestAttributes = ra
    ? {
        verb: ra.verb ?? '',
        group: ra.group ?? '',
        resource: ra.resource ?? '',
        subresource: ra.subresource,
        namespace: ra.namespace,
        name: ra.name,
      }
    : { verb: nra!.verb ?? '', path: nra!.path ?? '' };
  const decision = authorize(user, attributes);
  return {
    apiVersion: apiVersionOf(def.group, version),
    kind: 'SelfSubjectAccessReview',
    metadata: { creationTimestamp: null },
    spec: ra ? { resourceAttributes: ra } : { nonResourceAttributes: nra },
    status: {
      allowed: decision.allowed,
      ...(decision.reason ? { reason: decision.reason } : {}),
    },
  };
}

function reviewRule(rule: PolicyRule): ReviewRule {
  const out: ReviewRule = { verbs: rule.verbs };
  if (rule.apiGroups?.length) out.apiGroups = rule.apiGroups;
  if (rule.resources?.length) out.resources = rule.resources;
  if (rule.resourceNames?.length) out.resourceNames = rule.resourceNames;
  if (rule.nonResourceURLs?.length) out.nonResourceURLs = rule.nonResourceURLs;
  return out;
}

/**
 * `pkg/registry/authorization/selfsubjectrulesreview/rest.go`: a namespace is required (400 `no namespace on
 * request`); the answer is a new object carrying only the status (the spec is not echoed).
 */
function selfSubjectRulesReview(
  def: ResourceDef,
  version: string,
  body: Fields,
  user: UserInfo,
): SelfSubjectRulesReview {
  const spec = objectField(def.kind, body, 'spec', '') ?? {};
  if (!stringField(def.kind, spec, 'namespace', 'spec'))
    throw errors.badRequest('no namespace on request');
  const rules = rulesFor(user);
  return {
    apiVersion: apiVersionOf(def.group, version),
    kind: 'SelfSubjectRulesReview',
    metadata: { creationTimestamp: null },
    spec: {},
    status: {
      resourceRules: rules.resourceRules.map(reviewRule),
      nonResourceRules: rules.nonResourceRules.map(reviewRule),
      incomplete: false,
    },
  };
}

/** `pkg/registry/authentication/selfsubjectreview/rest.go`: the requesting user, stamped with the time. */
function selfSubjectReview(
  def: ResourceDef,
  version: string,
  user: UserInfo,
): SelfSubjectReview {
  const userInfo: UserInfo = { username: user.username, groups: user.groups };
  if (user.uid) userInfo.uid = user.uid;
  if (user.extra && Object.keys(user.extra).length) userInfo.extra = user.extra;
  return {
    apiVersion: apiVersionOf(def.group, version),
    kind: 'SelfSubjectReview',
    metadata: {
      creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    },
    status: { userInfo },
  };
}

/**
 * Answers a POST of one of the self reviews as the requesting user (201 with the object, like a real server).
 * `body` is what the request body decoded to (JSON, YAML or protobuf).
 */
export function createAccessReview(
  def: ResourceDef,
  version: string,
  body: unknown,
  user: UserInfo,
): AccessReview {
  const fields = reviewBody(def, version, body);
  switch (def.plural) {
    case 'selfsubjectaccessreviews':
      return selfSubjectAccessReview(def, version, fields, user);
    case 'selfsubjectrulesreviews':
      return selfSubjectRulesReview(def, version, fields, user);
    case 'selfsubjectreviews':
      return selfSubjectReview(def, version, user);
    default:
      throw errors.pathNotFound();
  }
}
