import { ALL_VERBS, apiVersionOf, Registry, ResourceDef } from './registry';
import type { JsonObject, Json } from './types';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0+openchoreo-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string): JsonObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(
  registry: Registry,
  name: string,
  versions: string[],
): JsonObject {
  const preferred = registry.preferredVersion(name) ?? versions[0];
  return {
    name,
    versions: versions.map(v => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: {
      groupVersion: `${name}/${preferred}`,
      version: preferred,
    },
  };
}

export function apiGroupList(registry: Registry): JsonObject {
  const groups = [...registry.groups().entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, versions]) => groupEntry(registry, name, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroup(
  registry: Registry,
  group: string,
): JsonObject | undefined {
  const versions = registry.groups().get(group);
  if (!versions) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    ...groupEntry(registry, group, versions),
  };
}

export function apiResourceList(
  registry: Registry,
  group: string,
  version: string,
): JsonObject | undefined {
  const defs = registry
    .all()
    .filter(d => d.group === group && d.versions.some(v => v.name === version));
  if (!defs.length) return undefined;
  const resources: Json[] = [];
  for (const d of defs.sort((a, b) => a.plural.localeCompare(b.plural))) {
    const entry: JsonObject = {
      name: d.plural,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: d.verbs ?? ALL_VERBS,
    };
    if (d.shortNames.length) entry.shortNames = d.shortNames;
    if (d.categories.length) entry.categories = d.categories;
    resources.push(entry);
    if (d.statusSubresource) {
      resources.push({
        name: `${d.plural}/status`,
        singularName: '',
        namespaced: d.namespaced,
        kind: d.kind,
        verbs: ['get', 'patch', 'update'],
      });
    }
    if (d.logSubresource) {
      resources.push({
        name: `${d.plural}/log`,
        singularName: '',
        namespaced: d.namespaced,
        kind: d.kind,
        verbs: ['get'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(group, version),
    resources,
  };
}

/** All group-versions served, as OpenAPI v3 discovery path keys (`api/v1`, `apis/g/v`). */
export function openApiV3Paths(registry: Registry, hash: string): JsonObject {
  const paths: JsonObject = {
    'api/v1': { serverRelativeURL: `/openapi/v3/api/v1?hash=${hash}` },
  };
  for (const [group, versions] of registry.groups()) {
    for (const v of versions) {
      paths[`apis/${group}/${v}`] = {
        serverRelativeURL: `/openapi/v3/apis/${group}/${v}?hash=${hash}`,
      };
    }
  }
  return { paths };
}

const QUERY_PARAMS: Json[] = [
  'dryRun',
  'fieldManager',
  'fieldValidation',
  'pretty',
].map(name => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true },
}));

function operation(
  def: ResourceDef,
  version: string,
  action: string,
  withParams: boolean,
): JsonObject {
  return {
    operationId: `${action}${def.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': {
      group: def.group,
      version,
      kind: def.kind,
    },
    parameters: withParams ? QUERY_PARAMS : [],
    responses: { '200': { description: 'OK' } },
  };
}

/**
 * A per group-version OpenAPI v3 document. It lists operations with their
 * group-version-kind and the `fieldValidation` parameter: that is what kubectl
 * checks to decide that the server validates objects itself, so kubectl
 * `apply` works without `--validate=false` and without full schemas.
 */
export function openApiV3Document(
  registry: Registry,
  group: string,
  version: string,
): JsonObject | undefined {
  const defs = registry
    .all()
    .filter(d => d.group === group && d.versions.some(v => v.name === version));
  if (!defs.length && !(group === '' && version === 'v1')) return undefined;
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const paths: JsonObject = {};
  const schemas: JsonObject = {};
  for (const d of defs) {
    const base = d.namespaced
      ? `${prefix}/namespaces/{namespace}/${d.plural}`
      : `${prefix}/${d.plural}`;
    // A create-only type (the access reviews) has only `post` on its collection, and no object path.
    const served = new Set(d.verbs ?? ALL_VERBS);
    const collection: JsonObject = {};
    if (served.has('list'))
      collection.get = operation(d, version, 'list', false);
    if (served.has('create'))
      collection.post = operation(d, version, 'post', true);
    paths[base] = collection;
    if (served.has('get')) {
      paths[`${base}/{name}`] = {
        get: operation(d, version, 'get', false),
        put: operation(d, version, 'put', true),
        patch: operation(d, version, 'patch', true),
        delete: operation(d, version, 'delete', true),
      };
    }
    if (d.statusSubresource) {
      paths[`${base}/{name}/status`] = {
        get: operation(d, version, 'get', false),
        put: operation(d, version, 'put', true),
        patch: operation(d, version, 'patch', true),
      };
    }
    const v = d.versions.find(x => x.name === version);
    const schemaName = `${group || 'io.k8s.api.core'}.${version}.${d.kind}`;
    schemas[schemaName] = {
      ...(v?.schema
        ? (JSON.parse(JSON.stringify(v.schema)) as JsonObject)
        : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
      'x-kubernetes-group-version-kind': [
        { group: d.group, version, kind: d.kind },
      ],
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths,
    components: { schemas },
  };
}

/** A minimal Swagger 2.0 document (JSON form). */
export function openApiV2Json(): JsonObject {
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths: {},
    definitions: {},
  };
}

// Protobuf wire format helpers: only length-delimited string/message fields are needed.
function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

function field(num: number, payload: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from([...varint((num << 3) | 2), ...varint(payload.length)]),
    payload,
  ]);
}

/**
 * The same minimal Swagger document encoded as gnostic's `openapi.v2.Document`
 * protobuf (swagger = 1, info = 2 {title = 1, version = 2}, paths = 8): kubectl
 * (including 1.20) only fetches `/openapi/v2` in that encoding. With no
 * definitions, client-side validation has nothing to reject.
 */
export function openApiV2Protobuf(): Buffer {
  const info = Buffer.concat([
    field(1, Buffer.from('Kubernetes')),
    field(2, Buffer.from(SERVER_VERSION.gitVersion)),
  ]);
  return Buffer.concat([
    field(1, Buffer.from('2.0')),
    field(2, info),
    field(8, Buffer.alloc(0)),
  ]);
}
