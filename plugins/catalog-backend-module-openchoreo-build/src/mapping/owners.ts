import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

const validator = makeValidator();

/** The owner kinds a catalog entity's `spec.owner` may name. */
const OWNER_KINDS = ['group', 'user'];

/**
 * An owner as a full entity ref (`group:default/team-a`), or undefined when `value` is not one.
 * A bare name (`team-a`, all a Kubernetes label value can hold) is a group in the `default`
 * namespace, never one in the entity's own namespace: `spec.owner: team-a` on an entity in
 * namespace `acme` would mean `group:acme/team-a`, which is not what a label on the cluster means.
 */
export function toOwnerRef(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let ref;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
  if (!OWNER_KINDS.includes(ref.kind.toLocaleLowerCase('en-US'))) {
    return undefined;
  }
  if (
    !validator.isValidNamespace(ref.namespace) ||
    !validator.isValidEntityName(ref.name)
  ) {
    return undefined;
  }
  return stringifyEntityRef({
    kind: ref.kind.toLocaleLowerCase('en-US'),
    namespace: ref.namespace,
    name: ref.name,
  });
}

/** What the owner of an OpenChoreo object is read from, in order. */
export interface OwnerSources {
  /** The label / annotation key (`openchoreo.build.catalog.ownerKey`). */
  ownerKey: string;
  /** Owners per organization (`openchoreo.build.catalog.defaultOwners`), already full refs. */
  defaultOwners: Readonly<Record<string, string>>;
  /** The last resort (`openchoreo.build.catalog.defaultOwner`), a full ref. */
  defaultOwner: string;
}

/** Metadata that may carry the owner key. */
export interface OwnerCarrier {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** An owner value found on an object that is not an entity ref (reported, then skipped). */
export interface InvalidOwner {
  value: string;
}

/**
 * The owner of an entity: the owner key on the first of `carriers` that has it (the annotation,
 * which can hold a full ref, before the label), else the organization's default owner, else the
 * default owner. A value that is not a group or user ref is reported through `onInvalid` and the
 * search goes on.
 */
export function resolveOwner(
  sources: OwnerSources,
  organization: string,
  carriers: ReadonlyArray<OwnerCarrier | undefined>,
  onInvalid: (invalid: InvalidOwner) => void = () => {},
): string {
  for (const carrier of carriers) {
    for (const value of [
      carrier?.annotations?.[sources.ownerKey],
      carrier?.labels?.[sources.ownerKey],
    ]) {
      if (value === undefined) continue;
      const ref = toOwnerRef(value);
      if (ref) return ref;
      onInvalid({ value });
    }
  }
  return sources.defaultOwners[organization] ?? sources.defaultOwner;
}
