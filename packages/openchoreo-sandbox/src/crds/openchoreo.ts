import {
  age,
  any,
  arr,
  bool,
  crd,
  freeObject,
  obj,
  root,
  str,
  valueFrom,
} from './schema';

const GROUP = 'openchoreo.dev';

const repositoryValues = () =>
  obj(
    {
      url: str({ pattern: '^https?://' }),
      revision: obj(
        {
          branch: str({ minLength: 1 }),
          commit: str({ pattern: '^[0-9a-fA-F]{7,40}$' }),
        },
        ['branch'],
      ),
      appPath: str({ minLength: 1 }),
    },
    ['appPath', 'revision', 'url'],
  );

/** spec.workflow of runs and components: the ComponentWorkflow to use and its inputs. */
const workflowValues = () =>
  obj(
    {
      name: str({ minLength: 1 }),
      systemParameters: obj({ repository: repositoryValues() }, ['repository']),
      parameters: freeObject(),
    },
    ['name', 'systemParameters'],
  );

const observer = () =>
  obj({
    url: str(),
    authentication: obj({
      basicAuth: obj({ username: str(), password: str() }),
    }),
  });

const conditionsStatus = () =>
  obj(
    { conditions: arr(freeObject()), observedGeneration: { type: 'integer' } },
    undefined,
    {
      'x-kubernetes-preserve-unknown-fields': true,
    },
  );

/**
 * The sandbox's own definitions of the OpenChoreo control-plane types. The
 * BuildPlane schema is the union of every generation's shape (v0.3 direct
 * credentials, v0.4–v0.8 server/tls/auth and agent, v0.9 clusterAgent) so all
 * of them can be stored; loading the real CRDs replaces these.
 */
export function openChoreoCrds() {
  return [
    crd({
      group: GROUP,
      kind: 'BuildPlane',
      plural: 'buildplanes',
      shortNames: ['bp', 'bps'],
      versions: [
        {
          name: 'v1alpha1',
          schema: root(
            obj({
              planeID: str({
                maxLength: 63,
                pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
              }),
              clusterAgent: obj({ clientCA: valueFrom() }),
              agent: obj({ enabled: bool(), clientCA: valueFrom() }),
              secretStoreRef: obj({ name: str() }, ['name']),
              observabilityPlaneRef: str(),
              observer: observer(),
              kubernetesCluster: obj({
                name: str(),
                credentials: obj({
                  apiServerURL: str(),
                  caCert: str(),
                  clientCert: str(),
                  clientKey: str(),
                }),
                server: str(),
                tls: obj({ ca: valueFrom() }),
                auth: obj({
                  bearerToken: valueFrom(),
                  mtls: obj({
                    clientCert: valueFrom(),
                    clientKey: valueFrom(),
                  }),
                }),
                clusterRef: obj({ name: str(), namespace: str() }),
              }),
            }),
            freeObject(),
          ),
        },
      ],
    }),
    crd({
      group: GROUP,
      kind: 'ComponentWorkflow',
      plural: 'componentworkflows',
      shortNames: ['cwf'],
      versions: [
        {
          name: 'v1alpha1',
          schema: root(
            obj(
              {
                schema: obj(
                  {
                    systemParameters: obj(
                      {
                        repository: obj(
                          {
                            url: str({
                              minLength: 6,
                              pattern: '^string(\\s*\\|.*)?$',
                            }),
                            revision: obj({
                              branch: str({
                                minLength: 1,
                                pattern: '^string(\\s*\\|.*)?$',
                              }),
                              commit: str({
                                minLength: 1,
                                pattern: '^string(\\s*\\|.*)?$',
                              }),
                            }),
                            appPath: str({
                              minLength: 1,
                              pattern: '^string(\\s*\\|.*)?$',
                            }),
                          },
                          ['appPath', 'revision', 'url'],
                        ),
                      },
                      ['repository'],
                    ),
                    parameters: freeObject(),
                    types: freeObject(),
                  },
                  ['systemParameters'],
                ),
                runTemplate: freeObject(),
                resources: arr(
                  obj({ id: str({ minLength: 1 }), template: freeObject() }, [
                    'id',
                    'template',
                  ]),
                ),
              },
              ['runTemplate', 'schema'],
            ),
            conditionsStatus(),
          ),
        },
      ],
    }),
    crd({
      group: GROUP,
      kind: 'ComponentWorkflowRun',
      plural: 'componentworkflowruns',
      shortNames: ['cwfr'],
      versions: [
        {
          name: 'v1alpha1',
          schema: root(
            obj(
              {
                owner: obj(
                  {
                    projectName: str({ minLength: 1 }),
                    componentName: str({ minLength: 1 }),
                  },
                  ['componentName', 'projectName'],
                ),
                workflow: workflowValues(),
              },
              ['owner', 'workflow'],
            ),
            obj(
              {
                conditions: arr(freeObject()),
                imageStatus: obj({ image: str() }),
                runReference: obj({
                  apiVersion: str(),
                  kind: str(),
                  name: str(),
                  namespace: str(),
                }),
                resources: arr(
                  obj({
                    apiVersion: str(),
                    kind: str(),
                    name: str(),
                    namespace: str(),
                  }),
                ),
              },
              undefined,
              { 'x-kubernetes-preserve-unknown-fields': true },
            ),
          ),
          printerColumns: [
            {
              name: 'Component',
              type: 'string',
              jsonPath: '.spec.owner.componentName',
            },
            {
              name: 'Workflow',
              type: 'string',
              jsonPath: '.spec.workflow.name',
            },
            {
              name: 'Completed',
              type: 'string',
              jsonPath:
                '.status.conditions[?(@.type=="WorkflowCompleted")].reason',
            },
            age(),
          ],
        },
      ],
    }),
    crd({
      group: GROUP,
      kind: 'Component',
      plural: 'components',
      shortNames: ['comp', 'comps'],
      versions: [
        {
          name: 'v1alpha1',
          schema: root(
            obj(
              {
                owner: obj({ projectName: str({ minLength: 1 }) }, [
                  'projectName',
                ]),
                componentType: str({
                  pattern:
                    '^(deployment|statefulset|cronjob|job|proxy)/[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
                }),
                type: str(),
                autoDeploy: bool(),
                autoBuild: bool(),
                parameters: any(),
                traits: arr(freeObject()),
                workflow: workflowValues(),
              },
              ['owner'],
            ),
            conditionsStatus(),
          ),
          printerColumns: [
            {
              name: 'Project',
              type: 'string',
              jsonPath: '.spec.owner.projectName',
            },
            {
              name: 'ComponentType',
              type: 'string',
              jsonPath: '.spec.componentType',
            },
            age(),
          ],
        },
      ],
    }),
    crd({
      group: GROUP,
      kind: 'Project',
      plural: 'projects',
      shortNames: ['proj'],
      versions: [
        {
          name: 'v1alpha1',
          schema: root(
            obj({ deploymentPipelineRef: str() }),
            conditionsStatus(),
            [],
          ),
          printerColumns: [
            {
              name: 'Pipeline',
              type: 'string',
              jsonPath: '.spec.deploymentPipelineRef',
            },
            age(),
          ],
        },
      ],
    }),
    workloadCrd(),
    observabilityPlaneCrd(),
  ];
}

