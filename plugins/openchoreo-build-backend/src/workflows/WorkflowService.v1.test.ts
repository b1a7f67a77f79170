import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  REPOSITORY_FIELD_MARKERS,
  type ComponentTypeV1,
  type ComponentV1,
  type ExternalSecret,
  type Workflow,
  type WorkflowKind,
  type WorkflowPlane,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type {
  BuildPlaneRegistry,
  ResolvedWorkflowPlane,
} from '../buildplane/BuildPlaneRegistry';
import { workflowPlaneCandidates } from '../buildplane/workflowPlaneRef';
import type { ControlPlane } from '../controlplane/ControlPlane';
import type { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';
import { WorkflowService } from './WorkflowService';

/** The v1.2.3 sample ClusterWorkflows, vendored unchanged (`samples/getting-started/ci-workflows@v1.2.3`). */
const sample = (name: string) =>
  loadReferenceYaml<Workflow>(
    referencePath(
      'openchoreo',
      'samples-v1.2.3',
      'ci-workflows',
      `${name}.yaml`,
    ),
  )[0];
const dockerfileBuilder = sample('dockerfile-builder');
const paketoBuilder = sample('paketo-buildpacks-builder');
const [serviceType] = loadReferenceYaml<ComponentTypeV1>(
  referencePath(
    'openchoreo',
    'samples-v1.2.3',
    'component-types',
    'service.yaml',
  ),
);

/** nova's own Workflow as the sandbox seeds it: the paketo sample on the org's WorkflowPlane. */
const novaPaketo: Workflow = {
  ...paketoBuilder,
  kind: 'Workflow',
  metadata: { name: 'paketo-buildpacks', namespace: 'nova' },
  spec: {
    ...paketoBuilder.spec,
    workflowPlaneRef: { kind: 'WorkflowPlane', name: 'default' },
  },
};

const planes: ResolvedWorkflowPlane[] = [
  {
    kind: 'ClusterWorkflowPlane',
    plane: {
      metadata: { name: 'default' },
      spec: { planeID: 'default', secretStoreRef: { name: 'shared-store' } },
    } as WorkflowPlane,
  },
  {
    kind: 'WorkflowPlane',
    plane: {
      metadata: { name: 'default', namespace: 'nova' },
      spec: { planeID: 'nova-builder', secretStoreRef: { name: 'nova-store' } },
    } as WorkflowPlane,
  },
];

/** The registry-push-secret of one run of `dockerfile-builder`, rendered in `workflows-nova`. */
const pushSecret = (ready: 'True' | 'False'): ExternalSecret => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: {
    name: 'greeting-service-run-1a2b3c4d-registry-push-secret',
    namespace: 'workflows-nova',
    creationTimestamp: '2026-01-10T10:00:00Z',
  },
  spec: {
    secretStoreRef: { name: 'shared-store', kind: 'ClusterSecretStore' },
    target: { name: 'greeting-service-run-1a2b3c4d-registry-push-secret' },
  },
  status: { conditions: [{ type: 'Ready', status: ready }] },
});

function setup(
  options: {
    workflows?: Workflow[];
    clusterWorkflows?: Workflow[];
    planes?: ResolvedWorkflowPlane[];
    externalSecrets?: ExternalSecret[];
    component?: ComponentV1;
    componentType?: ComponentTypeV1;
  } = {},
) {
  const workflows = options.workflows ?? [novaPaketo];
  const clusterWorkflows = options.clusterWorkflows ?? [
    dockerfileBuilder,
    paketoBuilder,
  ];
  const existingPlanes = options.planes ?? planes;
  const v1 = {
    listWorkflows: jest.fn(async () => workflows),
    listClusterWorkflows: jest.fn(async () => clusterWorkflows),
    getComponent: jest.fn(async () => options.component),
    findComponentType: jest.fn(async () => options.componentType),
  };
  const connector = {
    listExternalSecrets: jest.fn(async () => options.externalSecrets ?? []),
    secretExists: jest.fn(async () => false),
  };
  // The registry's rule, on the fakes: the first existing candidate of `workflowPlaneCandidates`.
  const workflowPlaneFor = jest.fn(
    async (_ns: string, ref: { kind: WorkflowKind; name: string }) => {
      const wf = (ref.kind === 'Workflow' ? workflows : clusterWorkflows).find(
        w => w.metadata?.name === ref.name,
      );
      for (const candidate of workflowPlaneCandidates(ref.kind, wf)) {
        const found = existingPlanes.find(
          p =>
            p.kind === candidate.kind &&
            p.plane.metadata?.name === candidate.name,
        );
        if (found) return found;
      }
      throw new ServiceUnavailableError(
        `${ref.kind} ${ref.name} runs on a plane which does not exist`,
      );
    },
  );
  const registry = {
    generations: { of: async () => 'v1' },
    workflowPlaneFor,
    workflowPlaneConnector: jest.fn(
      async (_resolved: ResolvedWorkflowPlane) => connector,
    ),
    workflowPlaneLabel: (r: ResolvedWorkflowPlane) => `${r.kind} default`,
  };
  const service = new WorkflowService(
    {} as ControlPlane,
    registry as unknown as BuildPlaneRegistry,
    mockServices.logger.mock(),
    {
      controlPlaneV1: v1 as unknown as ControlPlaneV1,
      readFailures: jest.fn(async () => new Map()),
    },
  );
  return { service, v1, registry, connector };
}

