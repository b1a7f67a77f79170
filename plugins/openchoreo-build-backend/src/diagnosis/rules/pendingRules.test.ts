import { ago, facts } from '../__testUtils__/facts';
import { pendingRules } from './pendingRules';

const options = { pendingGraceSeconds: 60 };

/** A run as the v0.9 controller leaves a misconfigured one: WorkflowPending, no runReference. */
const pending = (createdSecondsAgo: number) => ({
  status: 'Pending' as const,
  createdAt: ago(createdSecondsAgo),
  runReference: undefined,
  execution: { found: false },
  conditions: [
    {
      type: 'WorkflowCompleted',
      status: 'False',
      reason: 'WorkflowPending',
      message: 'Workflow has not completed yet',
    },
  ],
});

describe('pendingRules', () => {
  it('says nothing about a run that is not Pending', () => {
    expect(
      pendingRules(
        facts({ componentWorkflow: { name: 'docker', exists: false } }),
        options,
      ),
    ).toEqual([]);
  });

  it('says nothing within the grace period, even when the workflow is missing', () => {
    expect(
      pendingRules(
        facts({
          run: pending(30),
          componentWorkflow: { name: 'docker', exists: false },
        }),
        options,
      ),
    ).toEqual([]);
  });

  it('names the missing ComponentWorkflow once the grace period is over', () => {
    const items = pendingRules(
      facts({
        run: pending(300),
        componentWorkflow: { name: 'docker-old', exists: false },
      }),
      options,
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'pending-workflow-missing',
        severity: 'error',
        title: 'ComponentWorkflow docker-old does not exist',
      }),
    ]);
    expect(items[0].detail).toContain('Pending for 5 minutes');
    expect(items[0].fix).toContain(
      'Create the ComponentWorkflow docker-old in namespace default',
    );
  });

  it('reports a namespace without BuildPlane', () => {
    const items = pendingRules(
      facts({ run: pending(120), buildPlane: { count: 0 } }),
      options,
    );
    expect(items.map(i => i.id)).toEqual(['pending-buildplane-missing']);
    expect(items[0].title).toBe('Namespace default has no BuildPlane');
  });

  it('reports both when both are missing', () => {
    const items = pendingRules(
      facts({
        run: pending(120),
        buildPlane: { count: 0 },
        componentWorkflow: { name: 'docker', exists: false },
      }),
      options,
    );
    expect(items.map(i => i.id)).toEqual([
      'pending-buildplane-missing',
      'pending-workflow-missing',
    ]);
  });

  it('points at the controller when everything it needs exists (a render error)', () => {
    const items = pendingRules(facts({ run: pending(120) }), options);
    expect(items).toEqual([
      expect.objectContaining({
        id: 'pending-not-started',
        severity: 'warning',
      }),
    ]);
    expect(items[0].fix).toContain('greeter-service-workflow-0000aaaa');
  });

  it('does not guess when the checks could not be made', () => {
    expect(
      pendingRules(
        facts({
          run: pending(120),
          componentWorkflow: undefined,
          buildPlane: undefined,
        }),
        options,
      ),
    ).toEqual([]);
  });

  it('leaves a disconnected agent to the plane rule', () => {
    expect(
      pendingRules(
        facts({
          run: pending(120),
          buildPlane: {
            count: 1,
            name: 'default',
            mode: 'agent',
            agentConnection: { connected: false },
          },
        }),
        options,
      ),
    ).toEqual([]);
  });

  it('reports a Workflow that Argo does not start', () => {
    const items = pendingRules(
      facts({
        run: {
          ...pending(600),
          runReference: { namespace: 'openchoreo-ci-default', name: 'wf' },
          execution: { found: true, phase: undefined },
        },
      }),
      options,
    );
    expect(items.map(i => i.id)).toEqual(['workflow-not-started']);
  });

  it('applies a grace period of 0 at once', () => {
    expect(
      pendingRules(
        facts({
          run: pending(0),
          componentWorkflow: { name: 'docker', exists: false },
        }),
        { pendingGraceSeconds: 0 },
      ).map(i => i.id),
    ).toEqual(['pending-workflow-missing']);
  });
});