/**
 * The Workload the run controller server-side-applies after a build
 * (`controller.go@v0.9.0:449`). Shape, columns and the lack of shortNames as
 * in `openchoreo.dev_workloads.yaml@v0.9.0`; `connections` is kept free-form.
 */
function workloadCrd() {
  const ref = () => obj({ key: str(), name: str() }, ['key', 'name']);
  const valueFromRefs = () =>
    obj({ configurationGroupRef: ref(), secretRef: ref() });
  return crd({
    group: GROUP,
    kind: 'Workload',
    plural: 'workloads',
    versions: [
      {
        name: 'v1alpha1',
        schema: root(
          obj(
            {
              owner: obj(
                {
                  projectName: str({ minLength: 1 }),
                  componentName: str({ minLength: 1 }),
                },
                ['componentName', 'projectName'],
              ),
              containers: {
                type: 'object',
                additionalProperties: obj(
                  {
                    image: str({ minLength: 1 }),
                    command: arr(str()),
                    args: arr(str()),
                    env: arr(
                      obj(
                        {
                          key: str(),
                          value: str(),
                          valueFrom: valueFromRefs(),
                        },
                        ['key'],
                      ),
                    ),
                    files: arr(
                      obj(
                        {
                          key: str(),
                          mountPath: str(),
                          value: str(),
                          valueFrom: valueFromRefs(),
                        },
                        ['key', 'mountPath'],
                      ),
                    ),
                  },
                  ['image'],
                ),
              },
              endpoints: {
                type: 'object',
                additionalProperties: obj(
                  {
                    port: { type: 'integer', minimum: 1, maximum: 65535 },
                    type: str({
                      enum: [
                        'HTTP',
                        'REST',
                        'gRPC',
                        'GraphQL',
                        'Websocket',
                        'TCP',
                        'UDP',
                      ],
                    }),
                    schema: obj({ type: str(), content: str() }),
                  },
                  ['port', 'type'],
                ),
              },
              connections: freeObject(),
            },
            ['owner'],
          ),
        ),
        printerColumns: [
          {
            name: 'Project',
            type: 'string',
            jsonPath: '.spec.owner.projectName',
          },
          {
            name: 'Component',
            type: 'string',
            jsonPath: '.spec.owner.componentName',
          },
          age(),
        ],
      },
    ],
  });
}

/**
 * Where an organization's observer lives: BuildPlanes from v0.8 name one in
 * `spec.observabilityPlaneRef`, and OpenChoreo reads its `spec.observerURL`
 * (`component_service.go@v0.9.0`, `GetBuildObserverURL`). Shape as in
 * `openchoreo.dev_observabilityplanes.yaml@v0.9.0`: no shortNames, no printer columns.
 */
function observabilityPlaneCrd() {
  return crd({
    group: GROUP,
    kind: 'ObservabilityPlane',
    plural: 'observabilityplanes',
    versions: [
      {
        name: 'v1alpha1',
        schema: root(
          obj(
            {
              clusterAgent: obj({ clientCA: valueFrom() }, ['clientCA']),
              observerURL: str(),
              planeID: str({
                maxLength: 63,
                pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
              }),
            },
            ['clusterAgent', 'observerURL'],
          ),
          { type: 'object' },
        ),
      },
    ],
  });
}
