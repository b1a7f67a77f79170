import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import type { Cluster } from '../../apiserver/cluster';
import { isRecord, KObject } from '../../apiserver/types';
import { readCrds } from '../../crds/readCrds';
import { Harness, REFERENCE, startHarness } from '../../__testUtils__/harness';
import { readConditions } from '../conditions';
import { WORKFLOW_RUN_FINALIZER } from '.';

/*
 * The v1.2.3 WorkflowRun controller against the real v1.2.3 CRDs and the upstream samples
 * (fixtures/reference/openchoreo/{crds,samples}-v1.2.3): ClusterWorkflow dockerfile-builder,
 * ClusterComponentType service, the ClusterWorkflowTemplates on the build plane.
 */

const OC = 'openchoreo.dev/v1alpha1';
const NS = 'nova';
const BUILD_NS = 'workflows-nova';
const SAMPLES = join(REFERENCE, 'openchoreo', 'samples-v1.2.3');

function sample(path: string): KObject {
  return YAML.parse(readFileSync(join(SAMPLES, path), 'utf8')) as KObject;
}

function conditionsOf(run: KObject | undefined) {
  return Object.fromEntries(
    readConditions(run?.status).map(c => [
      c.type,
      [c.status, c.reason, c.message],
    ]),
  );
}

function completed(run: KObject | undefined): boolean {
  return readConditions(run?.status).some(
    c => c.type === 'WorkflowCompleted' && c.status === 'True',
  );
}

