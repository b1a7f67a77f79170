import { Harness, runBody, startHarness } from '../__testUtils__/harness';
import { ManualClock } from '../__testUtils__/manualClock';
import { addOrg, createRun, getRun } from '../__testUtils__/runController';
import { isRecord } from '../apiserver/types';
import { isTrue, readConditions } from './conditions';
import { RUNNING_REQUEUE_MS } from './runs';

jest.setTimeout(60000);

/**
 * `--realistic-status`: upstream does not watch Workflows; while one runs the
 * controller looks again after 20 s (`ctrl.Result{RequeueAfter: 20 *
 * time.Second}`, `controller.go@v0.9.0:251`), so the run's conditions lag the
 * Workflow. The clock is injected, so the test steps over the 20 s.
 */
describe('realistic status sync', () => {
  let h: Harness;
  const clock = new ManualClock();

  beforeAll(async () => {
    h = await startHarness({
      realisticStatus: true,
      runControllerClock: clock,
    });
    addOrg(h.sandbox, 'default', { buildPlane: true, workflows: ['docker'] });
  });
  afterAll(() => h.close());

  it('leaves a running run Running until the 20 s requeue, even after its Workflow finished', async () => {
    const name = 'greeter-service-workflow-2020abcd';
    createRun(h.sandbox, 'default', runBody(name));
    await h.sandbox.waitForRunCondition('default', name, 'WorkflowRunning');
    expect(clock.pending()).toContain(RUNNING_REQUEUE_MS);

    await h.sandbox.waitForObject(
      h.sandbox.buildPlane,
      'argoproj.io/v1alpha1',
      'workflows',
      'openchoreo-ci-default',
      name,
      wf => isRecord(wf?.status) && wf?.status.phase === 'Succeeded',
    );
    const lagging = readConditions(getRun(h.sandbox, 'default', name)?.status);
    expect(isTrue(lagging, 'WorkflowRunning')).toBe(true);
    expect(isTrue(lagging, 'WorkflowCompleted')).toBe(false);

    clock.advance(RUNNING_REQUEUE_MS);
    const run = await h.sandbox.waitForRunCondition(
      'default',
      name,
      'WorkloadUpdated',
    );
    expect(isTrue(readConditions(run.status), 'WorkflowSucceeded')).toBe(true);
    // The conditions carry the controller clock's time.
    const completed = readConditions(run.status).find(
      c => c.type === 'WorkflowCompleted' && c.status === 'True',
    );
    expect(Date.parse(completed!.lastTransitionTime)).toBe(
      Math.floor(clock.now().getTime() / 1000) * 1000,
    );
  });
});
