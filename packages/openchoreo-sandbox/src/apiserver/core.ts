import { randomUUID } from 'node:crypto';
import {
  checkNoNewFinalizers,
  DeleteOptions,
  Deletion,
  isDeleting,
} from './deletion';
import { errors, StatusCause } from './errors';
import {
  jsonPatch,
  mergePatch,
  PATCH_TYPES,
  stripStrategicDirectives,
} from './patch';
import {
  apiVersionOf,
  grKey,
  namespaceVersionKey,
  Registry,
  ResourceDef,
  ResourceVersionDef,
} from './registry';
import { admitSecret } from './secrets';
import { compileLabelSelector, Matcher, parseFieldSelector } from './selectors';
import { Store } from './store';
import { objectKey } from './typeIndex';
import { clone, isRecord, KObject } from './types';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult {
  items: KObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface WriteOptions {
  dryRun?: boolean;
  subresource?: 'status';
}

const NAME_RE =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GENERATE_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(): string {
  let out = '';
  for (let i = 0; i < 5; i++)
    out += GENERATE_CHARS[Math.floor(Math.random() * GENERATE_CHARS.length)];
  return out;
}

/** JSON with object keys sorted, so equal objects compare equal whatever order their keys were written in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    isRecord(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, v[k]]),
        )
      : v,
  );
}

/** Everything but metadata (and status, when it is a subresource) — what `generation` tracks. */
function specPart(obj: KObject, withoutStatus: boolean): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return stableJson(withoutStatus ? rest : { ...rest, status: _s });
}

