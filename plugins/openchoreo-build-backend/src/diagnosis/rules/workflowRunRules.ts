import {
  RUN_CONDITION_TYPES,
  type RunCondition,
  type RunDiagnosis,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { DiagnosisFacts, RunFacts } from '../facts';
import { quote } from '../quote';
import {
  planeLabel,
  planeListCommands,
  planeNoun,
  planeRefOf,
  templateKindOf,
  templateLabel,
  templateListCommand,
} from './planeText';

/**
 * `WorkflowCompleted=False` reasons the v1 controller records while it retries a run it cannot
 * start (internal/controller/workflowrun/controller_conditions.go@v1.2.3:20-29, set in
 * controller.go@v1.2.3:126-164: the plane every minute, failed reads every 30 s).
 */
const RETRY_REASONS = [
  'WorkflowPlaneNotFound',
  'WorkflowPlaneResolutionFailed',
  'WorkflowResolutionFailed',
] as const;
type RetryReason = (typeof RETRY_REASONS)[number];

/** `setWorkflowNotFoundCondition`'s message, on all three conditions it sets. */
const WORKFLOW_NOT_FOUND_MESSAGE = 'Workflow is not found in the cluster';

const COMPONENT_VALIDATION_FAILED = 'ComponentValidationFailed';
const REFUSED_ID = 'run-refused';

function conditionOf(run: RunFacts, type: string): RunCondition | undefined {
  return run.conditions.find(c => c.type === type);
}

/** Why the v1 controller says a Pending run waits, when it says so. */
export function recordedPendingReason(run: RunFacts): RetryReason | undefined {
  if (run.generation !== 'v1') return undefined;
  const completed = conditionOf(run, RUN_CONDITION_TYPES.completed);
  if (completed?.status !== 'False') return undefined;
  return RETRY_REASONS.find(reason => reason === completed.reason);
}

/** A Kubernetes name as `controller_validate.go` quotes it (ComponentType names may hold a `/`). */
const NAME = String.raw`[\w.:/-]{1,253}`;
const REF = String.raw`(\w+)/([\w.:-]{1,253})`;

interface Refusal {
  title: string;
  fix: string;
}

const AGAIN =
  'The controller does not look at this run again: start a new build once it is fixed.';

/**
 * What `validateComponentWorkflowRun` (internal/controller/workflowrun/controller_validate.go@v1.2.3:34-131)
 * refused, from its message: only names matched by {@link NAME} / {@link REF} reach the fix.
 */
function refusalOf(message: string, namespace: string): Refusal {
  let m = new RegExp(
    String.raw`^workflow ${REF} is not allowed for component type "(${NAME})"; allowed: \[([^\]]*)\]`,
  ).exec(message);
  if (m) {
    const [, kind, name, type, list] = m;
    const allowed = list
      .split(', ')
      .filter(ref => new RegExp(`^${REF}$`).test(ref));
    return {
      title: `Component type ${type} does not allow ${kind} ${name}`,
      fix: `Start the build with a workflow the component type allows${
        allowed.length > 0 ? ` (${allowed.join(', ')})` : ''
      }, or add {kind: ${kind}, name: ${name}} to spec.allowedWorkflows of the ComponentType ${type} (a ClusterComponentType when the component's spec.componentType.kind says so). ${AGAIN}`,
    };
  }
  m = new RegExp(
    String.raw`^no workflows are allowed by component type "(${NAME})", but workflow run references workflow ${REF}`,
  ).exec(message);
  if (m) {
    const [, type, kind, name] = m;
    return {
      title: `Component type ${type} allows no workflows`,
      fix: `Add {kind: ${kind}, name: ${name}} to spec.allowedWorkflows of the ComponentType ${type} (a ClusterComponentType when the component's spec.componentType.kind says so). ${AGAIN}`,
    };
  }
  m = new RegExp(
    String.raw`^workflow run references workflow ${REF} but component "(${NAME})" is configured with workflow ${REF}`,
  ).exec(message);
  if (m) {
    const [, kind, name, component, ownKind, ownName] = m;
    return {
      title: `Component ${component} builds with ${ownKind} ${ownName}, not ${kind} ${name}`,
      fix: `Start the build with the component's own workflow ${ownKind} ${ownName}, or change the component's spec.workflow to ${kind} ${name} (it must also be in the ComponentType's spec.allowedWorkflows). ${AGAIN}`,
    };
  }
  if (/^component workflow run must have both/.test(message)) {
    return {
      title:
        'The run has only one of the labels openchoreo.dev/project and openchoreo.dev/component',
      fix: `A run of a component carries both labels (a standalone run neither). Start the build from the portal, which sets both, and make whatever created this run set both. ${AGAIN}`,
    };
  }
  m = new RegExp(
    String.raw`^workflow run project label "(${NAME})" does not match component "(${NAME})" owner project "(${NAME})"`,
  ).exec(message);
  if (m) {
    const [, label, component, owner] = m;
    return {
      title: `Component ${component} belongs to project ${owner}, not ${label}`,
      fix: `The run's label openchoreo.dev/project must be ${owner}, the project that owns component ${component}; starting the build from the component's page sets it. ${AGAIN}`,
    };
  }
  m = new RegExp(
    String.raw`^component type "(${NAME})" not found for component "(${NAME})"`,
  ).exec(message);
  if (m) {
    const [, type, component] = m;
    return {
      title: `The component type ${type} of component ${component} does not exist`,
      fix: `Create the ComponentType (or ClusterComponentType) ${type.replace(
        /^[^/]*\//,
        '',
      )} with this run's workflow in spec.allowedWorkflows, or point spec.componentType of component ${component} at one that exists. ${AGAIN}`,
    };
  }
  m = new RegExp(String.raw`^component "(${NAME})" not found`).exec(message);
  if (m) {
    return {
      title: `Component ${m[1]} does not exist`,
      fix: `The run's label openchoreo.dev/component names a component namespace ${namespace} does not have (kubectl get components -n ${namespace} lists them). Start the build from a component that exists.`,
    };
  }
  return {
    title: 'OpenChoreo refused to start the run',
    fix: `The labels openchoreo.dev/project and openchoreo.dev/component must name an existing component of that project, and the run's workflow must be the component's spec.workflow and be listed in spec.allowedWorkflows of its ComponentType. ${AGAIN}`,
  };
}

function componentValidationFailed(
  run: RunFacts,
  message: string,
): RunDiagnosis {
  const refusal = refusalOf(message, run.namespace);
  return {
    id: REFUSED_ID,
    severity: 'error',
    title: refusal.title,
    detail: `Before starting a component's run, the WorkflowRun controller checks it against the component and its ComponentType; it refused this run for good (${COMPONENT_VALIDATION_FAILED}): "${quote(
      message,
    )}".`,
    fix: refusal.fix,
  };
}

/** `Workflow is not found in the cluster`: the (Cluster)Workflow, or the run's Argo Workflow, is gone. */
function workflowNotFound(facts: DiagnosisFacts): RunDiagnosis {
  const { run } = facts;
  const kind = facts.workflow?.kind ?? templateKindOf(run);
  const label = templateLabel(
    { kind, name: facts.workflow?.name ?? run.workflowName ?? '' },
    run.namespace,
  );
  const list = templateListCommand(kind, run.namespace);
  if (facts.workflow?.exists === false) {
    return {
      id: 'workflow-missing',
      severity: 'error',
      title: `${label} does not exist`,
      detail: `The controller failed the run because ${
        kind === 'Workflow'
          ? `namespace ${run.namespace} has no ${label}`
          : `the cluster has no ${label}`
      } ("${WORKFLOW_NOT_FOUND_MESSAGE}").`,
      fix: `Create the ${label}, or start a new build with a workflow that exists (${list} lists them; the component's spec.workflow names its own). This run stays Failed.`,
    };
  }
  const reference = run.runReference;
  if (reference && !run.execution.found) {
    const where = `${reference.namespace ?? run.workflowNamespace}/${
      reference.name
    }`;
    return {
      id: 'argo-workflow-missing',
      severity: 'error',
      title: `The run's Argo Workflow ${reference.name} was deleted`,
      detail: `The controller failed the run because its Argo Workflow ${where} is no longer in the ${planeNoun(
        facts.plane?.kind ?? 'WorkflowPlane',
      )} ("${WORKFLOW_NOT_FOUND_MESSAGE}"): something deleted it before the run finished.`,
      fix: `Find out what deleted it in the workflow plane (a kubectl delete, a cleanup of namespace ${
        reference.namespace ?? run.workflowNamespace
      }, Argo's workflow garbage collection), then start the build again.`,
    };
  }
  const now = facts.workflow?.exists
    ? `, although the ${label} exists now (it was created or restored after the controller looked)`
    : '';
  return {
    id: 'workflow-missing',
    severity: 'error',
    title: `OpenChoreo did not find the run's ${label}`,
    detail: `The controller failed the run ("${WORKFLOW_NOT_FOUND_MESSAGE}")${now}.`,
    fix: `The failure is final: start a new build${
      facts.workflow?.exists
        ? ''
        : ` with a workflow that exists (${list} lists them)`
    }.`,
  };
}

function retrying(
  facts: DiagnosisFacts,
  reason: RetryReason,
  message: string,
): RunDiagnosis[] {
  const { run } = facts;
  const quoted = message ? `"${quote(message)}" ` : '';
  if (reason === 'WorkflowPlaneNotFound') {
    const plane = facts.plane;
    // A plane known to be missing is reported by pendingRules, as for v0.
    if (plane?.exists === false) return [];
    if (plane?.exists) {
      const label = planeLabel(planeRefOf(plane, run.namespace));
      return [
        {
          id: 'workflowplane-not-found',
          severity: 'warning',
          title: `The controller did not find the run's workflow plane, but ${label} exists now`,
          detail: `The run's condition says ${quoted}(WorkflowPlaneNotFound), but ${label} exists. The controller looks again every minute; if the run stays Pending longer, the condition is left from an earlier attempt.`,
          fix: `Wait a minute for the controller's next attempt. If the run stays Pending, look for it (${run.namespace}/${run.name}) in the logs of OpenChoreo's controller manager in the control plane: they name the current error.`,
        },
      ];
    }
    return [
      {
        id: 'workflowplane-not-found',
        severity: 'error',
        title: "The run's workflow plane does not exist",
        detail: `The controller says ${quoted}(WorkflowPlaneNotFound) and looks again every minute.`,
        fix: `Create the plane spec.workflowPlaneRef of the run's ${templateKindOf(
          run,
        )} names (without one: WorkflowPlane default in ${
          run.namespace
        }, else ClusterWorkflowPlane default), or point it at a plane that exists: ${planeListCommands(
          run.namespace,
        )} list them. The run starts by itself once the controller finds the plane.`,
      },
    ];
  }
  const workflowRead = reason === 'WorkflowResolutionFailed';
  const what = workflowRead
    ? templateLabel(
        { kind: templateKindOf(run), name: run.workflowName ?? '' },
        run.namespace,
      )
    : 'workflow plane';
  return [
    {
      id: workflowRead
        ? 'workflow-resolution-failed'
        : 'workflowplane-resolution-failed',
      severity: 'warning',
      title: `The controller could not read the run's ${what}`,
      detail: `The controller says ${quoted}(${reason}) and tries again every 30 seconds.`,
      fix: "The message is the control plane API server's answer to OpenChoreo's controller manager (e.g. a permission its ClusterRole lacks, or an API server that did not answer). Check the controller manager's logs and RBAC in the control plane; the run continues by itself once the read succeeds.",
    },
  ];
}

/**
 * What the v1 WorkflowRun controller records on a run it refuses, fails or keeps retrying
 * (internal/controller/workflowrun/controller_conditions.go@v1.2.3): `ComponentValidationFailed`
 * (final; its message says what is wrong), "Workflow is not found in the cluster" (final: the
 * (Cluster)Workflow or the run's Argo Workflow is gone), and the reasons it retries on.
 */
export function workflowRunRules(facts: DiagnosisFacts): RunDiagnosis[] {
  const { run } = facts;
  if (run.generation !== 'v1') return [];
  const completed = conditionOf(run, RUN_CONDITION_TYPES.completed);
  if (run.status === 'Pending') {
    const reason = recordedPendingReason(run);
    return reason ? retrying(facts, reason, completed?.message ?? '') : [];
  }
  if (run.status !== 'Failed') return [];
  const failed = conditionOf(run, RUN_CONDITION_TYPES.failed);
  const refused = [failed, completed].find(
    c => c?.status === 'True' && c.reason === COMPONENT_VALIDATION_FAILED,
  );
  if (refused) return [componentValidationFailed(run, refused.message ?? '')];
  if (
    [failed, completed].some(
      c => c?.status === 'True' && c.message === WORKFLOW_NOT_FOUND_MESSAGE,
    )
  ) {
    return [workflowNotFound(facts)];
  }
  return [];
}
