import type { RunDiagnosis } from '@openchoreo-build/plugin-openchoreo-build-common';
import type {
  DiagnosisFacts,
  PlaneFacts,
  RuleOptions,
  RunFacts,
  WorkflowFacts,
} from '../facts';
import { isAgentDisconnected } from './planeRules';
import {
  planeLabel,
  planeListCommands,
  planeNoun,
  planeRefOf,
  templateKindOf,
  templateLabel,
  templateListCommand,
} from './planeText';
import { describeDuration, secondsSince } from './time';
import { recordedPendingReason } from './workflowRunRules';

function planeMissing(
  run: RunFacts,
  plane: PlaneFacts,
  pendingFor: string,
): RunDiagnosis {
  if (plane.kind === 'BuildPlane') {
    return {
      id: 'pending-buildplane-missing',
      severity: 'error',
      title: `Namespace ${run.namespace} has no BuildPlane`,
      detail: `${pendingFor} OpenChoreo starts a build on the first BuildPlane of the run's namespace, and ${run.namespace} has none, so the build is never started (the controller retries without recording why).`,
      fix: `Register a build plane: create a BuildPlane in namespace ${run.namespace} (with the cluster agent installed in the build plane cluster). The run starts by itself once the controller finds it.`,
    };
  }
  const labels = (plane.candidates ?? [planeRefOf(plane, run.namespace)]).map(
    planeLabel,
  );
  const user = run.workflowName
    ? templateLabel(
        { kind: templateKindOf(run), name: run.workflowName },
        run.namespace,
      )
    : undefined;
  const runsOn =
    labels.length === 1
      ? `runs on ${labels[0]}, which does not exist`
      : `names no spec.workflowPlaneRef, so it runs on ${labels.join(
          ' or else on ',
        )}, and none of them exists`;
  return {
    id: 'pending-buildplane-missing',
    severity: 'error',
    title:
      labels.length === 1
        ? `${labels[0]} does not exist`
        : `Neither ${labels.join(' nor ')} exists`,
    detail: `${pendingFor} ${
      user ?? 'A run without a workflow'
    } ${runsOn}, so the controller cannot start the build (it records WorkflowPlaneNotFound and looks again every minute).`,
    fix: `Create ${labels.join(
      ' or ',
    )} (with the cluster agent installed in its cluster)${
      user
        ? `, or point spec.workflowPlaneRef of ${user} at a plane that exists (${planeListCommands(
            run.namespace,
          )} list them)`
        : ''
    }. The run starts by itself within a minute once the controller finds the plane.`,
  };
}

function workflowMissing(
  run: RunFacts,
  workflow: WorkflowFacts,
  pendingFor: string,
): RunDiagnosis {
  const label = templateLabel(workflow, run.namespace);
  if (workflow.kind === 'ComponentWorkflow') {
    return {
      id: 'pending-workflow-missing',
      severity: 'error',
      title: `ComponentWorkflow ${workflow.name} does not exist`,
      detail: `${pendingFor} It uses the ComponentWorkflow ${workflow.name}, which namespace ${run.namespace} does not have, so the controller cannot render a build from it (it retries without recording why).`,
      fix: `Create the ComponentWorkflow ${workflow.name} in namespace ${run.namespace}, or start a new build with a workflow that exists (the component's spec.workflow.name names the default one). This run can then be deleted.`,
    };
  }
  return {
    id: 'pending-workflow-missing',
    severity: 'error',
    title: `${label} does not exist`,
    detail: `${pendingFor} It uses the ${label}, which ${
      workflow.kind === 'Workflow'
        ? `namespace ${run.namespace} does not have`
        : 'the cluster does not have'
    }, so the controller cannot start a build from it (it fails the run with "Workflow is not found in the cluster").`,
    fix: `Create the ${label}, or start a new build with a workflow that exists (${templateListCommand(
      workflow.kind,
      run.namespace,
    )} lists them; the component's spec.workflow names its own). This run can then be deleted.`,
  };
}

