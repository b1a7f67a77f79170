import {
  findRepositoryFields,
  type ComponentWorkflowSummary,
  type JsonSchema,
  type RequiredSecret,
  type Workflow,
  type WorkflowKind,
  type WorkflowPlaneRef,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { workflowReady } from './workflowModel';

/** v1 has no system parameters: the repository lives in `parameters`, where the markers say. */
const NO_SYSTEM_PARAMETERS: JsonSchema = { type: 'object', properties: {} };

/** The run template's Argo kind, and its WorkflowTemplate when it names one. */
function runTemplateOf(
  workflow: Workflow,
): ComponentWorkflowSummary['runTemplate'] {
  const template = workflow.spec?.runTemplate;
  const spec = template?.spec as
    | { workflowTemplateRef?: { name?: string; clusterScope?: boolean } }
    | undefined;
  return {
    apiVersion: template?.apiVersion,
    kind: template?.kind,
    workflowTemplateRef: spec?.workflowTemplateRef,
  };
}

/**
 * The `GET /workflows` view of a v1 Workflow or ClusterWorkflow (`api/v1alpha1/workflow_types.go`
 * @v1.2.3): the parameters schema is `parameters.openAPIV3Schema` as written, markers included, so
 * the Start build form and webhooks find the repository fields the way upstream does
 * (`findRepositoryFields` = `ExtractComponentRepositoryPaths`); a role marked twice, which upstream
 * rejects, is a schema warning. `workflowPlane` is the plane runs execute on (resolved by the
 * caller with OpenChoreo's defaults).
 */
export function workflowSummaryV1(input: {
  workflow: Workflow;
  kind: WorkflowKind;
  /** The organization it was listed for (a ClusterWorkflow has no namespace of its own). */
  namespace: string;
  workflowPlane: Required<WorkflowPlaneRef>;
  secrets: RequiredSecret[];
}): ComponentWorkflowSummary {
  const { workflow, kind, namespace, workflowPlane, secrets } = input;
  const schema = workflow.spec?.parameters?.openAPIV3Schema;
  const { paths, errors } = findRepositoryFields(schema);
  const annotations = workflow.metadata?.annotations ?? {};
  const summary: ComponentWorkflowSummary = {
    namespace,
    name: workflow.metadata?.name ?? '',
    generation: 'v1',
    kind,
    displayName: annotations['openchoreo.dev/display-name'],
    description: annotations['openchoreo.dev/description'],
    createdAt: workflow.metadata?.creationTimestamp,
    repositoryFields: paths,
    workflowPlane,
    systemParametersSchema: structuredClone(NO_SYSTEM_PARAMETERS),
    parametersSchema: schema
      ? structuredClone(schema)
      : structuredClone(NO_SYSTEM_PARAMETERS),
    schemaWarnings: errors.map(error => `parameters: ${error}`),
    runTemplate: runTemplateOf(workflow),
    secrets,
    ready: workflowReady(secrets),
  };
  if (workflow.spec?.ttlAfterCompletion)
    summary.ttlAfterCompletion = workflow.spec.ttlAfterCompletion;
  return summary;
}
