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

/**
 * Annotations a v1.x build writes back on its WorkflowRun. No v1.x release sets an image or commit
 * annotation: the sample `generate-workload` step PUTs the run with the Workload it generated, as
 * JSON, in `openchoreo.dev/workload`
 * (`samples/getting-started/workflow-templates/generate-workload.yaml@v1.2.3:247-252`); the image
 * is that Workload's `spec.container.image`
 * ({@link imageOfWorkloadAnnotation}). The commit is the run's own repository parameter.
 *
 * @public
 */
export const WORKFLOW_RUN_ANNOTATIONS = {
  workload: 'openchoreo.dev/workload',
  workloadFromSource: 'openchoreo.dev/workload-from-source',
} as const;

/** The largest Workload annotation read; anything longer is ignored rather than parsed. */
const MAX_WORKLOAD_ANNOTATION_LENGTH = 256 * 1024;

/**
 * The image of the Workload a v1 build wrote into `openchoreo.dev/workload`. The annotation is
 * data written by a build step: it is parsed as JSON (bounded), never evaluated, and only a string
 * `spec.container.image` is taken; anything else answers undefined.
 *
 * @public
 */
export function imageOfWorkloadAnnotation(
  value: string | undefined,
): string | undefined {
  if (!value || value.length > MAX_WORKLOAD_ANNOTATION_LENGTH) return undefined;
  try {
    const workload: unknown = JSON.parse(value);
    const image = (
      workload as { spec?: { container?: { image?: unknown } } } | null
    )?.spec?.container?.image;
    return typeof image === 'string' && image !== '' ? image : undefined;
  } catch {
    return undefined;
  }
}

/** Labels that link a v1 WorkflowRun to its component (the controller validates them). @public */
export const WORKFLOW_RUN_LABELS = {
  project: 'openchoreo.dev/project',
  component: 'openchoreo.dev/component',
} as const;
