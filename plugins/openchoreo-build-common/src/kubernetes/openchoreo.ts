import type {
  KubernetesCondition,
  KubernetesObject,
  ResourceReference,
} from './meta';

/** API group and version of every OpenChoreo resource the plugins read. @public */
export const OPENCHOREO_API_GROUP = 'openchoreo.dev';
/** @public */
export const OPENCHOREO_API_VERSION = 'v1alpha1';

/**
 * A value given inline or read from a Secret in the control plane (BuildPlane v0.4–v0.8).
 * `namespace` defaults to the BuildPlane's namespace.
 *
 * @public
 */
export interface ValueFrom {
  value?: string;
  secretRef?: { name: string; key: string; namespace?: string };
}

/** v0.3 direct credentials: base64 PEM strings, inline. @public */
export interface BuildPlaneCredentialsV03 {
  apiServerURL: string;
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
}

/**
 * `spec.kubernetesCluster` across generations:
 * - v0.3: `name` + `credentials`;
 * - v0.4–v0.8: `server`, `tls.ca`, `auth.bearerToken` or `auth.mtls`.
 *
 * (`clusterRef`, a kubeconfig in a Secret, appears only in a pre-v0.4 "conceptual" document and in
 * no BuildPlane CRD v0.1–v0.17; it is deliberately not modelled: a kubeconfig can run commands.)
 *
 * @public
 */
export interface BuildPlaneKubernetesCluster {
  name?: string;
  credentials?: BuildPlaneCredentialsV03;
  server?: string;
  tls?: { ca?: ValueFrom; insecureSkipVerify?: boolean };
  auth?: {
    bearerToken?: ValueFrom;
    mtls?: { clientCert?: ValueFrom; clientKey?: ValueFrom };
  };
}

/** v0.3–v0.7 inline observer: URL + basic auth. @public */
export interface BuildPlaneObserver {
  url: string;
  authentication?: { basicAuth?: { username?: string; password?: string } };
}

/**
 * A BuildPlane spec of any generation (fields of all generations, all optional; the generation is
 * recognised from which ones are present):
 * - v0.3: `kubernetesCluster.credentials`, `observer`;
 * - v0.4–v0.8: `kubernetesCluster{server,tls,auth}`; v0.7 `agent`; v0.8 `observabilityPlaneRef`;
 * - v0.9: `planeID`, `clusterAgent`, `secretStoreRef`, `observabilityPlaneRef`.
 *
 * @public
 */
export interface BuildPlaneSpec {
  kubernetesCluster?: BuildPlaneKubernetesCluster;
  observer?: BuildPlaneObserver;
  agent?: { enabled?: boolean; clientCA?: ValueFrom };
  planeID?: string;
  clusterAgent?: { clientCA?: ValueFrom };
  secretStoreRef?: { name: string };
  observabilityPlaneRef?: string | { name?: string; kind?: string };
}

/** v0.12+ status of an agent-connected plane. @public */
export interface BuildPlaneStatus {
  agentConnection?: {
    connected?: boolean;
    connectedAgents?: number;
    lastHeartbeatTime?: string;
    lastConnectedTime?: string;
    lastDisconnectedTime?: string;
    message?: string;
  };
  conditions?: KubernetesCondition[];
  observedGeneration?: number;
}

/** `openchoreo.dev/v1alpha1 BuildPlane`. @public */
export interface BuildPlane extends KubernetesObject {
  spec?: BuildPlaneSpec;
  status?: BuildPlaneStatus;
}

/**
 * `openchoreo.dev/v1alpha1 ObservabilityPlane` (v0.8+; namespaced, in the org namespace): where the
 * org's observer API is. A BuildPlane names it in `spec.observabilityPlaneRef`; v0.16+ may instead
 * name a cluster-scoped `ClusterObservabilityPlane` of the same shape.
 *
 * @public
 */
export interface ObservabilityPlane extends KubernetesObject {
  spec?: {
    planeID?: string;
    clusterAgent?: { clientCA?: ValueFrom };
    /** Base URL of the observer API (`observabilityplane_types.go@v0.9.0`). */
    observerURL?: string;
  };
}

/**
 * OpenChoreo's shorthand schema: a tree whose leaves are shorthand strings such as
 * `string | default=main description="Git branch"`.
 *
 * @public
 */
export type ShorthandSchema = string | { [field: string]: ShorthandSchema };

/** `spec.schema` of a ComponentWorkflow. @public */
export interface ComponentWorkflowSchema {
  systemParameters?: { [field: string]: ShorthandSchema };
  parameters?: { [field: string]: ShorthandSchema };
  types?: { [typeName: string]: ShorthandSchema };
}

/** An extra resource rendered with each run (e.g. an ExternalSecret). @public */
export interface ComponentWorkflowResource {
  id: string;
  template: KubernetesObject & { spec?: unknown };
}

/** `openchoreo.dev/v1alpha1 ComponentWorkflow`: a build template. @public */
export interface ComponentWorkflow extends KubernetesObject {
  spec?: {
    schema?: ComponentWorkflowSchema;
    runTemplate?: KubernetesObject & { spec?: unknown };
    resources?: ComponentWorkflowResource[];
  };
}

/** The repository values of a run (`spec.workflow.systemParameters`). @public */
export interface SystemParametersValues {
  repository: {
    url: string;
    revision: { branch: string; commit?: string };
    appPath: string;
  };
}

/** JSON values as carried by `parameters` (free form). @public */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** `spec.workflow` of a ComponentWorkflowRun and of a Component (the defaults). @public */
export interface ComponentWorkflowRunConfig {
  name: string;
  systemParameters: SystemParametersValues;
  parameters?: { [key: string]: JsonValue };
}

/** A task of `status.tasks` (v1 WorkflowRun; some later ComponentWorkflowRuns). @public */
export interface WorkflowRunTask {
  name: string;
  phase?:
    | 'Pending'
    | 'Running'
    | 'Succeeded'
    | 'Failed'
    | 'Skipped'
    | 'Error'
    | string;
  startedAt?: string;
  completedAt?: string;
  message?: string;
}

/** `openchoreo.dev/v1alpha1 ComponentWorkflowRun`: one build. @public */
export interface ComponentWorkflowRun extends KubernetesObject {
  spec?: {
    owner?: { projectName?: string; componentName?: string };
    workflow?: ComponentWorkflowRunConfig;
  };
  status?: {
    conditions?: KubernetesCondition[];
    imageStatus?: { image?: string };
    runReference?: ResourceReference;
    resources?: ResourceReference[];
    tasks?: WorkflowRunTask[];
    startedAt?: string;
    completedAt?: string;
  };
}

/** `openchoreo.dev/v1alpha1 Component`. @public */
export interface Component extends KubernetesObject {
  spec?: {
    owner?: { projectName?: string };
    componentType?: string;
    workflow?: ComponentWorkflowRunConfig;
    autoBuild?: boolean;
  };
}

/** `external-secrets.io/v1 ExternalSecret` (what readiness checks read). @public */
export interface ExternalSecret extends KubernetesObject {
  spec?: {
    refreshInterval?: string;
    secretStoreRef?: { name?: string; kind?: string };
    target?: { name?: string; creationPolicy?: string };
    data?: Array<{
      secretKey?: string;
      remoteRef?: { key?: string; property?: string };
    }>;
  };
  status?: { conditions?: KubernetesCondition[]; refreshTime?: string };
}
