import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { ArgoWorkflow as PortalArgoWorkflow } from '@openchoreo-build/plugin-openchoreo-build-common';
// The portal backend's own reading of an Argo Workflow: what its step graph is drawn from.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { extractArgoSteps } from '../../../../../plugins/openchoreo-build-backend/src/runs/steps';
import {
  GROUP,
  Harness,
  runBody,
  startHarness,
  VERSION,
} from '../../__testUtils__/harness';
import type {
  ArgoNode,
  ArgoWorkflow,
  ComponentWorkflowRun,
} from '../../__testUtils__/types';
import { readConditions } from '../conditions';
import { fnv1a32 } from './names';
import { MISSING_DOCKERFILE } from './scripts';

jest.setTimeout(60000);

/**
 * The seeded `docker-dag` ComponentWorkflow (`seed/dockerDag.ts`) end to end: a run of
 * greeter-service renders a Workflow referencing the `docker-dag` ClusterWorkflowTemplate, whose
 * DAG the emulated Argo controller runs as real Argo would.
 */
const RUNS = {
  group: GROUP,
  version: VERSION,
  plural: 'componentworkflowruns',
};
const WFS = { group: 'argoproj.io', version: 'v1alpha1', plural: 'workflows' };
const CI = 'openchoreo-ci-default';
const TASKS = ['clone-step', 'build-step', 'scan-step', 'push-step'];

describe('a docker-dag run of greeter-service', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: true });
  });
  afterAll(() => h.close());

  /** Starts a docker-dag run and waits for the run condition `until`. */
  async function run(
    name: string,
    until: string,
    appPath?: string,
  ): Promise<{ run: ComponentWorkflowRun; wf: ArgoWorkflow }> {
    await h.control
      .makeApiClient(CustomObjectsApi)
      .createNamespacedCustomObject({
        ...RUNS,
        namespace: 'default',
        body: runBody(name, { workflow: 'docker-dag', appPath }),
      });
    const done = (await h.sandbox.waitForRunCondition(
      'default',
      name,
      until,
    )) as ComponentWorkflowRun;
    const wf: ArgoWorkflow = await h.build
      .makeApiClient(CustomObjectsApi)
      .getNamespacedCustomObject({ ...WFS, namespace: CI, name });
    return { run: done, wf };
  }

  const nodesByDisplay = (wf: ArgoWorkflow): Record<string, ArgoNode> =>
    Object.fromEntries(
      Object.values(wf.status?.nodes ?? {}).map(n => [n.displayName, n]),
    );

  it('succeeds: a DAG node, four task pods with their dependents as children, logs per task', async () => {
    const name = 'greeter-service-workflow-dag00001';
    const { run: done, wf } = await run(name, 'WorkflowSucceeded');
    expect(wf.status?.phase).toBe('Succeeded');
    const nodes = nodesByDisplay(wf);
    const id = (task: string) => nodes[task].id;
    expect(nodes[name]).toMatchObject({
      id: name,
      type: 'DAG',
      templateName: 'build-workflow',
      phase: 'Succeeded',
      children: [id('clone-step')],
      outboundNodes: [id('push-step')],
    });
    for (const task of TASKS)
      expect(nodes[task]).toMatchObject({
        id: `${name}-${fnv1a32(`${name}.${task}`)}`,
        name: `${name}.${task}`,
        type: 'Pod',
        templateName: task,
        boundaryID: name,
        phase: 'Succeeded',
      });
    expect(nodes['clone-step'].children).toEqual([
      id('build-step'),
      id('scan-step'),
    ]);
    expect(nodes['build-step'].children).toEqual([id('push-step')]);
    expect(nodes['scan-step'].children).toEqual([id('push-step')]);
    expect(nodes['push-step'].children).toBeUndefined();
    expect(nodes['build-step'].startedAt).toBe(nodes['scan-step'].startedAt);
    // Arguments from the clone task's outputs, the image from the push task's.
    expect(nodes['push-step'].inputs?.parameters).toEqual([
      { name: 'git-revision', value: expect.stringMatching(/^[0-9a-f]{8}$/) },
    ]);
    expect(done.status?.imageStatus?.image).toMatch(
      /^gcr\.io\/openchoreo-dev\/images\/default-greeter-service-image:v1-[0-9a-f]{8}$/,
    );

    // Each task's pod (v2 names) and its own log.
    const core = h.build.makeApiClient(CoreV1Api);
    const log = (task: string) =>
      core.readNamespacedPodLog({
        namespace: CI,
        name: `${name}-${task}-${fnv1a32(`${name}.${task}`)}`,
        container: 'main',
      });
    expect(await log('clone-step')).toContain('Cloning branch: main');
    expect(await log('build-step')).toContain('Successfully tagged');
    expect(await log('scan-step')).toContain('Report Summary');
    expect(await log('push-step')).toContain('Pushed gcr.io/openchoreo-dev');

    // No workload-create-step: no Workload, as for the GitOps templates' runs.
    const settled = await h.sandbox.waitForObject(
      h.sandbox.controlPlane,
      'openchoreo.dev/v1alpha1',
      'componentworkflowruns',
      'default',
      name,
      r => readConditions(r?.status).some(c => c.type === 'WorkloadUpdated'),
    );
    expect(
      readConditions(settled?.status).find(c => c.type === 'WorkloadUpdated'),
    ).toMatchObject({ status: 'False', reason: 'WorkloadUpdateFailed' });

    // The portal backend reads the same graph: each task after its dependencies.
    const steps = extractArgoSteps(wf as unknown as PortalArgoWorkflow);
    const nameOf = new Map(steps.map(s => [s.id, s.name]));
    expect(
      Object.fromEntries(
        steps.map(s => [s.name, (s.dependsOn ?? []).map(d => nameOf.get(d))]),
      ),
    ).toEqual({
      'clone-step': [],
      'build-step': ['clone-step'],
      'scan-step': ['clone-step'],
      'push-step': ['build-step', 'scan-step'],
    });
  });

  it('fails when the build fails: the scan still runs, push-step is omitted', async () => {
    const name = 'greeter-service-workflow-dag00002';
    const { wf } = await run(name, 'WorkflowFailed', `/${MISSING_DOCKERFILE}`);
    expect(wf.status?.phase).toBe('Failed');
    const nodes = nodesByDisplay(wf);
    expect(nodes['build-step']).toMatchObject({ type: 'Pod', phase: 'Failed' });
    expect(nodes['scan-step']).toMatchObject({
      type: 'Pod',
      phase: 'Succeeded',
    });
    expect(nodes['push-step']).toMatchObject({
      type: 'Skipped',
      phase: 'Omitted',
      message: 'omitted: depends condition not met',
      boundaryID: name,
    });
    expect(nodes[name]).toMatchObject({
      type: 'DAG',
      phase: 'Failed',
      outboundNodes: [nodes['push-step'].id],
    });
    // No pod for the omitted task.
    const { items } = await h.build.makeApiClient(CoreV1Api).listNamespacedPod({
      namespace: CI,
      labelSelector: `workflows.argoproj.io/workflow=${name}`,
    });
    expect(items.map(p => p.metadata?.name).sort()).toEqual(
      ['build-step', 'clone-step', 'scan-step'].map(
        t => `${name}-${t}-${fnv1a32(`${name}.${t}`)}`,
      ),
    );
  });
});
