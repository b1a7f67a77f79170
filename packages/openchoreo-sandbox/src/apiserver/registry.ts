import { compileSchema, CompiledSchema, OpenApiSchema } from './schema';
import { isRecord, KObject } from './types';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface ResourceVersionDef {
  name: string;
  storage: boolean;
  schema?: OpenApiSchema;
  compiled?: CompiledSchema;
  printerColumns?: PrinterColumn[];
}

export interface ResourceDef {
  group: string;
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  versions: ResourceVersionDef[];
  statusSubresource: boolean;
  /** Only pods: the `log` subresource. */
  logSubresource?: boolean;
  /**
   * The verbs the type serves, as discovery lists them; default {@link ALL_VERBS}. The access reviews are
   * create-only and stored nowhere (see accessReview.ts).
   */
  verbs?: string[];
  /** Set for types served from a CustomResourceDefinition. */
  crdName?: string;
}

export const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export function grKey(def: Pick<ResourceDef, 'group' | 'plural'>): string {
  return `${def.group}/${def.plural}`;
}

/** Keys a version of a type that one namespace serves in place of the type's own. */
export function namespaceVersionKey(
  def: Pick<ResourceDef, 'group' | 'plural'>,
  version: string,
  namespace: string,
): string {
  return `${grKey(def)}|${version}|${namespace}`;
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The set of resource types one cluster serves; CRDs add and remove entries. */
export class Registry {
  private readonly defs = new Map<string, ResourceDef>();
  private readonly listeners = new Set<() => void>();

  add(def: ResourceDef): void {
    for (const v of def.versions) {
      if (v.schema && !v.compiled) v.compiled = compileSchema(v.schema);
    }
    this.defs.set(grKey(def), def);
    this.changed();
  }

  remove(group: string, plural: string): void {
    this.defs.delete(`${group}/${plural}`);
    this.changed();
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  all(): ResourceDef[] {
    return [...this.defs.values()];
  }

  byGroupResource(group: string, plural: string): ResourceDef | undefined {
    return this.defs.get(`${group}/${plural}`);
  }

  /** Finds a served type by group, version and plural. */
  lookup(
    group: string,
    version: string,
    plural: string,
  ): ResourceDef | undefined {
    const def = this.defs.get(`${group}/${plural}`);
    return def && def.versions.some(v => v.name === version) ? def : undefined;
  }

  byKind(apiVersion: string, kind: string): ResourceDef | undefined {
    const [group, version] = apiVersion.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion];
    return this.all().find(
      d =>
        d.group === group &&
        d.kind === kind &&
        d.versions.some(v => v.name === version),
    );
  }

  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const def of this.defs.values()) {
      if (!def.group) continue;
      const versions = out.get(def.group) ?? [];
      for (const v of def.versions)
        if (!versions.includes(v.name)) versions.push(v.name);
      out.set(def.group, versions);
    }
    return out;
  }

  /** The storage (preferred) version of a group. */
  preferredVersion(group: string): string | undefined {
    const defs = this.all().filter(d => d.group === group);
    for (const d of defs) {
      const storage = d.versions.find(v => v.storage);
      if (storage) return storage.name;
    }
    return defs[0]?.versions[0]?.name;
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

/** Builds a served type from a CustomResourceDefinition object (apiextensions.k8s.io/v1). */
export function defFromCrd(crd: KObject): ResourceDef {
  const spec = isRecord(crd.spec) ? crd.spec : {};
  const names = isRecord(spec.names) ? spec.names : {};
  const versions = Array.isArray(spec.versions)
    ? spec.versions.filter(isRecord)
    : [];
  const served = versions.filter(v => v.served !== false);
  const kind = String(names.kind ?? '');
  return {
    group: String(spec.group ?? ''),
    plural: String(names.plural ?? ''),
    singular: String(names.singular ?? kind.toLowerCase()),
    kind,
    listKind: String(names.listKind ?? `${kind}List`),
    namespaced: spec.scope !== 'Cluster',
    shortNames: Array.isArray(names.shortNames)
      ? names.shortNames.map(String)
      : [],
    categories: Array.isArray(names.categories)
      ? names.categories.map(String)
      : [],
    statusSubresource: served.some(
      v => isRecord(v.subresources) && 'status' in v.subresources,
    ),
    crdName: crd.metadata.name,
    versions: served.map(v => {
      const schema =
        isRecord(v.schema) && isRecord(v.schema.openAPIV3Schema)
          ? v.schema.openAPIV3Schema
          : undefined;
      return {
        name: String(v.name),
        storage: v.storage === true,
        schema,
        printerColumns: Array.isArray(v.additionalPrinterColumns)
          ? (v.additionalPrinterColumns.filter(
              isRecord,
            ) as unknown as PrinterColumn[])
          : undefined,
      };
    }),
  };
}
