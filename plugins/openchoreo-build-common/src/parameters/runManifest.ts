import {
  OPENCHOREO_API_GROUP,
  OPENCHOREO_API_VERSION,
  type ComponentWorkflowRun,
  type ComponentWorkflowRunConfig,
} from '../kubernetes/openchoreo';
import {
  WORKFLOW_RUN_LABELS,
  type WorkflowKind,
  type WorkflowRun,
  type WorkflowRunConfigV1,
} from '../kubernetes/openchoreoV1';

/*
 * The run object `POST /runs` creates, as the Start build form previews it and the backend writes
 * it (`withRunMetadata` in the backend adds what only it knows: the generated name, the
 * created-by annotation and a webhook's labels).
 */

/** What the preview shows where the backend generates a value (the run's name). @public */
export const GENERATED_VALUE = '<generated>';

/** Who a new run is for. @public */
export interface RunOwner {
  namespace: string;
  project: string;
  component: string;
}

function metadataOf(owner: RunOwner, name: string) {
  return {
    name,
    namespace: owner.namespace,
    labels: {
      [WORKFLOW_RUN_LABELS.project]: owner.project,
      [WORKFLOW_RUN_LABELS.component]: owner.component,
    },
  };
}

/**
 * A v0 ComponentWorkflowRun for `owner` with the checked values (see
 * `componentWorkflowRunValues`); `name` defaults to {@link GENERATED_VALUE}.
 *
 * @public
 */
export function componentWorkflowRunManifest(
  owner: RunOwner,
  workflow:
    | ComponentWorkflowRunConfig
    | {
        name: string;
        systemParameters: Record<string, unknown>;
        parameters: Record<string, unknown>;
      },
  name: string = GENERATED_VALUE,
): ComponentWorkflowRun {
  return {
    apiVersion: `${OPENCHOREO_API_GROUP}/${OPENCHOREO_API_VERSION}`,
    kind: 'ComponentWorkflowRun',
    metadata: metadataOf(owner, name),
    spec: {
      owner: { projectName: owner.project, componentName: owner.component },
      // As given (a re-run copies the previous run's spec.workflow whole).
      workflow: { ...workflow } as ComponentWorkflowRunConfig,
    },
  };
}

/**
 * A v1 WorkflowRun for `owner` with the checked parameters (see `workflowRunParameters`); `name`
 * defaults to {@link GENERATED_VALUE}.
 *
 * @public
 */
export function workflowRunManifest(
  owner: RunOwner,
  workflow: WorkflowRunConfigV1 & { kind: WorkflowKind },
  name: string = GENERATED_VALUE,
): WorkflowRun {
  return {
    apiVersion: `${OPENCHOREO_API_GROUP}/${OPENCHOREO_API_VERSION}`,
    kind: 'WorkflowRun',
    metadata: metadataOf(owner, name),
    spec: { workflow: { ...workflow } },
  };
}
