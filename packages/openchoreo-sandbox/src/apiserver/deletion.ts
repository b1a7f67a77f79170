import { errors } from './errors';
import { grKey, Registry, ResourceDef } from './registry';
import { Store } from './store';
import { isRecord, KObject } from './types';

/**
 * How dependents (objects whose ownerReferences name the deleted object) are treated
 * (`DeleteOptions.propagationPolicy`, `k8s.io/apimachinery/pkg/apis/meta/v1/types.go`).
 */
export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';
const POLICIES: PropagationPolicy[] = ['Foreground', 'Background', 'Orphan'];

/** The finalizer the API server adds for a foreground deletion (`metav1.FinalizerDeleteDependents`). */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export interface DeleteOptions {
  preconditions?: { resourceVersion?: string; uid?: string };
  propagationPolicy?: PropagationPolicy;
  dryRun?: boolean;
}

function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export function isDeleting(obj: KObject): boolean {
  return !!obj.metadata.deletionTimestamp;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads `DeleteOptions` from a DELETE request's body and query (kubectl sends
 * `{"kind":"DeleteOptions","propagationPolicy":"Background"}`; client libraries may use the query).
 * The legacy `orphanDependents` maps to Orphan / Foreground as the API server maps it.
 */
export function parseDeleteOptions(
  body: unknown,
  query: URLSearchParams,
): DeleteOptions {
  const b = isRecord(body) ? body : {};
  const rawPolicy = b.propagationPolicy ?? query.get('propagationPolicy');
  const orphan = b.orphanDependents ?? query.get('orphanDependents');
  let propagationPolicy: PropagationPolicy | undefined;
  if (orphan !== undefined && orphan !== null) {
    propagationPolicy =
      orphan === true || orphan === 'true' ? 'Orphan' : 'Foreground';
  } else if (rawPolicy !== undefined && rawPolicy !== null) {
    if (!POLICIES.includes(rawPolicy as PropagationPolicy)) {
      throw errors.invalid('DeleteOptions', 'meta.k8s.io', '', [
        {
          reason: 'FieldValueNotSupported',
          message: `Unsupported value: "${String(
            rawPolicy,
          )}": supported values: "Foreground", "Background", "Orphan"`,
          field: 'propagationPolicy',
        },
      ]);
    }
    propagationPolicy = rawPolicy as PropagationPolicy;
  }
  const pre = isRecord(b.preconditions) ? b.preconditions : undefined;
  const dryRun = Array.isArray(b.dryRun) && b.dryRun.includes('All');
  return {
    preconditions: pre
      ? {
          resourceVersion: optionalString(pre.resourceVersion),
          uid: optionalString(pre.uid),
        }
      : undefined,
    propagationPolicy,
    ...(dryRun ? { dryRun } : {}),
  };
}

/**
 * A client may not add finalizers to an object that is being deleted
 * (`ValidateNoNewFinalizers`, `k8s.io/apimachinery/pkg/api/validation/objectmeta.go`; the
 * message quotes the new names the way Go's `%#v` prints a `[]string`).
 */
