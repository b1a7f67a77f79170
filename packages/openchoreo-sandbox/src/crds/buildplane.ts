import { age, arr, crd, freeObject, int, obj, root, str } from './schema';

/**
 * Build-plane types: Argo Workflows (whose status lives in the main object,
 * as in Argo's own CRD: there is no status subresource) and External Secrets.
 */
export function buildPlaneCrds() {
  const argo = (
    kind: string,
    plural: string,
    shortNames: string[],
    scope: 'Namespaced' | 'Cluster' = 'Namespaced',
  ) =>
    crd({
      group: 'argoproj.io',
      kind,
      plural,
      shortNames,
      scope,
      versions: [
        {
          name: 'v1alpha1',
          status: false,
          schema: root(freeObject(), freeObject()),
          printerColumns:
            kind === 'Workflow'
              ? [
                  { name: 'Status', type: 'string', jsonPath: '.status.phase' },
                  age(),
                ]
              : undefined,
        },
      ],
    });
  const externalSecretSchema = root(
    obj(
      {
        refreshInterval: str(),
        secretStoreRef: obj({ name: str(), kind: str() }),
        target: obj({
          name: str(),
          creationPolicy: str(),
          deletionPolicy: str(),
          template: freeObject(),
        }),
        data: {
          type: 'array',
          items: obj({ secretKey: str(), remoteRef: freeObject() }),
        },
        dataFrom: { type: 'array', items: freeObject() },
      },
      undefined,
      {},
    ),
    freeObject(),
  );
  return [
    argo('Workflow', 'workflows', ['wf']),
    argo('WorkflowTemplate', 'workflowtemplates', ['wftmpl']),
    argo(
      'ClusterWorkflowTemplate',
      'clusterworkflowtemplates',
      ['clusterwftmpl', 'cwft'],
      'Cluster',
    ),
    crd({
      group: 'external-secrets.io',
      kind: 'ExternalSecret',
      plural: 'externalsecrets',
      shortNames: ['es'],
      categories: ['external-secrets'],
      versions: [
        {
          name: 'v1',
          storage: true,
          schema: externalSecretSchema,
          printerColumns: [
            {
              name: 'Store',
              type: 'string',
              jsonPath: '.spec.secretStoreRef.name',
            },
            {
              name: 'Status',
              type: 'string',
              jsonPath: '.status.conditions[?(@.type=="Ready")].reason',
            },
            {
              name: 'Ready',
              type: 'string',
              jsonPath: '.status.conditions[?(@.type=="Ready")].status',
            },
          ],
        },
        { name: 'v1beta1', storage: false, schema: externalSecretSchema },
      ],
    }),
    secretStoreCrd('ClusterSecretStore', 'clustersecretstores', 'css'),
    secretStoreCrd('SecretStore', 'secretstores', 'ss'),
  ];
}

/**
 * ClusterSecretStore / SecretStore `external-secrets.io/v1` (`config/crds/bases/
 * external-secrets.io_clustersecretstores.yaml@v0.19.2`, the External Secrets release OpenChoreo
 * v0.9.0's build-plane chart depends on). Typed where the sandbox acts on it: the fake provider
 * (`apis/externalsecrets/v1/secretstore_fake_types.go@v0.19.2`: `data[] {key, value, version?}`,
 * key and value required), so a patch that breaks it is refused as by a real server. The other
 * providers are kept as written (the real CRD types some forty of them; the sandbox reads none).
 */
function secretStoreCrd(kind: string, plural: string, shortName: string) {
  const fake = obj(
    {
      data: arr(
        obj({ key: str(), value: str(), version: str() }, ['key', 'value']),
      ),
    },
    ['data'],
  );
  const condition = obj(
    {
      type: str(),
      status: str(),
      reason: str(),
      message: str(),
      lastTransitionTime: str({ format: 'date-time' }),
    },
    ['status', 'type'],
  );
  const schema = root(
    obj(
      {
        controller: str(),
        provider: obj({ fake }, undefined, {
          maxProperties: 1,
          minProperties: 1,
          'x-kubernetes-preserve-unknown-fields': true,
        }),
        refreshInterval: int(),
        retrySettings: obj({ maxRetries: int(), retryInterval: str() }),
        // ClusterSecretStore only: the namespaces it serves (not evaluated by the sandbox).
        conditions: arr(freeObject()),
      },
      ['provider'],
    ),
    obj({ capabilities: str(), conditions: arr(condition) }),
  );
  return crd({
    group: 'external-secrets.io',
    kind,
    plural,
    shortNames: [shortName],
    categories: ['external-secrets'],
    scope: kind === 'ClusterSecretStore' ? 'Cluster' : 'Namespaced',
    versions: [
      {
        name: 'v1',
        schema,
        printerColumns: [
          {
            name: 'AGE',
            type: 'date',
            jsonPath: '.metadata.creationTimestamp',
          },
          {
            name: 'Status',
            type: 'string',
            jsonPath: '.status.conditions[?(@.type=="Ready")].reason',
          },
          {
            name: 'Capabilities',
            type: 'string',
            jsonPath: '.status.capabilities',
          },
          {
            name: 'Ready',
            type: 'string',
            jsonPath: '.status.conditions[?(@.type=="Ready")].status',
          },
        ],
      },
    ],
  });
}
