import { age, crd, freeObject, obj, root, str } from './schema';

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
    crd({
      group: 'external-secrets.io',
      kind: 'ClusterSecretStore',
      plural: 'clustersecretstores',
      shortNames: ['css'],
      scope: 'Cluster',
      versions: [{ name: 'v1', schema: root(freeObject(), freeObject()) }],
    }),
  ];
}