describe('WorkflowRun controller (v1.2.3)', () => {
  let h: Harness;
  let control: Cluster;
  let build: Cluster;

  const runBody = (
    name: string,
    opts: {
      labels?: Record<string, string>;
      workflow?: string;
      ttl?: string;
      annotations?: Record<string, string>;
    } = {},
  ): KObject => ({
    apiVersion: OC,
    kind: 'WorkflowRun',
    metadata: {
      name,
      namespace: NS,
      labels: opts.labels ?? {
        'openchoreo.dev/project': 'shop',
        'openchoreo.dev/component': 'greeter',
      },
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
    },
    spec: {
      workflow: {
        kind: 'ClusterWorkflow',
        name: opts.workflow ?? 'dockerfile-builder',
        parameters: {
          repository: {
            url: 'https://github.com/openchoreo/sample-workloads',
            revision: { commit: '9fceb02d0ae598e95dc970b74767f19372d61af8' },
            appPath: '/service-go-greeter',
          },
          docker: {
            context: '/service-go-greeter',
            filePath: '/service-go-greeter/Dockerfile',
          },
        },
      },
      ...(opts.ttl ? { ttlAfterCompletion: opts.ttl } : {}),
    },
  });

  const create = (run: KObject) => control.create(run, 'workflowruns');
  const waitRun = (
    name: string,
    predicate: (run: KObject | undefined) => boolean,
  ) =>
    h.sandbox.waitForObject(
      control,
      OC,
      'workflowruns',
      NS,
      name,
      predicate,
      20_000,
    );

  beforeAll(async () => {
    h = await startHarness();
    control = h.sandbox.controlPlane;
    build = h.sandbox.buildPlane;
    for (const crd of readCrds(join(REFERENCE, 'openchoreo', 'crds-v1.2.3')))
      control.applyCrd(crd);
    control.ensureNamespace(NS);
    control.create(
      {
        apiVersion: OC,
        kind: 'ClusterWorkflowPlane',
        metadata: { name: 'default' },
        spec: {
          planeID: 'default',
          clusterAgent: { clientCA: { value: 'ca' } },
          secretStoreRef: { name: 'default' },
        },
      },
      'clusterworkflowplanes',
    );
    control.create(
      sample('ci-workflows/dockerfile-builder.yaml'),
      'clusterworkflows',
    );
    control.create(
      sample('component-types/service.yaml'),
      'clustercomponenttypes',
    );
    control.create(
      {
        apiVersion: OC,
        kind: 'Component',
        metadata: { name: 'greeter', namespace: NS },
        spec: {
          owner: { projectName: 'shop' },
          componentType: {
            kind: 'ClusterComponentType',
            name: 'deployment/service',
          },
        },
      },
      'components',
    );
    for (const t of [
      'checkout-source',
      'containerfile-build',
      'publish-image',
      'generate-workload',
    ])
      build.create(
        sample(`workflow-templates/${t}.yaml`),
        'clusterworkflowtemplates',
      );
  });

  afterAll(() => h.close());

  it('runs the sample ClusterWorkflow: tasks, times, the workload annotation, logs in workflows-<ns>', async () => {
    create(runBody('greeter-build-1'));
    const run = (await waitRun('greeter-build-1', completed))!;
    expect(run.metadata.finalizers).toEqual([WORKFLOW_RUN_FINALIZER]);
    expect(conditionsOf(run)).toEqual({
      WorkflowCompleted: [
        'True',
        'WorkflowSucceeded',
        'Workflow has completed successfully',
      ],
      WorkflowRunning: [
        'False',
        'WorkflowRunning',
        'Argo Workflow running has completed',
      ],
      WorkflowSucceeded: [
        'True',
        'WorkflowSucceeded',
        'Workflow completed successfully',
      ],
    });
    const status = run.status as Record<string, unknown>;
    const tasks = status.tasks as Array<Record<string, string>>;
    expect(tasks.map(t => [t.name, t.phase])).toEqual([
      ['checkout-source', 'Succeeded'],
      ['build-image', 'Succeeded'],
      ['publish-image', 'Succeeded'],
      ['generate-workload-cr', 'Succeeded'],
    ]);
    for (const t of tasks) expect(t.completedAt >= t.startedAt).toBe(true);
    expect(String(status.completedAt) >= String(status.startedAt)).toBe(true);
    // The Workflow's TTL is copied onto the run (controller.go@v1.2.3); this fast sandbox copies
    // it scaled (1d → the 20 s cap), keeping the Workflow's value in an annotation.
    expect((run.spec as Record<string, unknown>).ttlAfterCompletion).toBe(
      '20s',
    );
    expect(
      run.metadata.annotations?.['sandbox.openchoreo.dev/ttl-scaled-from'],
    ).toBe('1d');
    expect(status.runReference).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      name: 'greeter-build-1',
      namespace: BUILD_NS,
    });
    // generate-workload.yaml@v1.2.3 step 5; no image/commit annotations exist upstream. The
    // exact bytes: occ's sigs.k8s.io/yaml output (sorted keys) through yq (apiVersion/kind
    // deleted) and `jq -c` (converter.go@v1.2.3:512-544, generate-workload.yaml@v1.2.3:128-131).
    expect(run.metadata.annotations!['openchoreo.dev/workload']).toBe(
      `{"metadata":{"name":"greeter-workload","namespace":"${NS}"},` +
        '"spec":{"container":{"image":"ttl.sh/openchoreo-builds/nova-shop-greeter:v1-9fceb02d"},' +
        '"owner":{"componentName":"greeter","projectName":"shop"}}}',
    );
    expect(
      run.metadata.annotations!['openchoreo.dev/workload-from-source'],
    ).toBe('false');

    const wf = build.get(
      'argoproj.io/v1alpha1',
      'workflows',
      BUILD_NS,
      'greeter-build-1',
    )!;
    expect(wf.metadata.labels).toMatchObject({
      'openchoreo.dev/workflowrun': 'greeter-build-1',
      'openchoreo.dev/workflowrun-namespace': NS,
      'openchoreo.dev/managed-by': 'workflowrun-controller',
    });
    // The registry-push-secret resource is forced into workflows-<ns>; git-secret is excluded (includeWhen).
    expect(status.resources).toEqual([
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        name: 'greeter-build-1-registry-push-secret',
        namespace: BUILD_NS,
      },
    ]);
    const logs = [...build.logs.all()].filter(
      l =>
        l.namespace === BUILD_NS &&
        l.workflow === 'greeter-build-1' &&
        l.container === 'main',
    );
    const text = logs.flatMap(l => l.lines.map(line => line.text));
    expect(text).toContain(
      '>> Repository: https://github.com/openchoreo/sample-workloads',
    );
    expect(text).toContain(
      '>> Image published successfully: ttl.sh/openchoreo-builds/nova-shop-greeter:v1-9fceb02d',
    );
    expect(text).toContain('>> WorkflowRun annotated successfully (HTTP 200)');
  });

  it('fails validation for a workflow the component type does not allow', async () => {
    control.create(
      {
        ...sample('ci-workflows/dockerfile-builder.yaml'),
        metadata: { name: 'rogue-builder' },
      },
      'clusterworkflows',
    );
    create(runBody('rogue-1', { workflow: 'rogue-builder' }));
    const run = await waitRun('rogue-1', completed);
    const message =
      'workflow ClusterWorkflow/rogue-builder is not allowed for component type "service"; allowed: [ClusterWorkflow/paketo-buildpacks-builder, ClusterWorkflow/gcp-buildpacks-builder, ClusterWorkflow/dockerfile-builder, ClusterWorkflow/ballerina-buildpack-builder]';
    expect(conditionsOf(run)).toEqual({
      WorkflowCompleted: ['True', 'ComponentValidationFailed', message],
      WorkflowFailed: ['True', 'ComponentValidationFailed', message],
      WorkflowRunning: ['False', 'WorkflowRunning', message],
    });
    expect(
      build.get('argoproj.io/v1alpha1', 'workflows', BUILD_NS, 'rogue-1'),
    ).toBeUndefined();
  });

  it('fails validation when the project label is not the component’s project', async () => {
    create(
      runBody('wrong-project', {
        labels: {
          'openchoreo.dev/project': 'other',
          'openchoreo.dev/component': 'greeter',
        },
      }),
    );
    const run = await waitRun('wrong-project', completed);
    expect(conditionsOf(run).WorkflowFailed).toEqual([
      'True',
      'ComponentValidationFailed',
      'workflow run project label "other" does not match component "greeter" owner project "shop"',
    ]);
  });

  it('fails a standalone run whose ClusterWorkflow does not exist (permanent in v1.2.3)', async () => {
    create(runBody('ghost-1', { labels: {}, workflow: 'no-such-workflow' }));
    const run = await waitRun('ghost-1', completed);
    expect(conditionsOf(run)).toEqual({
      WorkflowCompleted: [
        'True',
        'WorkflowFailed',
        'Workflow is not found in the cluster',
      ],
      WorkflowFailed: [
        'True',
        'WorkflowFailed',
        'Workflow is not found in the cluster',
      ],
      WorkflowRunning: [
        'False',
        'WorkflowRunning',
        'Workflow is not found in the cluster',
      ],
    });
  });

  it('ends a run Failed when its Argo Workflow is terminated', async () => {
    // A realistic-speed run (1–3 minutes) so it is still running when it is cancelled.
    create(
      runBody('cancel-1', {
        annotations: { 'sandbox.openchoreo.dev/speed': '1' },
      }),
    );
    await waitRun('cancel-1', run =>
      readConditions(run?.status).some(
        c => c.type === 'WorkflowRunning' && c.status === 'True',
      ),
    );
    const wf = build.get(
      'argoproj.io/v1alpha1',
      'workflows',
      BUILD_NS,
      'cancel-1',
    )!;
    build.update(
      {
        ...wf,
        spec: {
          ...(wf.spec as Record<string, unknown>),
          shutdown: 'Terminate',
        },
      },
      'workflows',
    );
    const run = await waitRun('cancel-1', completed);
    expect(conditionsOf(run)).toMatchObject({
      WorkflowCompleted: [
        'True',
        'WorkflowFailed',
        'Workflow has completed with failure',
      ],
      WorkflowFailed: ['True', 'WorkflowFailed', 'Workflow execution failed'],
    });
    const tasks = (run!.status as Record<string, unknown>).tasks as Array<
      Record<string, string>
    >;
    expect(tasks.some(t => t.phase === 'Failed')).toBe(true);
  });

  it('deletes a finished run after ttlAfterCompletion, and with it its Argo Workflow and resources', async () => {
    create(runBody('short-lived', { ttl: '10s' }));
    const done = (await waitRun(
      'short-lived',
      run => isRecord(run?.status) && !!run.status.completedAt,
    ))!;
    expect(
      build.get('argoproj.io/v1alpha1', 'workflows', BUILD_NS, 'short-lived'),
    ).toBeDefined();
    const createdUid = done.metadata.uid;
    // 10 s × the fast speed (0.02) = 200 ms after completedAt.
    await waitRun('short-lived', run => run === undefined);
    expect(createdUid).toBeTruthy();
    expect(
      build.get('argoproj.io/v1alpha1', 'workflows', BUILD_NS, 'short-lived'),
    ).toBeUndefined();
    expect(
      build.get(
        'external-secrets.io/v1',
        'externalsecrets',
        BUILD_NS,
        'short-lived-registry-push-secret',
      ),
    ).toBeUndefined();
  });
});
