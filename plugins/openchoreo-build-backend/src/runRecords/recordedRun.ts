import {
  workflowsNamespaceFor,
  type RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildRun } from '../runs/buildRun';
import { ciNamespaceFor } from '../controlplane/resourceTypes';
import type { RunRecord } from './RunRecordStore';

/**
 * A run the control plane deleted, rebuilt from its record so that everything reading runs (the
 * run page, its steps, the archived step logs) works on it as on a live one. The record keeps the
 * summary and the steps, not the object: the status is the last one recorded, the steps become
 * `status.tasks` (name, phase, times: what the archived-log reader scopes by), and the Argo Workflow
 * is where the controller put it (v0 `openchoreo-ci-<org>`, v1 `workflows-<org>`, named after the run).
 */
export function buildRunFromRecord(record: RunRecord): BuildRun {
  const { run } = record;
  const steps: readonly RunStep[] = record.steps ?? [];
  return {
    generation: run.generation,
    namespace: run.namespace,
    name: run.name,
    uid: run.uid,
    resourceVersion: run.resourceVersion,
    createdAt: run.createdAt,
    labels: {},
    annotations: {},
    project: run.project,
    component: run.component,
    workflow: run.workflow
      ? {
          kind:
            run.workflowKind ??
            (run.generation === 'v1' ? 'ClusterWorkflow' : 'ComponentWorkflow'),
          name: run.workflow,
        }
      : undefined,
    repository: { ...run.repository },
    image: run.image,
    createdBy: run.createdBy,
    trigger: run.trigger,
    conditions: [],
    tasks: steps.map(step => ({
      name: step.nodeName ?? step.name,
      phase: step.phase,
      startedAt: step.startedAt,
      completedAt: step.finishedAt,
      message: step.message,
    })),
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    runReference: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      name: run.name,
      namespace:
        run.generation === 'v1'
          ? workflowsNamespaceFor(run.namespace)
          : ciNamespaceFor(run.namespace),
    },
    resources: [],
    deleted: run.deleted,
    recordedStatus: run.status,
  };
}
