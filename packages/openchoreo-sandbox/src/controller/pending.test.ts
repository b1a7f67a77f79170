import { Harness, runBody, startHarness } from '../__testUtils__/harness';
import {
  addOrg,
  buildPlane,
  conditionSummary,
  createRun,
  getRun,
  LogLines,
  RUN_API,
  sampleWorkflow,
} from '../__testUtils__/runController';
import { isRecord } from '../apiserver/types';
import { readConditions } from './conditions';
import { RUN_FINALIZER } from './reconcileRun';

jest.setTimeout(60000);

/**
 * OpenChoreo v0.9 never fails a run it cannot start: a missing BuildPlane
 * (`controller.go@v0.9.0:101-107`), a missing ComponentWorkflow (`:143-151`) or
 * a render error (`:164-174`) is logged and requeued, and the run stays
 * `WorkflowCompleted=False/WorkflowPending` ("Workflow has not completed yet",
 * `controller_conditions.go@v0.9.0:31-39`) until the cause goes away.
 */
describe('a run that cannot start stays Pending', () => {
  let h: Harness;
  const logs = new LogLines();

  beforeAll(async () => {
    h = await startHarness({ log: logs.log });
  });
  afterAll(() => h.close());

  /** What a waiting run looks like: the finalizer, the Pending condition and nothing else. */
  const expectPendingOnly = (ns: string, name: string) => {
    const run = getRun(h.sandbox, ns, name);
    expect(run?.metadata.finalizers).toEqual([RUN_FINALIZER]);
    expect(conditionSummary(run)).toEqual([
      'WorkflowCompleted=False/WorkflowPending',
    ]);
    expect(readConditions(run?.status)[0].message).toBe(
      'Workflow has not completed yet',
    );
    expect(isRecord(run?.status) && run?.status.runReference).toBeFalsy();
    expect(
      h.sandbox.buildPlane.get(
        'argoproj.io/v1alpha1',
        'workflows',
        `openchoreo-ci-${ns}`,
        name,
      ),
    ).toBeUndefined();
  };

  it('without its ComponentWorkflow, and starts once the ComponentWorkflow is created', async () => {
    addOrg(h.sandbox, 'no-workflow', { buildPlane: true });
    const name = 'greeter-service-workflow-00c0ffee';
    createRun(h.sandbox, 'no-workflow', runBody(name));
    await logs.logged(
      `run no-workflow/${name}: failed to get ComponentWorkflow "docker"`,
    );
    expectPendingOnly('no-workflow', name);

    h.sandbox.controlPlane.create(
      sampleWorkflow('no-workflow', 'docker'),
      'componentworkflows',
    );
    const run = await h.sandbox.waitForRunCondition(
      'no-workflow',
      name,
      'WorkflowSucceeded',
    );
    expect(conditionSummary(run)).not.toContainEqual(
      expect.stringContaining('NotFound'),
    );
  });

  it('without a BuildPlane, and starts once one is created', async () => {
    addOrg(h.sandbox, 'no-plane', { workflows: ['docker'] });
    const name = 'greeter-service-workflow-00b1a4e0';
    createRun(h.sandbox, 'no-plane', runBody(name));
    await logs.logged(`run no-plane/${name}: failed to get build plane`);
    expectPendingOnly('no-plane', name);

    h.sandbox.controlPlane.create(buildPlane('no-plane'), 'buildplanes');
    const run = await h.sandbox.waitForRunCondition(
      'no-plane',
      name,
      'WorkflowSucceeded',
    );
    expect(isRecord(run.status) && run.status.runReference).toMatchObject({
      name,
      namespace: 'openchoreo-ci-no-plane',
    });
  });

  it('while its runTemplate does not render, and starts once the ComponentWorkflow is fixed', async () => {
    addOrg(h.sandbox, 'bad-template', { buildPlane: true });
    const cwf = sampleWorkflow('bad-template', 'docker');
    const spec = cwf.spec as {
      runTemplate: { metadata: { namespace?: string } };
    };
    const namespace = spec.runTemplate.metadata.namespace;
    delete spec.runTemplate.metadata.namespace;
    h.sandbox.controlPlane.create(cwf, 'componentworkflows');
    const name = 'greeter-service-workflow-0ba7e0e0';
    createRun(h.sandbox, 'bad-template', runBody(name));
    await logs.logged(
      `run bad-template/${name}: failed to render component workflow: namespace not found in rendered resource metadata`,
    );
    expectPendingOnly('bad-template', name);

    const stored = h.sandbox.controlPlane.get(
      RUN_API,
      'componentworkflows',
      'bad-template',
      'docker',
    )!;
    (stored.spec as typeof spec).runTemplate.metadata.namespace = namespace;
    h.sandbox.controlPlane.update(stored, 'componentworkflows');
    const run = await h.sandbox.waitForRunCondition(
      'bad-template',
      name,
      'WorkflowSucceeded',
    );
    expect(isRecord(run.status) && run.status.runReference).toMatchObject({
      namespace: 'openchoreo-ci-bad-template',
    });
  });
});
