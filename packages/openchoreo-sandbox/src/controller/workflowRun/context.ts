import type { Cluster } from '../../apiserver/cluster';
import type { KObject } from '../../apiserver/types';

/** The WorkflowRun resource's plural (`openchoreo.dev/v1alpha1`). */
export const PLURAL = 'workflowruns';
/** `WorkflowRunCleanupFinalizer` (`controller_finalize.go@v1.2.3`). */
export const WORKFLOW_RUN_FINALIZER = 'openchoreo.dev/workflowrun-cleanup';

/** What one reconcile asks for: controller-runtime's `ctrl.Result` (`why` is logged once). */
export type Next =
  | { next: 'done' | 'requeue' | 'running'; why?: string }
  | { next: 'after'; ms: number; why?: string };

/** What the reconcile functions work with: the two clusters and the controller's settings. */
export interface WorkflowRunContext {
  /** The control plane (WorkflowRuns, Workflows, planes, Components). */
  control: Cluster;
  /** The workflow plane (Argo Workflows in `workflows-<namespace>`). */
  build: Cluster;
  /** The sandbox's time scale applied to `ttlAfterCompletion`. */
  scaleTtl: (ms: number) => number;
  /** Logs why a run did not move on, once per distinct reason. */
  explain: (run: KObject, why: string) => void;
}

export function hasFinalizer(run: KObject): boolean {
  return (run.metadata.finalizers ?? []).includes(WORKFLOW_RUN_FINALIZER);
}

/** A timestamp as Go's `metav1.Time` marshals it: RFC 3339 in whole seconds. */
export function nowText(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** An update of the run's metadata (and spec), as `r.Update` does; its event reconciles again. */
export function updateRun(
  control: Cluster,
  run: KObject,
  metadata: Partial<KObject['metadata']>,
  spec?: Record<string, unknown>,
): void {
  control.update(
    {
      ...run,
      metadata: { ...run.metadata, ...metadata },
      ...(spec ? { spec } : {}),
    },
    PLURAL,
  );
}
