import type { JsonSchema } from './jsonSchema';
import type { WorkflowPlaneRef } from '../kubernetes/openchoreoV1';
import type { ApiGeneration } from '../rules/generation';
import type { RepositoryFieldPaths } from '../rules/repositoryFields';

/**
 * Readiness of a secret a workflow needs, checked where its runs create it (v0: the org's build
 * plane, namespace `openchoreo-ci-<org>`; v1: the workflow's plane, namespace `workflows-<org>`):
 * - `Ready`: an ExternalSecret for it reports Ready=True, or the target Secret exists;
 * - `NotReady`: the ExternalSecret exists but is not Ready (its message says why);
 * - `Missing`: neither exists;
 * - `Unknown`: the build plane could not be asked (see `message`).
 *
 * @public
 */
export type SecretReadiness = 'Ready' | 'NotReady' | 'Missing' | 'Unknown';

/**
 * A key an ExternalSecret asks for that its secret store does not have (see
 * `parseMissingStoreKey`).
 *
 * @public
 */
export interface MissingStoreKey {
  /** The remote key (`spec.data[].remoteRef.key`). */
  key: string;
  /** The store that lacks it; a `SecretStore` lives in the ExternalSecret's namespace. */
  store: { kind: 'ClusterSecretStore' | 'SecretStore'; name: string };
}

/** A secret a workflow needs. Never carries a value. @public */
export interface RequiredSecret {
  /** `spec.resources[].id` of the (Component)Workflow. */
  resourceId: string;
  kind: 'ExternalSecret' | 'Secret';
  /** The name with the per-run prefix `${metadata.workflowRunName}-` removed, e.g. `git-clone-secret`. */
  name: string;
  /** The name as templated in the workflow. */
  nameTemplate: string;
  /** The Kubernetes Secret the build mounts (`spec.target.name`), prefix removed likewise. */
  targetSecretName?: string;
  /** Where it is checked: `openchoreo-ci-<org>` (v0) or `workflows-<org>` (v1) on the plane. */
  namespace: string;
  /**
   * v1: the resource's `includeWhen` CEL expression as written: the secret is created only for
   * runs where it holds (e.g. a private repository's `secretRef` is set). Not evaluated by the
   * portal; such a secret that no run has created yet (`Missing`) does not make the workflow
   * not `ready`.
   */
  condition?: string;
  secretStore?: { name?: string; kind?: string };
  /** Keys read from the secret store (names only). */
  remoteKeys: string[];
  status: SecretReadiness;
  message?: string;
  /**
   * When `NotReady` because the store lacks a key: that key and the store, read
   * (`parseMissingStoreKey`) from the operator's Warning `UpdateFailed` event on the
   * ExternalSecret (its Ready message says only "could not get secret data from provider"), or
   * from a Ready message that names the key. Absent when neither says, or the events could not be
   * read.
   */
  missingKey?: MissingStoreKey;
}

/** One ComponentWorkflow (build template), as listed by `GET /workflows`. @public */
export interface ComponentWorkflowSummary {
  /** The organization; for a v1 `ClusterWorkflow`, the organization it was listed for. */
  namespace: string;
  name: string;
  generation: ApiGeneration;
  /** `ComponentWorkflow` (v0), `Workflow` or `ClusterWorkflow` (v1). */
  kind: 'ComponentWorkflow' | 'Workflow' | 'ClusterWorkflow';
  /**
   * v1: where the repository lives inside `parameters` (the schema's
   * `x-openchoreo-component-parameter-repository-*` markers); absent for v0, whose repository is
   * `systemParameters`.
   */
  repositoryFields?: RepositoryFieldPaths;
  /** v1: the plane the workflow runs on (`spec.workflowPlaneRef`, defaults applied). */
  workflowPlane?: Required<WorkflowPlaneRef>;
  /** v1: how long a finished run is kept (`spec.ttlAfterCompletion`). */
  ttlAfterCompletion?: string;
  displayName?: string;
  description?: string;
  createdAt?: string;
  /** JSON Schema of `systemParameters` (repository url / revision / appPath); v1: an empty object schema. */
  systemParametersSchema: JsonSchema;
  /** JSON Schema of the free `parameters` (v1: `openAPIV3Schema` as written, markers included). */
  parametersSchema: JsonSchema;
  /** Shorthand entries the converter could not read (field path: problem); they are left out. */
  schemaWarnings: string[];
  /** The Argo template the run renders to. */
  runTemplate: {
    apiVersion?: string;
    kind?: string;
    workflowTemplateRef?: { name?: string; clusterScope?: boolean };
  };
  secrets: RequiredSecret[];
  /** True when every required secret is Ready (a conditional one may also be Missing). */
  ready: boolean;
}

/** `GET /workflows` response. @public */
export interface ComponentWorkflowListResponse {
  items: ComponentWorkflowSummary[];
}
