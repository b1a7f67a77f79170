import { PassThrough } from 'node:stream';
import {
  CoreV1Api,
  CustomObjectsApi,
  Log,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import {
  GROUP,
  Harness,
  runBody,
  startHarness,
  VERSION,
} from '../__testUtils__/harness';
import {
  ArgoWorkflow,
  ComponentWorkflowRun,
  KList,
  RunStatus,
} from '../__testUtils__/types';
import { KObject } from '../apiserver/types';
import { Condition } from './conditions';
import { fnv1a32 } from './argo/names';

jest.setTimeout(60000);

const RUNS = {
  group: GROUP,
  version: VERSION,
  plural: 'componentworkflowruns',
};
/** A run to create: what runBody builds, optionally with labels or a status of its own. */
type RunBody = ReturnType<typeof runBody> & {
  metadata: { labels?: Record<string, string> };
  status?: RunStatus;
};
/** waitForRunCondition only resolves runs that have conditions. */
type RunStatusWithConditions = RunStatus & { conditions: Condition[] };
const WFS = { group: 'argoproj.io', version: 'v1alpha1', plural: 'workflows' };

describe('controller emulation', () => {
  let h: Harness;
  let runs: CustomObjectsApi;
  let bp: CustomObjectsApi;
  let core: CoreV1Api;

  beforeAll(async () => {
    h = await startHarness({ seed: true });
    runs = h.control.makeApiClient(CustomObjectsApi);
    bp = h.build.makeApiClient(CustomObjectsApi);
    core = h.build.makeApiClient(CoreV1Api);
  });
  afterAll(() => h.close());

  const create = (ns: string, body: RunBody): Promise<ComponentWorkflowRun> =>
    runs.createNamespacedCustomObject({ ...RUNS, namespace: ns, body });
  const workflowOf = async (ns: string, name: string): Promise<ArgoWorkflow> =>
    bp.getNamespacedCustomObject({
      ...WFS,
      namespace: `openchoreo-ci-${ns}`,
      name,
    });
  /** The run as the controller wrote it (waitForRunCondition resolves once it has a status). */
  const runOf = async (
    ns: string,
    name: string,
    condition: string,
  ): Promise<ComponentWorkflowRun & { status: RunStatusWithConditions }> =>
    (await h.sandbox.waitForRunCondition(
      ns,
      name,
      condition,
    )) as ComponentWorkflowRun & { status: RunStatusWithConditions };
  const nodesOf = (wf: ArgoWorkflow) => Object.values(wf.status?.nodes ?? {});
  const podNodes = (wf: ArgoWorkflow) =>
    nodesOf(wf)
      .filter(n => n.type === 'Pod')
      .sort((a, b) => a.name.localeCompare(b.name));

  it('turns a run into an Argo Workflow whose steps, pods, outputs and conditions follow Argo and OpenChoreo', async () => {
    await create(
      'default',
      runBody('greeter-service-workflow-0a1b2c3d', { commit: 'abcdef1234567' }),
    );
    const run = await runOf(
      'default',
      'greeter-service-workflow-0a1b2c3d',
      'WorkloadUpdated',
    );
    const wf = await workflowOf('default', run.metadata.name!);
    expect(wf.metadata.labels).toMatchObject({
      'openchoreo.dev/componentworkflowrun': run.metadata.name,
      'openchoreo.dev/componentworkflowrun-namespace': 'default',
      'openchoreo.dev/managed-by': 'componentworkflowrun-controller', // controller.go@v0.9.0:295
      'workflows.argoproj.io/phase': 'Succeeded',
    });
    expect(wf.spec.ttlStrategy?.secondsAfterCompletion).toBe(20);
    expect(wf.spec.arguments?.parameters).toContainEqual({
      name: 'commit',
      value: 'abcdef1234567',
    });
    const root = wf.status?.nodes?.[wf.metadata.name!];
    expect(root).toMatchObject({
      type: 'Steps',
      phase: 'Succeeded',
      templateName: 'build-workflow',
    });
    const groups = nodesOf(wf).filter(n => n.type === 'StepGroup');
    expect(groups).toHaveLength(4);
    const pods = podNodes(wf);
    expect(pods.map(n => n.templateName)).toEqual([
      'clone-step',
      'build-step',
      'push-step',
      'workload-create-step',
    ]);
    for (const node of pods) {
      expect(node.id).toBe(`${wf.metadata.name}-${fnv1a32(node.name)}`);
      expect(node).toMatchObject({
        phase: 'Succeeded',
        displayName: node.templateName,
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
      });
      const podName = `${wf.metadata.name}-${node.templateName}-${fnv1a32(
        node.name,
      )}`;
      const pod = await core.readNamespacedPod({
        namespace: 'openchoreo-ci-default',
        name: podName,
      });
      expect(pod.metadata!.labels!['workflows.argoproj.io/workflow']).toBe(
        wf.metadata.name,
      );
      expect(
        pod.metadata!.annotations!['workflows.argoproj.io/node-name'],
      ).toBe(node.name);
      expect(pod.spec!.containers.map(c => c.name).sort()).toEqual([
        'main',
        'wait',
      ]);
      expect(pod.spec!.initContainers!.map(c => c.name)).toEqual(['init']);
    }
    // Steps run in order: each starts after the previous one finished.
    for (let i = 1; i < pods.length; i++)
      expect(Date.parse(pods[i].startedAt)).toBeGreaterThanOrEqual(
        Date.parse(pods[i - 1].finishedAt!),
      );
    const image = pods[2].outputs?.parameters.find(
      p => p.name === 'image',
    )?.value;
    expect(image).toContain('default-greeter-service-image:v1-abcdef12');
    expect(pods[3].outputs?.parameters[0]).toMatchObject({
      name: 'workload-cr',
      value: expect.stringContaining('kind: Workload'),
    });

    expect(run.status.imageStatus).toEqual({ image });
    expect(run.status.runReference).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      name: run.metadata.name,
      namespace: 'openchoreo-ci-default',
    });
    const byType = Object.fromEntries(
      run.status.conditions.map(c => [c.type, c]),
    );
    expect(byType.WorkflowCompleted).toMatchObject({
      status: 'True',
      reason: 'WorkflowSucceeded',
      observedGeneration: 1,
    });
    expect(byType.WorkflowRunning).toMatchObject({
      status: 'False',
      reason: 'WorkflowRunning',
    });
    expect(byType.WorkflowSucceeded).toMatchObject({
      status: 'True',
      reason: 'WorkflowSucceeded',
    });
    expect(byType.WorkloadUpdated).toMatchObject({
      status: 'True',
      reason: 'WorkloadUpdated',
    });
    for (const c of run.status.conditions)
      expect(Date.parse(c.lastTransitionTime)).not.toBeNaN();
  });

  it('serves pods/log with container, timestamps, tailLines, limitBytes, sinceTime and follow', async () => {
    const name = 'greeter-service-workflow-10a2f00d';
    await create('default', runBody(name));
    // Follow the build step from the moment its pod exists until the container ends.
    let buildPod = '';
    await h.sandbox.waitForObject(
      h.sandbox.buildPlane,
      'argoproj.io/v1alpha1',
      'workflows',
      'openchoreo-ci-default',
      name,
      wf => {
        const node = (wf ? nodesOf(wf as ArgoWorkflow) : []).find(
          n => n.templateName === 'build-step',
        );
        if (node) buildPod = `${name}-build-step-${fnv1a32(node.name)}`;
        return !!node;
      },
    );
    const followed = new PassThrough();
    let text = '';
    followed.on('data', d => (text += d.toString()));
    const ended = new Promise<void>(resolve =>
      followed.on('end', () => resolve()),
    );
    await new Log(h.build).log(
      'openchoreo-ci-default',
      buildPod,
      'main',
      followed,
      { follow: true },
    );
    await ended;
    const container = h.sandbox.buildPlane.logs.get(
      'openchoreo-ci-default',
      buildPod,
      'main',
    )!;
    expect(container.ended).toBe(true);
    expect(text.split('\n').filter(Boolean).length).toBe(
      container.lines.length,
    );
    expect(text).toContain('\u001b['); // ANSI colours

    const read = (opts: Parameters<CoreV1Api['readNamespacedPodLog']>[0]) =>
      core.readNamespacedPodLog(opts);
    const base = { namespace: 'openchoreo-ci-default', name: buildPod };
    const withTs = await read({ ...base, container: 'main', timestamps: true });
    const lines = withTs.trim().split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
    expect(
      (await read({ ...base, container: 'main', tailLines: 2 }))
        .trim()
        .split('\n'),
    ).toHaveLength(2);
    expect(
      (await read({ ...base, container: 'main', limitBytes: 10 })).length,
    ).toBe(10);
    // readNamespacedPodLog has no sinceTime parameter; client-node's Log sends it.
    const sinceTime = async (time: string): Promise<string[]> => {
      const out = new PassThrough();
      let body = '';
      out.on('data', d => (body += d.toString()));
      const done = new Promise<void>(resolve => out.on('end', () => resolve()));
      await new Log(h.build).log(
        'openchoreo-ci-default',
        buildPod,
        'main',
        out,
        { sinceTime: time, timestamps: true },
      );
      await done;
      return body.split('\n').filter(Boolean);
    };
    // The kubelet compares whole seconds (RFC3339): lines of the last line's second and later.
    const lastSecond = `${lines[lines.length - 1].slice(0, 19)}Z`;
    const since = await sinceTime(lastSecond);
    expect(since.length).toBeGreaterThan(0);
    expect(since).toEqual(
      lines.filter(l => `${l.slice(0, 19)}Z` >= lastSecond),
    );
    expect(
      await sinceTime(new Date(Date.parse(lastSecond) + 1000).toISOString()),
    ).toEqual([]);
    expect(await read({ ...base, container: 'main', sinceSeconds: 3600 })).toBe(
      text,
    );
    expect(await read({ ...base, container: 'init' })).toContain(
      'Starting Workflow Executor',
    );
    expect(await read({ ...base, container: 'wait' })).toContain(
      'Main container completed',
    );
    await expect(read({ ...base })).rejects.toMatchObject({ code: 400 });
  });

  it('stops a workflow on spec.shutdown=Terminate and fails the run', async () => {
    const name = 'greeter-service-workflow-7e3a11a7';
    await create('default', runBody(name));
    await h.sandbox.waitForRunCondition('default', name, 'WorkflowRunning');
    await bp.patchNamespacedCustomObject(
      {
        ...WFS,
        namespace: 'openchoreo-ci-default',
        name,
        body: { spec: { shutdown: 'Terminate' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const run = await runOf('default', name, 'WorkflowFailed');
    // setWorkflowFailedCondition (controller_conditions.go@v0.9.0:75-97) has a fixed message;
    // the reason the workflow stopped is on its nodes only.
    const failed = run.status.conditions.find(c => c.type === 'WorkflowFailed');
    expect(failed?.message).toBe('Workflow execution failed');
    const wf = await workflowOf('default', name);
    expect(wf.status?.phase).toBe('Failed');
    expect(
      podNodes(wf).some(
        n =>
          n.phase === 'Failed' &&
          n.message === "Stopped with strategy 'Terminate'",
      ),
    ).toBe(true);
  });

  it('runs a build annotated with its own speed at that speed, in a fast sandbox', async () => {
    const slow = 'greeter-service-workflow-5104d0e1';
    const fast = 'greeter-service-workflow-fa57fa57';
    await create(
      'default',
      runBody(slow, { annotations: { 'sandbox.openchoreo.dev/speed': '1' } }),
    );
    await create('default', runBody(fast));
    await runOf('default', fast, 'WorkflowSucceeded');
    const held: ComponentWorkflowRun = await runs.getNamespacedCustomObject({
      ...RUNS,
      namespace: 'default',
      name: slow,
    });
    const trueTypes = (held.status?.conditions ?? [])
      .filter(c => c.status === 'True')
      .map(c => c.type);
    expect(trueTypes).not.toContain('WorkflowSucceeded');
    expect(trueTypes).not.toContain('WorkflowFailed');
    expect(
      (await workflowOf('default', slow)).metadata.annotations?.[
        'sandbox.openchoreo.dev/speed'
      ],
    ).toBe('1');
    // End it, so it does not outlive the test.
    await bp.patchNamespacedCustomObject(
      {
        ...WFS,
        namespace: 'openchoreo-ci-default',
        name: slow,
        body: { spec: { shutdown: 'Terminate' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await runOf('default', slow, 'WorkflowFailed');
  });

  it('fails on the documented inputs', async () => {
    await create(
      'default',
      runBody('greeter-service-workflow-d0cf11e0', {
        appPath: '/service-go-greeter/missing-dockerfile',
      }),
    );
    // A missing Secret never fails a step: see argo/volumeSetup.test.ts (FailedMount, run stays Running).

    const noDockerfile = await runOf(
      'default',
      'greeter-service-workflow-d0cf11e0',
      'WorkflowFailed',
    );
    const build = podNodes(
      await workflowOf('default', noDockerfile.metadata.name!),
    ).find(n => n.templateName === 'build-step');
    expect(build?.phase).toBe('Failed');
    const podName = `${noDockerfile.metadata.name}-build-step-${fnv1a32(
      build!.name,
    )}`;
    expect(
      await core.readNamespacedPodLog({
        namespace: 'openchoreo-ci-default',
        name: podName,
        container: 'main',
      }),
    ).toContain('no such file or directory');
  });

  it('creates and syncs per-run ExternalSecrets of GitOps workflows (eight steps)', async () => {
    const name = 'greeter-service-workflow-9170b5ee';
    const body = runBody(name, {
      workflow: 'docker-gitops-release',
      parameters: {
        gitops: {
          repositoryUrl: 'https://github.com/openchoreo/sample-gitops',
          deploymentPipeline: 'default',
        },
      },
    });
    await create('default', body);
    const run = await runOf('default', name, 'WorkflowSucceeded');
    expect(run.status.resources?.map(r => r.name)).toEqual([
      `${name}-source-git-secret`,
      `${name}-gitops-git-secret`,
    ]);
    const es: KObject & { status: { conditions: Condition[] } } =
      await bp.getNamespacedCustomObject({
        group: 'external-secrets.io',
        version: 'v1',
        plural: 'externalsecrets',
        namespace: 'openchoreo-ci-default',
        name: `${name}-source-git-secret`,
      });
    expect(es.status.conditions[0]).toMatchObject({
      type: 'Ready',
      status: 'True',
    });
    await expect(
      core.readNamespacedSecret({
        namespace: 'openchoreo-ci-default',
        name: `${name}-gitops-git-secret`,
      }),
    ).resolves.toBeDefined();
    expect(
      podNodes(await workflowOf('default', name)).map(n => n.templateName),
    ).toEqual([
      'clone-source',
      'build-image',
      'push-image',
      'extract-descriptor',
      'clone-gitops',
      'create-feature-branch',
      'generate-gitops-resources',
      'git-commit-push-pr',
    ]);
  });

  it('writes about log-bytes bytes of build log and leaves objects written by other clients alone', async () => {
    const foreignWf = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'foreign', namespace: 'openchoreo-ci-default' },
      spec: { entrypoint: 'main' },
      status: { phase: 'Running', nodes: {} },
    };
    const wfBefore: ArgoWorkflow = await bp.createNamespacedCustomObject({
      ...WFS,
      namespace: 'openchoreo-ci-default',
      body: foreignWf,
    });
    const foreignRun = {
      ...runBody('foreign-run'),
      status: { conditions: [] },
    };
    const runBefore: ComponentWorkflowRun = await create('default', foreignRun);
    expect(runBefore.status).toEqual({ conditions: [] });

    const name = 'greeter-service-workflow-b16b17e5';
    await create(
      'default',
      runBody(name, {
        annotations: { 'sandbox.openchoreo.dev/log-bytes': '200000' },
      }),
    );
    await h.sandbox.waitForRunCondition('default', name, 'WorkflowSucceeded');
    const build = podNodes(await workflowOf('default', name)).find(
      n => n.templateName === 'build-step',
    );
    const log = h.sandbox.buildPlane.logs.get(
      'openchoreo-ci-default',
      `${name}-build-step-${fnv1a32(build!.name)}`,
      'main',
    )!;
    expect(log.bytes).toBeGreaterThan(200000);

    const wfAfter: ArgoWorkflow = await bp.getNamespacedCustomObject({
      ...WFS,
      namespace: 'openchoreo-ci-default',
      name: 'foreign',
    });
    expect(wfAfter.metadata.resourceVersion).toBe(
      wfBefore.metadata.resourceVersion,
    );
    const runAfter: ComponentWorkflowRun = await runs.getNamespacedCustomObject(
      { ...RUNS, namespace: 'default', name: 'foreign-run' },
    );
    expect(runAfter.metadata.resourceVersion).toBe(
      runBefore.metadata.resourceVersion,
    );
  });

  it('completes a run whose log-bytes is far above the old ~12 MB limit', async () => {
    // 20 MB: `splice(i, 0, ...filler)` / `push(...lines)` used to overflow the stack here and
    // leave the run Pending.
    const bytes = 20 * 1024 * 1024;
    const name = 'greeter-service-workflow-b1620mb0';
    await create(
      'default',
      runBody(name, {
        annotations: { 'sandbox.openchoreo.dev/log-bytes': String(bytes) },
      }),
    );
    await h.sandbox.waitForRunCondition('default', name, 'WorkflowSucceeded');
    const build = podNodes(await workflowOf('default', name)).find(
      n => n.templateName === 'build-step',
    );
    const log = h.sandbox.buildPlane.logs.get(
      'openchoreo-ci-default',
      `${name}-build-step-${fnv1a32(build!.name)}`,
      'main',
    )!;
    expect(log.ended).toBe(true);
    expect(log.bytes).toBeGreaterThan(bytes);
    expect(log.bytes).toBeLessThan(bytes * 1.01);
  });

  it('delivers every change of 50 concurrent runs to one watch in resourceVersion order', async () => {
    const list: KList<ComponentWorkflowRun> =
      await runs.listNamespacedCustomObject({ ...RUNS, namespace: 'default' });
    const succeeded = new Set<string>();
    const seen = new Set<string>();
    const rvs: number[] = [];
    const names = Array.from(
      { length: 50 },
      (_, i) => `bulk-workflow-${String(i).padStart(8, '0')}`,
    );
    const done = new Promise<void>((resolve, reject) => {
      let controller: AbortController | undefined;
      new Watch(h.control)
        .watch(
          `/apis/${GROUP}/${VERSION}/namespaces/default/componentworkflowruns`,
          {
            resourceVersion: list.metadata.resourceVersion,
            labelSelector: 'bulk=true',
          },
          (type: string, obj: ComponentWorkflowRun) => {
            rvs.push(Number(obj.metadata.resourceVersion));
            if (type === 'ADDED') seen.add(obj.metadata.name!);
            if (
              (obj.status?.conditions ?? []).some(
                c => c.type === 'WorkflowSucceeded' && c.status === 'True',
              )
            )
              succeeded.add(obj.metadata.name!);
            if (succeeded.size === names.length) {
              controller?.abort();
              resolve();
            }
          },
          err => (err && err.name !== 'AbortError' ? reject(err) : undefined),
        )
        .then(c => {
          controller = c;
        }, reject);
    });
    await Promise.all(
      names.map(n => {
        const body = runBody(n);
        return create('default', {
          ...body,
          metadata: { ...body.metadata, labels: { bulk: 'true' } },
        });
      }),
    );
    await done;
    expect(seen.size).toBe(50);
    for (let i = 1; i < rvs.length; i++)
      expect(rvs[i]).toBeGreaterThan(rvs[i - 1]);
  });
});
