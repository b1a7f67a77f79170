/** Tiny builders for the sandbox's own openAPIV3Schema definitions. */
export type S = Record<string, unknown>;

export const str = (extra: S = {}): S => ({ type: 'string', ...extra });
export const bool = (): S => ({ type: 'boolean' });
export const int = (extra: S = {}): S => ({ type: 'integer', ...extra });
export const any = (): S => ({ 'x-kubernetes-preserve-unknown-fields': true });
export const freeObject = (): S => ({
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
});
export const arr = (items: S, extra: S = {}): S => ({
  type: 'array',
  items,
  ...extra,
});
export const obj = (
  properties: Record<string, S>,
  required?: string[],
  extra: S = {},
): S => ({
  type: 'object',
  properties,
  ...(required?.length ? { required } : {}),
  ...extra,
});

/** `{value}` or `{secretRef{name,key,namespace}}`, the v0.4+ credential reference. */
export const valueFrom = (): S =>
  obj({
    value: str(),
    secretRef: obj({ name: str(), key: str(), namespace: str() }, [
      'name',
      'key',
    ]),
  });

export interface CrdSpec {
  group: string;
  kind: string;
  plural: string;
  singular?: string;
  shortNames?: string[];
  categories?: string[];
  scope?: 'Namespaced' | 'Cluster';
  versions: Array<{
    name: string;
    storage?: boolean;
    schema: S;
    status?: boolean;
    printerColumns?: S[];
  }>;
}

/** A CustomResourceDefinition object (apiextensions.k8s.io/v1). */
export function crd(spec: CrdSpec): {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations: Record<string, string> };
  spec: S;
} {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${spec.plural}.${spec.group}`,
      annotations: { 'sandbox.openchoreo.dev/builtin': 'true' },
    },
    spec: {
      group: spec.group,
      names: {
        kind: spec.kind,
        listKind: `${spec.kind}List`,
        plural: spec.plural,
        singular: spec.singular ?? spec.kind.toLowerCase(),
        ...(spec.shortNames ? { shortNames: spec.shortNames } : {}),
        ...(spec.categories ? { categories: spec.categories } : {}),
      },
      scope: spec.scope ?? 'Namespaced',
      versions: spec.versions.map((v, i) => ({
        name: v.name,
        served: true,
        storage: v.storage ?? i === 0,
        schema: { openAPIV3Schema: v.schema },
        ...(v.status === false ? {} : { subresources: { status: {} } }),
        ...(v.printerColumns
          ? { additionalPrinterColumns: v.printerColumns }
          : {}),
      })),
    },
  };
}

export const age = (): S => ({
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
});

/** Root schema of a resource: apiVersion, kind, metadata, spec, status. */
export const root = (
  spec: S,
  status: S = freeObject(),
  required: string[] = ['spec'],
): S =>
  obj(
    {
      apiVersion: str(),
      kind: str(),
      metadata: { type: 'object' },
      spec,
      status,
    },
    required,
  );
