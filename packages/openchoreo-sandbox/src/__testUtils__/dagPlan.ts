import { Cluster } from '../apiserver/cluster';
import type { KObject } from '../apiserver/types';
import { buildPlan, Plan } from '../controller/argo/execution';
import { workflowParams } from '../controller/argo/runner';
import { declaredOutputs, resolveSteps } from '../controller/argo/steps';

/** A DAG task as a Workflow's `dag.tasks[]` gives it. */
export interface TaskSpec {
  name: string;
  template: string;
  depends?: string;
  dependencies?: string[];
  arguments?: { parameters: Array<{ name: string; value: string }> };
}

/** A Workflow (no status) whose entrypoint `main` is a DAG of `tasks`, with `params` as its arguments. */
export function dagWorkflow(
  name: string,
  tasks: TaskSpec[],
  params: Record<string, string> = {},
): KObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      namespace: 'openchoreo-ci-default',
      uid: `uid-${name}`,
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
    spec: {
      entrypoint: 'main',
      arguments: {
        parameters: Object.entries(params).map(([n, value]) => ({
          name: n,
          value,
        })),
      },
      templates: [{ name: 'main', dag: { tasks } }],
    },
  };
}

/**
 * Plans a Workflow as the runner does (its own templates or a template on `build`), at realistic
 * speed from 2026-01-01T00:00:00Z.
 */
export function planWorkflow(
  wf: KObject,
  build: Cluster = new Cluster('dag-plan-test'),
): Plan {
  const steps = resolveSteps(build, wf);
  return buildPlan({
    workflow: wf,
    entrypoint: steps.entrypoint,
    groups: steps.groups,
    dag: steps.dag,
    templateRef: steps.templateRef,
    params: workflowParams(wf),
    createdMs: Date.parse('2026-01-01T00:00:00Z'),
    speed: 1,
    declaredOutputs: steps.source
      ? declaredOutputs(steps.source.templates)
      : undefined,
  });
}