describe('WorkflowService on a v1 organization', () => {
  it('lists its Workflows and the ClusterWorkflows with the schema as written and the marked repository fields', async () => {
    const { items } = await setup().service.list(['nova']);
    expect(items.map(w => [w.kind, w.name, w.generation])).toEqual([
      ['Workflow', 'paketo-buildpacks', 'v1'],
      ['ClusterWorkflow', 'dockerfile-builder', 'v1'],
      ['ClusterWorkflow', 'paketo-buildpacks-builder', 'v1'],
    ]);
    const docker = items[1];
    expect(docker.namespace).toBe('nova');
    expect(docker.parametersSchema).toEqual(
      dockerfileBuilder.spec?.parameters?.openAPIV3Schema,
    );
    expect(
      docker.parametersSchema.properties?.repository?.properties?.url,
    ).toHaveProperty(REPOSITORY_FIELD_MARKERS.url, true);
    expect(docker.systemParametersSchema).toEqual({
      type: 'object',
      properties: {},
    });
    expect(docker.repositoryFields).toEqual({
      url: 'repository.url',
      secretRef: 'repository.secretRef',
      branch: 'repository.revision.branch',
      commit: 'repository.revision.commit',
      appPath: 'repository.appPath',
    });
    expect(docker.schemaWarnings).toEqual([]);
    expect(docker.ttlAfterCompletion).toBe('1d');
    expect(docker.description).toBe(
      'Build with a provided Dockerfile/Containerfile/Podmanfile',
    );
    expect(docker.runTemplate).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
    });
    // Each on the plane its workflowPlaneRef names.
    expect(items.map(w => w.workflowPlane)).toEqual([
      { kind: 'WorkflowPlane', name: 'default' },
      { kind: 'ClusterWorkflowPlane', name: 'default' },
      { kind: 'ClusterWorkflowPlane', name: 'default' },
    ]);
  });

  it("checks the secrets in workflows-<org> on each workflow's plane, once per plane, with the plane's store", async () => {
    const { service, registry, connector } = setup({
      externalSecrets: [pushSecret('True')],
    });
    const { items } = await service.list(['nova']);
    expect(connector.listExternalSecrets.mock.calls).toEqual([
      ['workflows-nova'],
      ['workflows-nova'],
    ]);
    expect(
      registry.workflowPlaneConnector.mock.calls.map(
        ([resolved]) => resolved.kind,
      ),
    ).toEqual(['WorkflowPlane', 'ClusterWorkflowPlane']);
    const docker = items.find(w => w.name === 'dockerfile-builder')!;
    expect(
      docker.secrets.map(s => ({
        name: s.name,
        namespace: s.namespace,
        store: s.secretStore,
        status: s.status,
        condition: s.condition,
        remoteKeys: s.remoteKeys,
      })),
    ).toEqual([
      {
        name: 'git-secret',
        namespace: 'workflows-nova',
        store: { kind: 'ClusterSecretStore', name: 'shared-store' },
        status: 'Missing',
        // Created only for a private repository: carried as written, never evaluated.
        condition:
          '${has(parameters.repository.secretRef) && parameters.repository.secretRef != ""}',
        // `data` is a CEL expression over the SecretReference: no keys to list.
        remoteKeys: [],
      },
      {
        name: 'registry-push-secret',
        namespace: 'workflows-nova',
        store: { kind: 'ClusterSecretStore', name: 'shared-store' },
        status: 'Ready',
        condition: undefined,
        remoteKeys: ['registry-push-secret'],
      },
    ]);
    // The conditional git secret no run created yet does not hold the workflow back.
    expect(docker.ready).toBe(true);
    const own = items.find(w => w.name === 'paketo-buildpacks')!;
    expect(own.secrets[1].secretStore?.name).toBe('nova-store');
  });

  it('is not ready while an unconditional secret is not Ready', async () => {
    const { items } = await setup({
      externalSecrets: [pushSecret('False')],
    }).service.list(['nova']);
    const docker = items.find(w => w.name === 'dockerfile-builder')!;
    expect(docker.secrets[1].status).toBe('NotReady');
    expect(docker.ready).toBe(false);
  });

  it('names the plane a workflow asks for, and leaves its secrets Unknown, when that plane does not exist', async () => {
    const { items } = await setup({
      planes: [planes[0]],
    }).service.list(['nova']);
    const own = items.find(w => w.name === 'paketo-buildpacks')!;
    expect(own.workflowPlane).toEqual({
      kind: 'WorkflowPlane',
      name: 'default',
    });
    expect(own.secrets.map(s => [s.status, s.message])).toEqual([
      [
        'Unknown',
        'Workflow paketo-buildpacks runs on a plane which does not exist',
      ],
      [
        'Unknown',
        'Workflow paketo-buildpacks runs on a plane which does not exist',
      ],
    ]);
    expect(own.ready).toBe(false);
    expect(
      items.find(w => w.name === 'dockerfile-builder')!.secrets[1].status,
    ).toBe('Missing');
  });

  it('warns about a repository role marked twice, as upstream rejects such a Workflow', async () => {
    const schema = structuredClone(
      dockerfileBuilder.spec!.parameters!.openAPIV3Schema!,
    );
    schema.properties!.mirror = {
      type: 'string',
      [REPOSITORY_FIELD_MARKERS.url]: true,
    } as never;
    const twice: Workflow = {
      ...dockerfileBuilder,
      spec: {
        ...dockerfileBuilder.spec,
        parameters: { openAPIV3Schema: schema },
      },
    };
    const { items } = await setup({
      workflows: [],
      clusterWorkflows: [twice],
    }).service.list(['nova']);
    expect(items[0].schemaWarnings).toEqual([
      `parameters: ${REPOSITORY_FIELD_MARKERS.url} marks both repository.url and mirror; a Workflow may mark one field per role`,
    ]);
    expect(items[0].repositoryFields?.url).toBe('repository.url');
  });
});

