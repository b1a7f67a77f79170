import { InputError } from '@backstage/errors';
import type {
  ArgoWorkflow,
  WorkflowKind,
  WorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { ControlPlane } from '../controlplane/ControlPlane';
import type { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import type { GenerationDetector } from '../controlplane/GenerationDetector';
import type { RunInformers } from '../informer/RunInformers';
import { v1Samples } from './__testUtils__/v1Samples';
import type { BuildRun } from './buildRun';
import { RunReader } from './RunReader';
import { RunService } from './RunService';

/** A v1 organization `default` holding the upstream go-docker-greeter samples. */
function v1Setup() {
  const samples = v1Samples();
  const created: WorkflowRun[] = [];
  const stored = new Map<string, WorkflowRun>();
  const controlPlaneV1 = {
    getComponent: async () => samples.component,
    findComponentType: async (kind: string, _ns: string, name: string) =>
      kind === 'ClusterComponentType' && name === 'service'
        ? samples.serviceType
        : undefined,
    findWorkflow: async (kind: WorkflowKind, _ns: string, name: string) =>
      [samples.dockerfileBuilder, samples.paketoBuilder].find(
        w => w.kind === kind && w.metadata?.name === name,
      ),
    createRun: async (namespace: string, run: WorkflowRun) => {
      const withMeta: WorkflowRun = {
        ...run,
        metadata: { ...run.metadata, namespace, uid: `uid-${created.length}` },
      };
      created.push(withMeta);
      stored.set(run.metadata!.name!, withMeta);
      return withMeta;
    },
    getRun: async (_ns: string, name: string) => stored.get(name)!,
  };
  const observed: BuildRun[] = [];
  const informers = {
    observeCreated: (run: BuildRun) => observed.push(run),
  } as unknown as RunInformers;
  const generations = {
    of: async () => 'v1',
  } as unknown as GenerationDetector;
  const runs = new RunReader({} as ControlPlane, {
    controlPlane: controlPlaneV1 as unknown as ControlPlaneV1,
    generations,
  });
  const terminated: string[] = [];
  const argo: ArgoWorkflow = { metadata: { name: 'x' }, spec: {} };
  const connectorForRun = jest.fn(async () => ({
    namespace: '',
    name: 'default',
    mode: 'agent',
    label: 'cluster workflow plane default',
    findWorkflow: async () => argo,
    terminateWorkflow: async (ns: string, name: string) => {
      terminated.push(`${ns}/${name}`);
      return argo;
    },
  }));
  const registry = { connectorForRun } as unknown as BuildPlaneRegistry;
  const service = new RunService(
    {} as ControlPlane,
    registry,
    informers,
    undefined,
    undefined,
    runs,
  );
  return { service, created, stored, observed, terminated, connectorForRun };
}

describe('RunService in a v1 organization', () => {
  it('creates a WorkflowRun named and labelled as the v1.2.3 API does, with the created-by annotation', async () => {
    const { service, created, observed } = v1Setup();
    const summary = await service.create(
      {
        namespace: 'default',
        project: 'default',
        component: 'greeting-service',
        systemParameters: {
          repository: { revision: { commit: 'abc1234' } },
        },
      },
      'user:default/ada',
    );
    expect(created).toHaveLength(1);
    const run = created[0];
    expect(run.kind).toBe('WorkflowRun');
    expect(run.metadata?.name).toMatch(/^greeting-service-run-[0-9a-f]{8}$/);
    expect(run.metadata?.labels).toEqual({
      'openchoreo.dev/project': 'default',
      'openchoreo.dev/component': 'greeting-service',
    });
    expect(run.metadata?.annotations).toEqual({
      'openchoreo.dev/created-by': 'user:default/ada',
    });
    expect(run.spec?.workflow).toMatchObject({
      kind: 'ClusterWorkflow',
      name: 'dockerfile-builder',
      parameters: {
        repository: { revision: { branch: 'main', commit: 'abc1234' } },
      },
    });
    expect(summary).toMatchObject({
      generation: 'v1',
      workflowKind: 'ClusterWorkflow',
      component: 'greeting-service',
      repository: { commit: 'abc1234' },
      createdBy: 'user:default/ada',
      status: 'Pending',
    });
    expect(observed.map(r => r.name)).toEqual([run.metadata?.name]);
  });

  it("adds a caller's labels and annotations without letting them replace the portal's", async () => {
    const { service, created } = v1Setup();
    await service.create(
      {
        namespace: 'default',
        project: 'default',
        component: 'greeting-service',
      },
      'webhook:github',
      {
        labels: {
          'openchoreo.dev/component': 'someone-else',
          'build.openchoreo.dev/webhook-delivery': 'abc',
        },
        annotations: { 'openchoreo.dev/created-by': 'forged' },
      },
    );
    expect(created[0].metadata?.labels).toEqual({
      'openchoreo.dev/project': 'default',
      'openchoreo.dev/component': 'greeting-service',
      'build.openchoreo.dev/webhook-delivery': 'abc',
    });
    expect(created[0].metadata?.annotations).toEqual({
      'openchoreo.dev/created-by': 'webhook:github',
    });
  });

  it('answers 400 before creating anything when the controller would refuse the run', async () => {
    const { service, created } = v1Setup();
    await expect(
      service.create({
        namespace: 'default',
        project: 'default',
        component: 'greeting-service',
        workflow: 'paketo-buildpacks-builder',
      }),
    ).rejects.toBeInstanceOf(InputError);
    expect(created).toEqual([]);
  });

  it("re-runs with the previous run's workflow and labels", async () => {
    const { service, created } = v1Setup();
    const first = await service.create({
      namespace: 'default',
      project: 'default',
      component: 'greeting-service',
      parameters: { docker: { filePath: '/service-go-greeter/Containerfile' } },
    });
    await service.rerun('default', first.name, 'user:default/bo');
    expect(created).toHaveLength(2);
    expect(created[1].spec?.workflow).toEqual(created[0].spec?.workflow);
    expect(created[1].metadata?.labels).toEqual(created[0].metadata?.labels);
    expect(created[1].metadata?.name).not.toBe(first.name);
  });

  it('cancels through the plane the run’s Workflow names, in workflows-<ns>', async () => {
    const { service, stored, terminated, connectorForRun } = v1Setup();
    const { name } = await service.create({
      namespace: 'default',
      project: 'default',
      component: 'greeting-service',
    });
    stored.get(name)!.status = {
      conditions: [
        { type: 'WorkflowRunning', status: 'True', reason: 'WorkflowRunning' },
      ],
      runReference: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        name,
        namespace: 'workflows-default',
      },
    };
    const answer = await service.cancel('default', name);
    expect(connectorForRun).toHaveBeenCalledWith('default', 'v1', {
      kind: 'ClusterWorkflow',
      name: 'dockerfile-builder',
    });
    expect(terminated).toEqual([`workflows-default/${name}`]);
    expect(answer.workflow).toMatchObject({
      name,
      namespace: 'workflows-default',
    });
  });
});
