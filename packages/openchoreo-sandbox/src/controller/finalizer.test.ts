import { Harness, runBody, startHarness } from '../__testUtils__/harness';
import {
  addOrg,
  sampleWorkflow,
  buildPlane,
  createRun,
  getRun,
  LogLines,
  RUN_API,
  RUNS,
} from '../__testUtils__/runController';
import type { StoreEvent } from '../apiserver/store';
import { chartClusterSecretStore } from './secretStore';
import { RUN_FINALIZER } from './reconcileRun';
import { readConditions } from './conditions';

jest.setTimeout(60000);

const WF_API = 'argoproj.io/v1alpha1';
const ES_API = 'external-secrets.io/v1';

/**
 * The run's finalizer (`controller_finalize.go@v0.9.0`): added on the first
 * reconcile; on delete the run lingers with a deletionTimestamp while the
 * controller deletes `status.resources` and the Workflow from the build plane,
 * then the finalizer goes and so does the run.
 */
describe('the componentworkflowrun-cleanup finalizer', () => {
  let h: Harness;
  const logs = new LogLines();

  beforeAll(async () => {
    h = await startHarness({ log: logs.log });
    addOrg(h.sandbox, 'default', {
      buildPlane: true,
      workflows: ['docker-gitops-release'],
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

  /** The run's change events from now on (type, deleting, finalizers), until it is DELETED. */
  const eventsUntilDeleted = (ns: string, name: string) => {
    const seen: Array<{
      type: string;
      deleting: boolean;
      finalizers: string[];
    }> = [];
    let unsubscribe = () => {};
    const done = new Promise<typeof seen>(resolve => {
      unsubscribe = h.sandbox.controlPlane.store.subscribe((e: StoreEvent) => {
        const m = e.object.metadata;
        if (e.gr !== 'openchoreo.dev/componentworkflowruns') return;
        if (m.namespace !== ns || m.name !== name) return;
        seen.push({
          type: e.type,
          deleting: !!m.deletionTimestamp,
          finalizers: m.finalizers ?? [],
        });
        if (e.type === 'DELETED') {
          unsubscribe();
          resolve(seen);
        }
      });
    });
    return done;
  };

  it('is added on the first reconcile; deleting the run removes its Workflow and resources first', async () => {
    const name = 'greeter-service-workflow-f1a112e0';
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
    const run = await h.sandbox.waitForRunCondition(
      'default',
      name,
      'WorkflowSucceeded',
    );
    expect(run.metadata.finalizers).toEqual([RUN_FINALIZER]);
    const ns = 'openchoreo-ci-default';
    const secrets = [`${name}-source-git-secret`, `${name}-gitops-git-secret`];
    for (const s of secrets)
      expect(
        h.sandbox.buildPlane.get(ES_API, 'externalsecrets', ns, s),
      ).toBeDefined();
    expect(
      h.sandbox.buildPlane.get(WF_API, 'workflows', ns, name),
    ).toBeDefined();

    const events = eventsUntilDeleted('default', name);
    // What the build plane holds when the run is finally gone.
    let leftWhenDeleted: unknown[] = [];
    const unsubscribe = h.sandbox.controlPlane.store.subscribe(e => {
      if (e.type === 'DELETED' && e.object.metadata.name === name)
        leftWhenDeleted = [
          h.sandbox.buildPlane.get(WF_API, 'workflows', ns, name),
          ...secrets.map(s =>
            h.sandbox.buildPlane.get(ES_API, 'externalsecrets', ns, s),
          ),
        ].filter(Boolean);
    });
    h.sandbox.controlPlane.delete(RUN_API, RUNS, 'default', name);
    expect(await events).toEqual([
      { type: 'MODIFIED', deleting: true, finalizers: [RUN_FINALIZER] },
      { type: 'DELETED', deleting: true, finalizers: [] },
    ]);
    unsubscribe();
    expect(leftWhenDeleted).toEqual([]);
    expect(getRun(h.sandbox, 'default', name)).toBeUndefined();
  });

  it('keeps a deleted run while its namespace has no BuildPlane, and finishes once one appears', async () => {
    addOrg(h.sandbox, 'planeless');
    const name = 'greeter-service-workflow-f1a112e1';
    createRun(h.sandbox, 'planeless', runBody(name));
    await logs.logged(`run planeless/${name}: failed to get build plane`);
    expect(getRun(h.sandbox, 'planeless', name)?.metadata.finalizers).toEqual([
      RUN_FINALIZER,
    ]);
    const events = eventsUntilDeleted('planeless', name);
    h.sandbox.controlPlane.delete(RUN_API, RUNS, 'planeless', name);
    await logs.logged(
      `run planeless/${name}: finalize: failed to get build plane`,
    );
    expect(
      getRun(h.sandbox, 'planeless', name)?.metadata.deletionTimestamp,
    ).toEqual(expect.any(String));
    h.sandbox.controlPlane.create(buildPlane('planeless'), 'buildplanes');
    expect((await events).map(e => e.type)).toEqual(['MODIFIED', 'DELETED']);
  });

  it('ends a run whose Workflow is deleted mid-run as WorkflowFailed without a WorkflowFailed condition (setWorkflowNotFoundCondition@v0.9.0)', async () => {
    h.sandbox.controlPlane.create(
      sampleWorkflow('default', 'docker'),
      'componentworkflows',
    );
    const name = 'greeter-service-workflow-90e90e90';
    // Realistic speed: the build takes minutes, so it is still running when its Workflow goes.
    createRun(
      h.sandbox,
      'default',
      runBody(name, { annotations: { 'sandbox.openchoreo.dev/speed': '1' } }),
    );
    await h.sandbox.waitForRunCondition('default', name, 'WorkflowRunning');
    h.sandbox.buildPlane.delete(
      WF_API,
      'workflows',
      'openchoreo-ci-default',
      name,
    );
    const run = await h.sandbox.waitForRunCondition(
      'default',
      name,
      'WorkflowCompleted',
    );
    expect(
      readConditions(run.status).map(c => [
        c.type,
        c.status,
        c.reason,
        c.message,
      ]),
    ).toEqual([
      [
        'WorkflowCompleted',
        'True',
        'WorkflowFailed',
        'Workflow has been deleted from the cluster',
      ],
      [
        'WorkflowRunning',
        'False',
        'WorkflowRunning',
        'Workflow is not found in the cluster',
      ],
    ]);
  });
});
