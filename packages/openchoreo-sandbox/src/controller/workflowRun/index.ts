import type { Cluster } from '../../apiserver/cluster';
import type { Scheduler } from '../../util/scheduler';
import {
  WorkflowRunController,
  WorkflowRunControllerOptions,
} from './controller';

export {
  WorkflowRunController,
  type WorkflowRunControllerOptions,
} from './controller';
export { WORKFLOW_RUN_FINALIZER } from './context';
export { WORKFLOW_RUN_CONDITIONS } from './conditions';
export {
  ANNOTATION_WORKLOAD,
  ANNOTATION_WORKLOAD_FROM_SOURCE,
} from './workloadAnnotation';
export { workflowsNamespace } from './render';
export { parseTtl } from './ttl';

/**
 * Starts the emulation of OpenChoreo v1.2.3's WorkflowRun controller next to the v0.9
 * ComponentWorkflowRun controller: WorkflowRuns on `control` become Argo Workflows on `build`.
 */
export function startWorkflowRunController(
  control: Cluster,
  build: Cluster,
  scheduler: Scheduler,
  options: WorkflowRunControllerOptions = {},
): WorkflowRunController {
  const controller = new WorkflowRunController(
    control,
    build,
    scheduler,
    options,
  );
  controller.start();
  return controller;
}
