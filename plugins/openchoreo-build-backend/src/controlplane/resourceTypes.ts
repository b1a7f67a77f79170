import {
  ARGO_WORKFLOW,
  OPENCHOREO_API_GROUP,
  OPENCHOREO_API_VERSION,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ResourceType } from '../kubernetes/KubernetesClient';

const openchoreo = (plural: string, kind: string): ResourceType => ({
  group: OPENCHOREO_API_GROUP,
  version: OPENCHOREO_API_VERSION,
  plural,
  kind,
});

/**
 * OpenChoreo's resources: the v0.x generation (BuildPlane / ComponentWorkflow /
 * ComponentWorkflowRun), the v1.x one (WorkflowPlane / Workflow / WorkflowRun) and what both read.
 */
export const RESOURCE_TYPES = {
  buildPlane: openchoreo('buildplanes', 'BuildPlane'),
  componentWorkflow: openchoreo('componentworkflows', 'ComponentWorkflow'),
  componentWorkflowRun: openchoreo(
    'componentworkflowruns',
    'ComponentWorkflowRun',
  ),
  component: openchoreo('components', 'Component'),
  observabilityPlane: openchoreo('observabilityplanes', 'ObservabilityPlane'),
  /** v0.16+: cluster-scoped. */
  clusterObservabilityPlane: openchoreo(
    'clusterobservabilityplanes',
    'ClusterObservabilityPlane',
  ),
  /** v1.x (WorkflowPlane / Workflow / WorkflowRun); `cluster*` kinds are cluster-scoped. */
  workflowPlane: openchoreo('workflowplanes', 'WorkflowPlane'),
  clusterWorkflowPlane: openchoreo(
    'clusterworkflowplanes',
    'ClusterWorkflowPlane',
  ),
  workflow: openchoreo('workflows', 'Workflow'),
  clusterWorkflow: openchoreo('clusterworkflows', 'ClusterWorkflow'),
  workflowRun: openchoreo('workflowruns', 'WorkflowRun'),
  componentType: openchoreo('componenttypes', 'ComponentType'),
  clusterComponentType: openchoreo(
    'clustercomponenttypes',
    'ClusterComponentType',
  ),
  argoWorkflow: {
    group: ARGO_WORKFLOW.group,
    version: ARGO_WORKFLOW.version,
    plural: ARGO_WORKFLOW.plural,
    kind: 'Argo Workflow',
  } as ResourceType,
  /** Build plane, cluster-scoped: what v0.9 ComponentWorkflows reference (`workflowTemplateRef.clusterScope`). */
  clusterWorkflowTemplate: {
    group: ARGO_WORKFLOW.group,
    version: ARGO_WORKFLOW.version,
    plural: 'clusterworkflowtemplates',
    kind: 'ClusterWorkflowTemplate',
  } as ResourceType,
  workflowTemplate: {
    group: ARGO_WORKFLOW.group,
    version: ARGO_WORKFLOW.version,
    plural: 'workflowtemplates',
    kind: 'WorkflowTemplate',
  } as ResourceType,
  externalSecret: {
    group: 'external-secrets.io',
    version: 'v1',
    plural: 'externalsecrets',
    kind: 'ExternalSecret',
  } as ResourceType,
} as const;

/** The build plane namespace OpenChoreo renders an org's builds into. */
export function ciNamespaceFor(org: string): string {
  return `openchoreo-ci-${org}`;
}