/** Namespaces are special: their names are DNS labels, they get a phase, and deleting one empties it. */
function isNamespaces(def: ResourceDef): boolean {
  return def.group === '' && def.plural === 'namespaces';
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(raw: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string')
      return parsed;
  } catch {
    // fall through
  }
  throw errors.badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

/**
 * The storage semantics of the Kubernetes API (validation, resourceVersion,
 * generation, status subresource, patches, garbage collection), shared by
 * the HTTP layer and the in-process controllers so both see the same rules.
 */
export class ApiCore {
  /** Per-type adjustments applied to every object before it is validated and stored. */
  readonly mutators = new Map<string, (obj: KObject) => void>();
  /**
   * Sandbox-only: versions (schema, printer columns) that replace a type's own in one namespace,
   * keyed by {@link namespaceVersionKey} (see `Cluster.serveCrdInNamespace`).
   */
  readonly namespaceVersions = new Map<string, ResourceVersionDef>();
  private readonly deletion: Deletion;

  constructor(readonly store: Store, readonly registry: Registry) {
    this.deletion = new Deletion(store, registry);
    this.mutators.set('/secrets', admitSecret);
  }

  /** The version of `def` that replaces the type's own in `namespace`, if one was registered. */
  namespaceVersion(
    def: ResourceDef,
    version: string,
    namespace: string | undefined,
  ): ResourceVersionDef | undefined {
    return namespace
      ? this.namespaceVersions.get(namespaceVersionKey(def, version, namespace))
      : undefined;
  }

  private checkNamespace(
    def: ResourceDef,
    namespace: string | undefined,
  ): void {
    if (!def.namespaced) return;
    if (!namespace)
      throw errors.badRequest(
        `the server requires a namespace for ${def.plural}`,
      );
    if (!this.store.get('/namespaces', undefined, namespace))
      throw errors.notFound('namespaces', '', namespace);
  }

  private validate(def: ResourceDef, version: string, obj: KObject): KObject {
    const causes: StatusCause[] = [];
    const name = obj.metadata.name ?? '';
    const nameRe = isNamespaces(def) ? LABEL_RE : NAME_RE;
    if (!nameRe.test(name) || name.length > 253) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        field: 'metadata.name',
      });
    }
    const v = def.versions.find(x => x.name === version) ?? def.versions[0];
    const compiled = v
      ? this.namespaceVersion(def, v.name, obj.metadata.namespace)?.compiled ??
        v.compiled
      : undefined;
    let result = obj;
    if (compiled) {
      const checked = compiled.check(obj as unknown as Record<string, unknown>);
      causes.push(...checked.causes);
      result = checked.value as unknown as KObject;
    }
    if (causes.length) throw errors.invalid(def.kind, def.group, name, causes);
    return result;
  }

  private normalizeBody(
    def: ResourceDef,
    version: string,
    body: unknown,
  ): KObject {
    if (!isRecord(body))
      throw errors.badRequest('the request body must be a JSON object');
    const obj = clone(body) as KObject;
    const apiVersion = apiVersionOf(def.group, version);
    if (obj.kind !== undefined && obj.kind !== def.kind) {
      throw errors.badRequest(
        `the API version in the data (${String(
          obj.apiVersion,
        )}) does not match the expected API version (${apiVersion}) or kind ${String(
          obj.kind,
        )} is not ${def.kind}`,
      );
    }
    obj.apiVersion = apiVersion;
    obj.kind = def.kind;
    if (!isRecord(obj.metadata)) obj.metadata = {};
    return obj;
  }

  get(def: ResourceDef, namespace: string | undefined, name: string): KObject {
    const obj = this.store.get(
      grKey(def),
      def.namespaced ? namespace : undefined,
      name,
    );
    if (!obj) throw errors.notFound(def.plural, def.group, name);
    return obj;
  }

  find(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
  ): KObject | undefined {
    return this.store.get(
      grKey(def),
      def.namespaced ? namespace : undefined,
      name,
    );
  }

  /** Whether the object exists (cheaper than `find`: no copy). */
  exists(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
  ): boolean {
    return this.store.has(
      grKey(def),
      def.namespaced ? namespace : undefined,
      name,
    );
  }

  /**
   * A list as the API server answers it from etcd (`staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go`,
   * `GetList`): objects in `<namespace>/<name>` key order, from after the continue token's key,
   * at most `limit` of them. `remainingItemCount` is only given when nothing was filtered out
   * ("Only set remainingItemCount if the predicate is empty"; ListMeta's doc: with label or field
   * selectors "the number of remaining items is unknown and the field will be left unset").
   * An equality term of the label selector is answered from the label index.
   */
  list(
    def: ResourceDef,
    namespace: string | undefined,
    opts: ListOptions = {},
  ): ListResult {
    const labels = compileLabelSelector(opts.labelSelector);
    const fields: Matcher = parseFieldSelector(opts.fieldSelector);
    const unfiltered = !opts.labelSelector && !opts.fieldSelector;
    let listRv = this.store.currentRv();
    let start: string | undefined;
    if (opts.continue) {
      const token = decodeContinue(opts.continue);
      if (token.rv < this.store.oldestRv()) {
        throw errors.gone(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results.',
        );
      }
      listRv = token.rv;
      start = token.start || undefined;
    }
    const gr = grKey(def);
    const ns = def.namespaced ? namespace : undefined;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const items: KObject[] = [];
    let more = false;
    for (const obj of this.store.scan(gr, {
      namespace: ns,
      after: start,
      labelEqualities: labels.equalities,
    })) {
      if (!labels.matches(obj) || !fields(obj)) continue;
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push(clone(obj));
    }
    const result: ListResult = { items, resourceVersion: String(listRv) };
    if (!more) return result;
    const last = items[items.length - 1].metadata;
    const lastKey = objectKey(last.namespace, last.name!);
    result.continue = encodeContinue({ rv: listRv, start: lastKey });
    if (unfiltered)
      result.remainingItemCount = this.store.countAfter(gr, ns, lastKey);
    return result;
  }

  create(
    def: ResourceDef,
    version: string,
    namespace: string | undefined,
    body: unknown,
    opts: WriteOptions = {},
  ): KObject {
    let obj = this.normalizeBody(def, version, body);
    const meta = obj.metadata;
    if (def.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = namespace ?? meta.namespace;
    } else {
      delete meta.namespace;
    }
    this.checkNamespace(def, meta.namespace);
    if (!meta.name) {
      if (!meta.generateName) {
        throw errors.invalid(def.kind, def.group, '', [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: name or generateName is required',
            field: 'metadata.name',
          },
        ]);
      }
      do {
        meta.name = `${meta.generateName}${randomSuffix()}`;
      } while (this.exists(def, meta.namespace, meta.name));
    }
    if (this.exists(def, meta.namespace, meta.name))
      throw errors.alreadyExists(def.plural, def.group, meta.name);
    meta.uid = randomUUID();
    // Seeded history keeps its past creationTimestamp; clients never send one that matters.
    meta.creationTimestamp =
      meta.creationTimestamp ??
      new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    meta.generation = 1;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    if (isNamespaces(def)) obj.status = { phase: 'Active' };
    this.mutators.get(grKey(def))?.(obj);
    obj = this.validate(def, version, obj);
    if (opts.dryRun) return obj;
    return this.store.putOwned(grKey(def), obj);
  }

  update(
    def: ResourceDef,
    version: string,
    namespace: string | undefined,
    name: string,
    body: unknown,
    opts: WriteOptions = {},
  ): KObject {
    const incoming = this.normalizeBody(def, version, body);
    if (incoming.metadata.name && incoming.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const existing = this.get(def, namespace, name);
    const sentRv = incoming.metadata.resourceVersion;
    if (sentRv && sentRv !== existing.metadata.resourceVersion)
      throw errors.conflict(def.plural, def.group, name);
    let next: KObject;
    if (opts.subresource === 'status') {
      // The status endpoint changes status only; spec and metadata stay as stored.
      next = { ...existing, status: incoming.status };
      if (incoming.status === undefined) delete next.status;
    } else {
      next = { ...incoming, metadata: { ...incoming.metadata } };
      if (def.statusSubresource) {
        // The main endpoint ignores status changes when status is a subresource.
        if (existing.status === undefined) delete next.status;
        else next.status = existing.status;
      }
    }
    const m = next.metadata;
    m.name = existing.metadata.name;
    m.namespace = existing.metadata.namespace;
    m.uid = existing.metadata.uid;
    m.creationTimestamp = existing.metadata.creationTimestamp;
    m.generation = existing.metadata.generation;
    m.resourceVersion = existing.metadata.resourceVersion;
    // Only a DELETE sets these; clients cannot change or clear them.
    m.deletionTimestamp = existing.metadata.deletionTimestamp;
    m.deletionGracePeriodSeconds = existing.metadata.deletionGracePeriodSeconds;
    if (m.deletionTimestamp === undefined) delete m.deletionTimestamp;
    if (m.deletionGracePeriodSeconds === undefined)
      delete m.deletionGracePeriodSeconds;
    checkNoNewFinalizers(def, existing, next);
    if (
      specPart(next, def.statusSubresource) !==
      specPart(existing, def.statusSubresource)
    ) {
      m.generation = (existing.metadata.generation ?? 1) + 1;
    }
    this.mutators.get(grKey(def))?.(next);
    next = this.validate(def, version, next);
    if (stableJson(next) === stableJson(existing)) return existing; // no-op writes keep the resourceVersion
    if (opts.dryRun) return next;
    // The update that empties a deleting object's finalizers deletes it (store.go `errEmptiedFinalizers`).
    if (isDeleting(existing) && !next.metadata.finalizers?.length)
      return this.deletion.remove(def, existing, next);
    return this.store.put(grKey(def), next);
  }

  patch(
    def: ResourceDef,
    version: string,
    namespace: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    opts: WriteOptions = {},
  ): KObject {
    const type = contentType.split(';')[0].trim();
    const existing =
      type === PATCH_TYPES.apply
        ? this.find(def, namespace, name)
        : this.get(def, namespace, name);
    if (!existing) {
      // Server-side apply of a missing object creates it.
      const body = isRecord(patch)
        ? {
            ...patch,
            metadata: {
              ...(isRecord(patch.metadata) ? patch.metadata : {}),
              name,
            },
          }
        : patch;
      return this.create(def, version, namespace, body, opts);
    }
    let patched: unknown;
    switch (type) {
      case PATCH_TYPES.merge:
      case PATCH_TYPES.apply:
        patched = mergePatch(existing, patch);
        break;
      case PATCH_TYPES.strategic:
        if (def.crdName) {
          throw errors.unsupportedMediaType(
            'strategic merge patch is not supported for custom resources',
          );
        }
        patched = mergePatch(existing, stripStrategicDirectives(patch));
        break;
      case PATCH_TYPES.json:
        patched = jsonPatch(existing, patch);
        break;
      default:
        throw errors.unsupportedMediaType(
          `the body of the request was in an unknown format - accepted media types include: ${Object.values(
            PATCH_TYPES,
          ).join(', ')}`,
        );
    }
    const patchedObj = patched as KObject;
    // A patch only enforces optimistic concurrency when it names a resourceVersion.
    const patchMeta =
      isRecord(patch) && isRecord(patch.metadata) ? patch.metadata : undefined;
    if (
      !patchMeta ||
      patchMeta.resourceVersion === undefined ||
      type === PATCH_TYPES.json
    ) {
      if (isRecord(patchedObj.metadata))
        patchedObj.metadata.resourceVersion = existing.metadata.resourceVersion;
    }
    return this.update(def, version, namespace, name, patchedObj, opts);
  }

  delete(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): KObject {
    const existing = this.get(def, namespace, name);
    const pre = opts.preconditions;
    if (
      (pre?.resourceVersion &&
        pre.resourceVersion !== existing.metadata.resourceVersion) ||
      (pre?.uid && pre.uid !== existing.metadata.uid)
    ) {
      throw errors.conflict(def.plural, def.group, name);
    }
    return this.deletion.delete(def, existing, opts);
  }
}