export function checkNoNewFinalizers(
  def: ResourceDef,
  existing: KObject,
  next: KObject,
): void {
  if (!isDeleting(existing)) return;
  const old = new Set(existing.metadata.finalizers ?? []);
  const extra = [...new Set(next.metadata.finalizers ?? [])]
    .filter(f => !old.has(f))
    .sort();
  if (!extra.length) return;
  throw errors.invalid(def.kind, def.group, existing.metadata.name ?? '', [
    {
      reason: 'FieldValueForbidden',
      message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra
        .map(f => JSON.stringify(f))
        .join(', ')}}`,
      field: 'metadata.finalizers',
    },
  ]);
}

/**
 * Deletion as the generic registry store does it (`k8s.io/apiserver/pkg/registry/generic/registry/store.go`,
 * `Delete` / `updateForGracefulDeletionAndFinalizers`, and `rest.BeforeDelete`):
 * an object with finalizers is only marked (`deletionTimestamp`, `deletionGracePeriodSeconds: 0`,
 * `generation` + 1, a MODIFIED event) and is removed when an update leaves its finalizers empty.
 * The garbage collector's work (dependents, foreground and orphan propagation) is done at once.
 */
export class Deletion {
  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
  ) {}

  /** Deletes (or starts deleting) an object; answers what the API server answers: the object. */
  delete(def: ResourceDef, existing: KObject, opts: DeleteOptions): KObject {
    // A second delete of an object already being deleted changes nothing.
    if (isDeleting(existing) || opts.dryRun) return existing;
    const policy = opts.propagationPolicy ?? 'Background';
    if (policy === 'Orphan') this.orphanDependents(existing.metadata.uid);
    const finalizers = [...(existing.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes(FOREGROUND_FINALIZER))
      finalizers.push(FOREGROUND_FINALIZER);
    if (!finalizers.length) return this.remove(def, existing);
    const marked: KObject = {
      ...existing,
      metadata: {
        ...existing.metadata,
        finalizers,
        deletionTimestamp: nowSeconds(),
        deletionGracePeriodSeconds: 0,
        generation: (existing.metadata.generation ?? 0) + 1,
      },
    };
    const stored = this.store.put(grKey(def), marked);
    if (finalizers.includes(FOREGROUND_FINALIZER)) {
      this.deleteDependents(existing.metadata.uid);
      return this.releaseForeground(def, stored) ?? stored;
    }
    return stored;
  }

  /**
   * Removes the object for good (DELETED event carrying `finalState` when given: the update that
   * emptied its finalizers), then what depends on it: a namespace's contents, owned objects.
   */
  remove(def: ResourceDef, obj: KObject, finalState?: KObject): KObject {
    const gr = grKey(def);
    const deleted = this.store.remove(
      gr,
      obj.metadata.namespace,
      obj.metadata.name!,
      finalState,
    )!;
    if (def.group === '' && def.plural === 'namespaces') {
      // Deliberate shortcut: contents go at once, finalizers or not (a real namespace stays Terminating).
      for (const other of this.registry.all()) {
        if (!other.namespaced) continue;
        for (const inner of this.store.list(grKey(other), obj.metadata.name))
          this.store.remove(
            grKey(other),
            obj.metadata.name,
            inner.metadata.name!,
          );
      }
    }
    this.deleteDependents(obj.metadata.uid);
    this.releaseOwners(obj);
    return deleted;
  }

  private dependents(
    uid: string | undefined,
  ): Array<{ def: ResourceDef; obj: KObject }> {
    if (!uid) return [];
    const out: Array<{ def: ResourceDef; obj: KObject }> = [];
    for (const def of this.registry.all()) {
      for (const obj of this.store.dependentsOf(uid, grKey(def)))
        out.push({ def, obj });
    }
    return out;
  }

  /** Background cascade: each dependent is deleted as a client would delete it (its finalizers hold it). */
  private deleteDependents(uid: string | undefined): void {
    for (const { def, obj } of this.dependents(uid)) {
      const current = this.store.get(
        grKey(def),
        obj.metadata.namespace,
        obj.metadata.name!,
      );
      if (current && !isDeleting(current))
        this.delete(def, current, { propagationPolicy: 'Background' });
    }
  }

  private orphanDependents(uid: string | undefined): void {
    for (const { def, obj } of this.dependents(uid)) {
      const ownerReferences = obj.metadata.ownerReferences!.filter(
        r => r.uid !== uid,
      );
      const next: KObject = { ...obj, metadata: { ...obj.metadata } };
      if (ownerReferences.length)
        next.metadata.ownerReferences = ownerReferences;
      else delete next.metadata.ownerReferences;
      this.store.put(grKey(def), next);
    }
  }

  /** After `obj` is gone, owners in foreground deletion that no longer wait for a dependent finish. */
  private releaseOwners(obj: KObject): void {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const owner = this.store.findByUid(ref.uid);
      const def = owner && this.registry.all().find(d => grKey(d) === owner.gr);
      if (owner && def) this.releaseForeground(def, owner.object);
    }
  }

  /** Drops `foregroundDeletion` once no blocking dependent is left; removes the owner if nothing else holds it. */
  private releaseForeground(
    def: ResourceDef,
    owner: KObject,
  ): KObject | undefined {
    const finalizers = owner.metadata.finalizers ?? [];
    if (!isDeleting(owner) || !finalizers.includes(FOREGROUND_FINALIZER))
      return undefined;
    const blocking = this.dependents(owner.metadata.uid).some(({ obj }) =>
      obj.metadata.ownerReferences?.some(
        r => r.uid === owner.metadata.uid && r.blockOwnerDeletion,
      ),
    );
    if (blocking) return undefined;
    const rest = finalizers.filter(f => f !== FOREGROUND_FINALIZER);
    const next: KObject = {
      ...owner,
      metadata: { ...owner.metadata, finalizers: rest },
    };
    if (!rest.length) return this.remove(def, owner, next);
    return this.store.put(grKey(def), next);
  }
}
