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
    ...accessReviewDefs(),
  ];
}

function createOnly(group: string, plural: string, kind: string): ResourceDef {
  return {
    group,
    plural,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced: false,
    shortNames: [],
    categories: [],
    versions: [{ name: 'v1', storage: true }],
    statusSubresource: false,
    verbs: ['create'],
  };
}

/**
 * The self reviews every authenticated user may create (what `kubectl auth can-i` and `kubectl auth whoami`
 * post): cluster-scoped, create-only, as `pkg/registry/authorization/rest/storage_authorization.go` and
 * `pkg/registry/authentication/rest/storage_authentication.go` serve them.
 */
function accessReviewDefs(): ResourceDef[] {
  return [
    createOnly(
      'authorization.k8s.io',
      'selfsubjectaccessreviews',
      'SelfSubjectAccessReview',
    ),
    createOnly(
      'authorization.k8s.io',
      'selfsubjectrulesreviews',
      'SelfSubjectRulesReview',
    ),
    createOnly(
      'authentication.k8s.io',
      'selfsubjectreviews',
      'SelfSubjectReview',
    ),
  ];
}

export const CRD_GR = 'apiextensions.k8s.io/customresourcedefinitions';
