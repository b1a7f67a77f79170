import type { ResourceDef } from './registry';

function core(
  plural: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<ResourceDef> = {},
): ResourceDef {
  return {
    group: '',
    plural,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced,
    shortNames: [],
    categories: [],
    versions: [{ name: 'v1', storage: true }],
    statusSubresource: false,
    ...extra,
  };
}

/**
 * The built-in (non-CRD) types every sandbox cluster serves. They carry no
 * schema: the sandbox stores them as sent, like a permissive API server.
 */
export function builtinDefs(): ResourceDef[] {
  return [
    core('namespaces', 'Namespace', false, {
      shortNames: ['ns'],
      statusSubresource: true,
    }),
    core('pods', 'Pod', true, {
      shortNames: ['po'],
      categories: ['all'],
      statusSubresource: true,
      logSubresource: true,
    }),
    core('events', 'Event', true, { shortNames: ['ev'] }),
    core('secrets', 'Secret', true),
    core('configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
    core('serviceaccounts', 'ServiceAccount', true, { shortNames: ['sa'] }),
    {
      group: 'apiextensions.k8s.io',
      plural: 'customresourcedefinitions',
      singular: 'customresourcedefinition',
      kind: 'CustomResourceDefinition',
      listKind: 'CustomResourceDefinitionList',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      versions: [{ name: 'v1', storage: true }],
      statusSubresource: true,
    },
  ];
}

export const CRD_GR = 'apiextensions.k8s.io/customresourcedefinitions';
