import { Harness, runBody, startHarness } from '../__testUtils__/harness';
import { addOrg, createRun, RUN_API } from '../__testUtils__/runController';
import { isRecord } from '../apiserver/types';
import { chartClusterSecretStore } from './secretStore';
import { readConditions } from './conditions';
import { pushedImage, workloadCrOutput } from './runStatus';
import { parseWorkloadCr } from './workload';

jest.setTimeout(60000);

const node = (
  templateName: string,
  phase: string,
  parameters: Array<{ name: string; value: string }>,
) => ({ templateName, phase, outputs: { parameters } });

describe('image and workload outputs (controller.go@v0.9.0:254,480-494)', () => {
  it('takes the image only from the push-step node', () => {
    expect(
      pushedImage({
        nodes: {
          a: node('build-step', 'Succeeded', [{ name: 'image', value: 'x' }]),
          b: node('push-step', 'Succeeded', [{ name: 'image', value: 'y' }]),
        },
      }),
    ).toBe('y');
    // GitOps templates push in `push-image`: upstream records no image for them.
    expect(
      pushedImage({
        nodes: {
          a: node('push-image', 'Succeeded', [{ name: 'image', value: 'y' }]),
        },
      }),
    ).toBeUndefined();
  });

  it('takes workload-cr only from a Succeeded workload-create-step node', () => {
    const cr = [{ name: 'workload-cr', value: 'kind: Workload' }];
    expect(
      workloadCrOutput({
        nodes: { a: node('workload-create-step', 'Failed', cr) },
      }),
    ).toBeUndefined();
    expect(
      workloadCrOutput({ nodes: { a: node('other-step', 'Succeeded', cr) } }),
    ).toBeUndefined();
    expect(
      workloadCrOutput({
        nodes: { a: node('workload-create-step', 'Succeeded', cr) },
      }),
    ).toBe('kind: Workload');
  });

  it('reads the output like yaml.Unmarshal into a Workload: known fields only, namespace of the run', () => {
    const parsed = parseWorkloadCr(
      [
        'apiVersion: openchoreo.dev/v1alpha1',
        'kind: Workload',
        'metadata:',
        '  name: w',
        '  namespace: elsewhere',
        'spec:',
        '  owner: {projectName: p, componentName: c}',
        'status: {ready: true}',
        'extra: dropped',
      ].join('\n'),
      'org',
    );
    expect(parsed).toEqual({
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'Workload',
      metadata: { name: 'w', namespace: 'org' },
      spec: { owner: { projectName: 'p', componentName: 'c' } },
    });
    expect(parseWorkloadCr('a: [', 'org')).toMatch(
      /^failed to unmarshal workload CR/,
    );
  });
});

describe('after a successful Workflow', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    addOrg(h.sandbox, 'default', {
      buildPlane: true,
      workflows: ['docker', 'docker-gitops-release'],
    });
    // The fake ClusterSecretStore the GitOps run's per-run ExternalSecrets read (validated by the
    // ESO emulation's store controller).
    h.sandbox.buildPlane.create(
      chartClusterSecretStore([
        { key: 'git-token', value: 't' },
        { key: 'gitops-token', value: 't' },
      ]),
      'clustersecretstores',
    );
  });
  afterAll(() => h.close());

  it('server-side-applies the Workload from workload-cr in the run namespace, then WorkloadUpdated=True', async () => {
    const name = 'greeter-service-workflow-0a0b0c0d';
    createRun(h.sandbox, 'default', runBody(name));
    const run = await h.sandbox.waitForRunCondition(
      'default',
      name,
      'WorkloadUpdated',
    );
    expect(
      readConditions(run.status).find(c => c.type === 'WorkloadUpdated'),
    ).toMatchObject({
      status: 'True',
      reason: 'WorkloadUpdated',
      message: 'Workload CR created/updated successfully',
    });
    const image =
      isRecord(run.status) && isRecord(run.status.imageStatus)
        ? run.status.imageStatus.image
        : undefined;
    expect(image).toEqual(expect.stringContaining('greeter-service-image'));
    const workload = h.sandbox.controlPlane.get(
      RUN_API,
      'workloads',
      'default',
      'greeter-service-workload',
    );
    expect(workload?.spec).toMatchObject({
      owner: { projectName: 'default', componentName: 'greeter-service' },
      containers: { main: { image } },
      endpoints: { http: { type: 'HTTP', port: 8080 } },
    });
  });

  it('records no image and WorkloadUpdated=False/WorkloadUpdateFailed for a GitOps run (push-image, no workload-create-step)', async () => {
    const name = 'greeter-service-workflow-9a0b0c0d';
    createRun(
      h.sandbox,
      'default',
      runBody(name, {
        workflow: 'docker-gitops-release',
        parameters: {
          gitops: {
            repositoryUrl: 'https://github.com/openchoreo/sample-gitops',
            deploymentPipeline: 'default',
          },
        },
      }),
    );
    let run = await h.sandbox.waitForRunCondition(
      'default',
      name,
      'WorkflowSucceeded',
    );
    run = (await h.sandbox.waitForObject(
      h.sandbox.controlPlane,
      RUN_API,
      'componentworkflowruns',
      'default',
      name,
      r => readConditions(r?.status).some(c => c.type === 'WorkloadUpdated'),
    ))!;
    expect(
      readConditions(run.status).find(c => c.type === 'WorkloadUpdated'),
    ).toMatchObject({
      status: 'False',
      reason: 'WorkloadUpdateFailed',
      message: 'Failed to create/update workload CR',
    });
    expect(isRecord(run.status) && run.status.imageStatus).toEqual({});
  });
});