function notStarted(
  run: RunFacts,
  workflow: WorkflowFacts,
  plane: PlaneFacts,
  waited: string,
): RunDiagnosis {
  if (workflow.kind === 'ComponentWorkflow') {
    return {
      id: 'pending-not-started',
      severity: 'warning',
      title: 'The build has not been started',
      detail: `The run has been Pending for ${waited} and has no Argo Workflow yet, although its ComponentWorkflow ${workflow.name} and the BuildPlane ${plane.name} exist. The controller leaves a run Pending without a reason when the workflow's templates do not render with the run's parameters, or when it cannot create the Workflow or its resources in the build plane.`,
      fix: `Look for this run (${run.namespace}/${run.name}) in the logs of OpenChoreo's controller manager in the control plane: they name the render or build-plane error. Fix the ComponentWorkflow or the parameters, then start a new build.`,
    };
  }
  return {
    id: 'pending-not-started',
    severity: 'warning',
    title: 'The build has not been started',
    detail: `The run has been Pending for ${waited} and has no Argo Workflow yet, although its ${templateLabel(
      workflow,
      run.namespace,
    )} and ${planeLabel(
      planeRefOf(plane, run.namespace),
    )} exist. The controller leaves a run Pending without a reason when the Workflow's externalRefs cannot be resolved, when its templates do not render with the run's parameters, or when it cannot create the Workflow or its resources in the workflow plane.`,
    fix: `Look for this run (${run.namespace}/${run.name}) in the logs of OpenChoreo's controller manager in the control plane: they name the render, externalRefs or workflow-plane error. Fix the ${workflow.kind} or the parameters, then start a new build.`,
  };
}

/**
 * A run that stays Pending. OpenChoreo's v0.9 controller never fails a misconfigured run: when
 * the org has no BuildPlane, the ComponentWorkflow is missing or its template does not render, it
 * logs the error and requeues, and the run keeps `WorkflowCompleted=False/WorkflowPending` with
 * no reason (internal/controller/componentworkflowrun/controller.go@v0.9.0:97-148). Only the
 * portal can tell the user why, by looking for what the controller needs.
 *
 * The v1.2 controller records a missing plane (`WorkflowPlaneNotFound`, requeued every minute)
 * and failed reads, but still requeues a run whose template does not render without a reason
 * (internal/controller/workflowrun/controller.go@v1.2.3:126-248); what it records is explained by
 * workflowRunRules.ts, and a missing plane is reported here for both generations.
 *
 * A run younger than the grace period is just starting and is left alone, unless the v1
 * controller has already recorded why it waits.
 */
export function pendingRules(
  facts: DiagnosisFacts,
  options: RuleOptions,
): RunDiagnosis[] {
  const { run } = facts;
  if (run.status !== 'Pending') return [];
  const age = secondsSince(facts.now, run.createdAt);
  const graceOver = age !== undefined && age >= options.pendingGraceSeconds;
  const waited = age === undefined ? undefined : describeDuration(age);
  const items: RunDiagnosis[] = [];

  if (!run.runReference) {
    const recorded = recordedPendingReason(run);
    if (!graceOver && !recorded) return [];
    const pendingFor = waited
      ? `The run has been Pending for ${waited}.`
      : 'The run is Pending.';
    const plane = facts.plane;
    if (plane && !plane.exists)
      items.push(planeMissing(run, plane, pendingFor));
    const workflow = facts.workflow;
    if (workflow && !workflow.exists)
      items.push(workflowMissing(run, workflow, pendingFor));
    if (
      items.length === 0 &&
      !recorded &&
      waited &&
      !isAgentDisconnected(plane) &&
      plane?.exists === true &&
      workflow?.exists === true
    ) {
      items.push(notStarted(run, workflow, plane, waited));
    }
    return items;
  }

  // The controller created the Workflow, but Argo has not started it.
  const planeKind =
    facts.plane?.kind ??
    (run.generation === 'v1' ? 'WorkflowPlane' : 'BuildPlane');
  const phase = run.execution.phase;
  if (graceOver && run.execution.found && (!phase || phase === 'Pending')) {
    items.push({
      id: 'workflow-not-started',
      severity: 'warning',
      title: `Argo Workflows has not started ${run.runReference.name}`,
      detail: `The run has been Pending for ${waited}. Its Argo Workflow ${
        run.runReference.namespace ?? ''
      }/${run.runReference.name} exists in the ${planeNoun(planeKind)} but is ${
        phase ? `still ${phase}` : 'not picked up (no phase)'
      }.`,
      fix: `Check that the Argo Workflows controller is running in the ${planeNoun(
        planeKind,
      )} and watches this namespace; its logs say why it does not start the Workflow (e.g. a missing ClusterWorkflowTemplate or ServiceAccount).`,
    });
  }
  return items;
}