describe("WorkflowService for a v1 component's Start build form", () => {
  const component: ComponentV1 = {
    metadata: { name: 'reading-list-service', namespace: 'nova' },
    spec: {
      owner: { projectName: 'storefront' },
      componentType: { kind: 'ComponentType', name: 'deployment/service' },
      workflow: { kind: 'Workflow', name: 'paketo-buildpacks' },
    },
  };
  /** nova's ComponentType `service`, as the sandbox seeds it. */
  const novaService: ComponentTypeV1 = {
    metadata: { name: 'service', namespace: 'nova' },
    spec: {
      allowedWorkflows: [
        { kind: 'Workflow', name: 'paketo-buildpacks' },
        { kind: 'ClusterWorkflow', name: 'dockerfile-builder' },
      ],
    },
  };

  it("lists exactly the workflows the component's type allows", async () => {
    const { service, v1 } = setup({ component, componentType: novaService });
    const { items } = await service.listForComponent(
      'nova',
      'storefront',
      'reading-list-service',
    );
    expect(items.map(w => `${w.kind}/${w.name}`)).toEqual([
      'Workflow/paketo-buildpacks',
      'ClusterWorkflow/dockerfile-builder',
    ]);
    expect(v1.findComponentType).toHaveBeenCalledWith(
      'ComponentType',
      'nova',
      'service',
    );
  });

  it('defaults an allowed entry without kind to ClusterWorkflow (the upstream sample type)', async () => {
    const { items } = await setup({
      component: {
        ...component,
        spec: {
          ...component.spec,
          componentType: {
            kind: 'ClusterComponentType',
            name: 'deployment/service',
          },
        },
      },
      componentType: serviceType,
    }).service.listForComponent('nova', 'storefront', 'reading-list-service');
    expect(items.map(w => `${w.kind}/${w.name}`)).toEqual([
      'ClusterWorkflow/dockerfile-builder',
      'ClusterWorkflow/paketo-buildpacks-builder',
    ]);
  });

  it('answers 404 for a component of another project or a type that does not exist', async () => {
    await expect(
      setup({ component, componentType: novaService }).service.listForComponent(
        'nova',
        'other',
        'reading-list-service',
      ),
    ).rejects.toThrow(
      new NotFoundError(
        'Component nova/reading-list-service not found in project other (it belongs to project storefront)',
      ),
    );
    await expect(
      setup({ component }).service.listForComponent(
        'nova',
        'storefront',
        'reading-list-service',
      ),
    ).rejects.toThrow(
      "ComponentType service of component nova/reading-list-service does not exist, so the workflows it may run are unknown; create it or fix the Component's spec.componentType",
    );
  });
});
