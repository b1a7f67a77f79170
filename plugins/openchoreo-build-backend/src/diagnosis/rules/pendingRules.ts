import type { RunDiagnosis } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { DiagnosisFacts, RuleOptions } from '../facts';
import { describeDuration, secondsSince } from './time';

/**
 * A run that stays Pending. OpenChoreo's v0.9 controller never fails a misconfigured run: when
 * the org has no BuildPlane, the ComponentWorkflow is missing or its template does not render, it
 * logs the error and requeues, and the run keeps `WorkflowCompleted=False/WorkflowPending` with
 * no reason (internal/controller/componentworkflowrun/controller.go@v0.9.0:97-148). Only the
 * portal can tell the user why, by looking for what the controller needs.
 *
 * A run younger than the grace period is just starting and is left alone.
 */
export function pendingRules(
  facts: DiagnosisFacts,
  options: RuleOptions,
): RunDiagnosis[] {
  const { run } = facts;
  if (run.status !== 'Pending') return [];
  const age = secondsSince(facts.now, run.createdAt);
  if (age === undefined || age < options.pendingGraceSeconds) return [];
  const waited = describeDuration(age);
  const items: RunDiagnosis[] = [];

  if (!run.runReference) {
    if (facts.buildPlane?.count === 0) {
      items.push({
        id: 'pending-buildplane-missing',
        severity: 'error',
        title: `Namespace ${run.namespace} has no BuildPlane`,
        detail: `The run has been Pending for ${waited}. OpenChoreo starts a build on the first BuildPlane of the run's namespace, and ${run.namespace} has none, so the build is never started (the controller retries without recording why).`,
        fix: `Register a build plane: create a BuildPlane in namespace ${run.namespace} (with the cluster agent installed in the build plane cluster). The run starts by itself once the controller finds it.`,
      });
    }
    const workflow = facts.componentWorkflow;
    if (workflow && !workflow.exists) {
      items.push({
        id: 'pending-workflow-missing',
        severity: 'error',
        title: `ComponentWorkflow ${workflow.name} does not exist`,
        detail: `The run has been Pending for ${waited}. It uses the ComponentWorkflow ${workflow.name}, which namespace ${run.namespace} does not have, so the controller cannot render a build from it (it retries without recording why).`,
        fix: `Create the ComponentWorkflow ${workflow.name} in namespace ${run.namespace}, or start a new build with a workflow that exists (the component's spec.workflow.name names the default one). This run can then be deleted.`,
      });
    }
    const agentDown =
      facts.buildPlane?.mode === 'agent' &&
      facts.buildPlane.agentConnection?.connected === false;
    if (
      items.length === 0 &&
      !agentDown &&
      facts.buildPlane !== undefined &&
      facts.buildPlane.count > 0 &&
      workflow?.exists === true
    ) {
      items.push({
        id: 'pending-not-started',
        severity: 'warning',
        title: 'The build has not been started',
        detail: `The run has been Pending for ${waited} and has no Argo Workflow yet, although its ComponentWorkflow ${workflow.name} and the BuildPlane ${facts.buildPlane.name} exist. The controller leaves a run Pending without a reason when the workflow's templates do not render with the run's parameters, or when it cannot create the Workflow or its resources in the build plane.`,
        fix: `Look for this run (${run.namespace}/${run.name}) in the logs of OpenChoreo's controller manager in the control plane: they name the render or build-plane error. Fix the ComponentWorkflow or the parameters, then start a new build.`,
      });
    }
    return items;
  }

  // The controller created the Workflow, but Argo has not started it.
  const phase = run.execution.phase;
  if (run.execution.found && (!phase || phase === 'Pending')) {
    items.push({
      id: 'workflow-not-started',
      severity: 'warning',
      title: `Argo Workflows has not started ${run.runReference.name}`,
      detail: `The run has been Pending for ${waited}. Its Argo Workflow ${
        run.runReference.namespace ?? ''
      }/${run.runReference.name} exists in the build plane but is ${
        phase ? `still ${phase}` : 'not picked up (no phase)'
      }.`,
      fix: 'Check that the Argo Workflows controller is running in the build plane and watches this namespace; its logs say why it does not start the Workflow (e.g. a missing ClusterWorkflowTemplate or ServiceAccount).',
    });
  }
  return items;
}
