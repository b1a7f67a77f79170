import type { RunStep } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { DiagnosisFacts, PodFacts, RunFacts } from '../facts';

/** 2026-01-10T10:00:00Z: the facts' clock in rule tests. */
export const NOW = Date.parse('2026-01-10T10:00:00Z');

/** An ISO time `seconds` before {@link NOW}. */
export function ago(seconds: number): string {
  return new Date(NOW - seconds * 1000).toISOString();
}

export function step(overrides: Partial<RunStep> & { name: string }): RunStep {
  return {
    id: `run-${overrides.name}`,
    phase: 'Succeeded',
    outputs: {},
    attempts: [],
    podName: `run-${overrides.name}-1234`,
    ...overrides,
  };
}

/** Facts of a healthy, running run of the `docker` workflow; override what a test is about. */
export function facts(
  overrides: Partial<Omit<DiagnosisFacts, 'run'>> & {
    run?: Partial<RunFacts>;
  } = {},
): DiagnosisFacts {
  const { run, ...rest } = overrides;
  return {
    now: NOW,
    workflow: { kind: 'ComponentWorkflow', name: 'docker', exists: true },
    plane: {
      kind: 'BuildPlane',
      exists: true,
      name: 'default',
      namespace: 'default',
      mode: 'agent',
    },
    pods: [],
    externalSecrets: [],
    gaps: [],
    ...rest,
    run: {
      generation: 'v0',
      namespace: 'default',
      name: 'greeter-service-workflow-0000aaaa',
      status: 'Running',
      createdAt: ago(600),
      conditions: [],
      workflowName: 'docker',
      workflowKind: 'ComponentWorkflow',
      workflowNamespace: 'openchoreo-ci-default',
      runReference: {
        namespace: 'openchoreo-ci-default',
        name: 'greeter-service-workflow-0000aaaa',
      },
      execution: { found: true, phase: 'Running' },
      steps: [],
      ...run,
    },
  };
}

/**
 * Facts of a healthy, running v1 WorkflowRun in namespace `nova` of the ClusterWorkflow
 * `dockerfile-builder` on ClusterWorkflowPlane `default`; override what a test is about.
 */
export function v1Facts(
  overrides: Partial<Omit<DiagnosisFacts, 'run'>> & {
    run?: Partial<RunFacts>;
  } = {},
): DiagnosisFacts {
  const { run, ...rest } = overrides;
  return facts({
    workflow: {
      kind: 'ClusterWorkflow',
      name: 'dockerfile-builder',
      exists: true,
    },
    plane: {
      kind: 'ClusterWorkflowPlane',
      exists: true,
      name: 'default',
      mode: 'agent',
      agentConnection: { connected: true, connectedAgents: 1 },
    },
    ...rest,
    run: {
      generation: 'v1',
      namespace: 'nova',
      name: 'greeter-build-abc12',
      workflowName: 'dockerfile-builder',
      workflowKind: 'ClusterWorkflow',
      workflowNamespace: 'workflows-nova',
      runReference: {
        namespace: 'workflows-nova',
        name: 'greeter-build-abc12',
      },
      ...run,
    },
  });
}

/** A step pod with its `main` container waiting. */
export function waitingPod(
  overrides: Partial<PodFacts> & { reason: string; message?: string },
): PodFacts {
  const { reason, message, ...rest } = overrides;
  return {
    name: 'greeter-service-workflow-0000aaaa-push-step-1234',
    namespace: 'openchoreo-ci-default',
    step: 'push-step',
    phase: 'Pending',
    createdAt: ago(300),
    containers: [
      {
        name: 'init',
        init: true,
        terminated: { reason: 'Completed', exitCode: 0 },
      },
      { name: 'wait', init: false, waiting: { reason } },
      { name: 'main', init: false, waiting: { reason, message } },
    ],
    events: [],
    ...rest,
  };
}
