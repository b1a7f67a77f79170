import type { JsonSchema } from '../api/jsonSchema';
import type {
  KubernetesCondition,
  KubernetesObject,
  ResourceReference,
} from './meta';
import type {
  ComponentWorkflowResource,
  JsonValue,
  ValueFrom,
  WorkflowRunTask,
} from './openchoreo';

/*
 * OpenChoreo v1.x build resources (`openchoreo.dev/v1alpha1`, schemas identical v1.0.0–v1.2.3):
 * `api/v1alpha1/{workflowplane,clusterworkflowplane,workflow,clusterworkflow,workflowrun,component,
 * componenttype}_types.go@v1.2.3`. Only the fields the plugins read are typed.
 */

/** Which kind a v1 reference names; the API defaults `kind` to the cluster-scoped one. @public */
export type WorkflowKind = 'Workflow' | 'ClusterWorkflow';

/** `spec.workflowPlaneRef` of a (Cluster)Workflow. @public */
export interface WorkflowPlaneRef {
  kind?: 'WorkflowPlane' | 'ClusterWorkflowPlane';
  name?: string;
}

/** `WorkflowPlane` (namespaced) and `ClusterWorkflowPlane` (cluster-scoped) share this shape. @public */
export interface WorkflowPlane extends KubernetesObject {
  spec?: {
    planeID?: string;
    clusterAgent?: { clientCA?: ValueFrom & { secretKeyRef?: unknown } };
    secretStoreRef?: { name?: string };
    observabilityPlaneRef?: { kind?: string; name?: string };
  };
  status?: {
    conditions?: KubernetesCondition[];
    agentConnection?: {
      connected?: boolean;
      connectedAgents?: number;
      lastHeartbeatTime?: string;
      message?: string;
    };
    observedGeneration?: number;
  };
}

/** `Workflow` (namespaced) and `ClusterWorkflow` (cluster-scoped) share this shape. @public */
export interface Workflow extends KubernetesObject {
  spec?: {
    workflowPlaneRef?: WorkflowPlaneRef;
    /** `^(\d+d)?(\d+h)?(\d+m)?(\d+s)?$`, copied onto runs that set none. */
    ttlAfterCompletion?: string;
    parameters?: { openAPIV3Schema?: JsonSchema & Record<string, unknown> };
    runTemplate?: KubernetesObject & { spec?: unknown };
    resources?: Array<ComponentWorkflowResource & { includeWhen?: string }>;
    externalRefs?: unknown[];
  };
}

/** `spec.workflow` of a v1 WorkflowRun and of a v1 Component (the defaults). @public */
export interface WorkflowRunConfigV1 {
  kind?: WorkflowKind;
  name: string;
  parameters?: { [key: string]: JsonValue };
}

/**
 * `WorkflowRun` (v1): linked to its component by the labels `openchoreo.dev/project` /
 * `openchoreo.dev/component`; image and commit arrive later as annotations; the controller
 * deletes it `ttlAfterCompletion` after it finished.
 *
 * @public
 */
export interface WorkflowRun extends KubernetesObject {
  spec?: {
    workflow?: WorkflowRunConfigV1;
    ttlAfterCompletion?: string;
  };
  status?: {
    conditions?: KubernetesCondition[];
    runReference?: ResourceReference;
    resources?: ResourceReference[];
    tasks?: WorkflowRunTask[];
    startedAt?: string;
    completedAt?: string;
  };
}

/** A v1 `Component` (componentType became a reference; `spec.workflow` is {@link WorkflowRunConfigV1}). @public */
export interface ComponentV1 extends KubernetesObject {
  spec?: {
    owner?: { projectName?: string };
    componentType?: {
      kind?: 'ComponentType' | 'ClusterComponentType';
      name?: string;
    };
    workflow?: WorkflowRunConfigV1;
    autoBuild?: boolean;
  };
}

/** `ComponentType` / `ClusterComponentType` (v1): which workflows components of the type may run. @public */
export interface ComponentTypeV1 extends KubernetesObject {
  spec?: {
    workloadType?: string;
    /** Empty or absent: no workflow is allowed. `kind` defaults to ClusterWorkflow. */
    allowedWorkflows?: Array<{ kind?: WorkflowKind; name?: string }>;
  };
}

/** Annotations v1.x writes on a WorkflowRun once the build produced them. @public */
export const WORKFLOW_RUN_ANNOTATIONS = {
  image: 'openchoreo.dev/image',
  commit: 'openchoreo.dev/commit',
  workload: 'openchoreo.dev/workload',
} as const;

/** Labels that link a v1 WorkflowRun to its component (the controller validates them). @public */
export const WORKFLOW_RUN_LABELS = {
  project: 'openchoreo.dev/project',
  component: 'openchoreo.dev/component',
} as const;
