/**
 * The small slice of Kubernetes' object model the plugins read. Only the fields we use are typed;
 * everything else is allowed through as unknown so objects from newer servers still parse.
 */

/** @public */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A `metav1.Condition`, as OpenChoreo writes them on its status subresources. @public */
export interface KubernetesCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** Any Kubernetes object: apiVersion, kind and metadata are all we rely on. @public */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** A list response (`{kind}List`); `metadata.continue` drives pagination. @public */
export interface KubernetesList<T> {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    resourceVersion?: string;
    continue?: string;
    remainingItemCount?: number;
  };
  items: T[];
}

/** A reference to an object in another cluster (OpenChoreo's `ResourceReference`). @public */
export interface ResourceReference {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** Kubernetes' `Status` object, returned with every API error. @public */
export interface KubernetesStatus {
  kind?: 'Status';
  status?: 'Success' | 'Failure' | string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

/** A core/v1 Secret (the backend reads it for `secretRef`, never returns it). @public */
export interface KubernetesSecret extends KubernetesObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** A watch event line of `?watch=true`. @public */
export interface KubernetesWatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T | KubernetesStatus;
}
