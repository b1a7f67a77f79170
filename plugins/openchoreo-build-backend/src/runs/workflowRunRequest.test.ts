import { InputError, NotFoundError } from '@backstage/errors';
import type {
  ComponentTypeV1,
  ComponentV1,
  CreateRunRequest,
  Workflow,
  WorkflowKind,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { v1Samples } from './__testUtils__/v1Samples';
import { WorkflowRunRequests } from './workflowRunRequest';

/** A control plane holding the upstream go-docker-greeter Component, its type and workflows. */
function controlPlaneWith(
  overrides: {
    component?: ComponentV1;
    type?: ComponentTypeV1;
    workflows?: Workflow[];
  } = {},
) {
  const samples = v1Samples();
  const component = overrides.component ?? samples.component;
  const type = overrides.type ?? samples.serviceType;
  const workflows = overrides.workflows ?? [
    samples.dockerfileBuilder,
    samples.paketoBuilder,
  ];
  return {
    getComponent: jest.fn(async (_ns: string, name: string) => {
      if (name !== component.metadata?.name)
        throw new NotFoundError(`components ${name} not found`);
      return component;
    }),
    findComponentType: jest.fn(
      async (kind: 'ComponentType' | 'ClusterComponentType', _ns, name) =>
        kind === type.kind && name === type.metadata?.name ? type : undefined,
    ),
    findWorkflow: jest.fn(async (kind: WorkflowKind, _ns: string, name) =>
      workflows.find(w => w.kind === kind && w.metadata?.name === name),
    ),
  };
}

const request = (extra: Partial<CreateRunRequest> = {}): CreateRunRequest => ({
  namespace: 'default',
  project: 'default',
  component: 'greeting-service',
  ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
}

describe('WorkflowRunRequests.prepare (v1 POST /runs)', () => {
  it("builds the run from the Component's workflow, writing the override to the marked fields", async () => {
    const prepared = await new WorkflowRunRequests(controlPlaneWith()).prepare(
      request({
        systemParameters: {
          repository: { revision: { branch: 'release', commit: 'abc1234' } },
        },
        parameters: {
          docker: { filePath: '/service-go-greeter/Containerfile' },
        },
      }),
    );
    expect(prepared.project).toBe('default');
    expect(prepared.component).toBe('greeting-service');
    expect(prepared.workflow.kind).toBe('ClusterWorkflow');
    expect(prepared.workflow.name).toBe('dockerfile-builder');
    expect(prepared.workflow.parameters).toMatchObject({
      repository: {
        url: 'https://github.com/openchoreo/sample-workloads',
        revision: { branch: 'release', commit: 'abc1234' },
        appPath: '/service-go-greeter',
      },
      docker: {
        context: '/service-go-greeter',
        filePath: '/service-go-greeter/Containerfile',
      },
    });
  });

  it('refuses a workflow the ComponentType does not allow, naming the allowed ones', async () => {
    const samples = v1Samples();
    const component = samples.component;
    // A component configured with a workflow its type does not list.
    component.spec!.workflow = {
      kind: 'ClusterWorkflow',
      name: 'other-builder',
    };
    const message = await refusal(
      new WorkflowRunRequests(controlPlaneWith({ component })).prepare(
        request(),
      ),
    );
    expect(message).toContain(
      'ClusterWorkflow/other-builder is not allowed for ClusterComponentType service',
    );
    expect(message).toContain('ClusterWorkflow/dockerfile-builder');
    expect(message).toContain('ClusterWorkflow/paketo-buildpacks-builder');
  });

  it("refuses another workflow than the Component's own, as the controller would", async () => {
    const message = await refusal(
      new WorkflowRunRequests(controlPlaneWith()).prepare(
        request({ workflow: 'paketo-buildpacks-builder' }),
      ),
    );
    expect(message).toContain(
      'component greeting-service is configured with ClusterWorkflow/dockerfile-builder',
    );
  });

  it('refuses a component of another project and an unknown component', async () => {
    const requests = new WorkflowRunRequests(controlPlaneWith());
    expect(await refusal(requests.prepare(request({ project: 'other' })))).toBe(
      'project: component greeting-service belongs to project default, not other',
    );
    expect(
      await refusal(requests.prepare(request({ component: 'nope' }))),
    ).toBe('component: Component default/nope does not exist');
  });

  it('refuses a repository override for a role the Workflow does not mark', async () => {
    const samples = v1Samples();
    const schema = samples.dockerfileBuilder.spec!.parameters!
      .openAPIV3Schema as {
      properties: {
        repository: {
          properties: {
            revision: { properties: Record<string, Record<string, unknown>> };
          };
        };
      };
    };
    delete schema.properties.repository.properties.revision.properties.commit[
      'x-openchoreo-component-parameter-repository-commit'
    ];
    const message = await refusal(
      new WorkflowRunRequests(
        controlPlaneWith({ workflows: [samples.dockerfileBuilder] }),
      ).prepare(
        request({
          systemParameters: { repository: { revision: { commit: 'abc1234' } } },
        }),
      ),
    );
    expect(message).toContain(
      'ClusterWorkflow/dockerfile-builder marks no parameter for commit',
    );
  });

  it("reports parameters that break the Workflow's openAPIV3Schema with their paths", async () => {
    const message = await refusal(
      new WorkflowRunRequests(controlPlaneWith()).prepare(
        request({ parameters: { docker: { context: 42 } } }),
      ),
    );
    expect(message).toBe(
      'Invalid run request: parameters.docker.context: must be string',
    );
  });

  it('applies the repository rules at the marked fields', async () => {
    const message = await refusal(
      new WorkflowRunRequests(controlPlaneWith()).prepare(
        request({
          parameters: { repository: { revision: { branch: 'a..b' } } },
        }),
      ),
    );
    expect(message).toContain('parameters.repository.revision.branch:');
  });
});
