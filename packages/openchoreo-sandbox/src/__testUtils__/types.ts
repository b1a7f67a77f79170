import type { KObject } from '../apiserver/types';
import type { Condition } from '../controller/conditions';
import type { runBody } from './harness';

/**
 * Shapes the tests read from API responses (CustomObjectsApi answers `any`).
 * Fields are the ones the sandbox writes; tests assert their values.
 */

/** A list response (`kind: ...List`). */
export interface KList<T = KObject> {
  apiVersion?: string;
  kind?: string;
  metadata: {
    resourceVersion?: string;
    continue?: string;
    remainingItemCount?: number;
  };
  items: T[];
}

/** A `Status` object returned for failures and watch ERROR events. */
export interface KStatus {
  kind: 'Status';
  status: string;
  reason: string;
  message: string;
  code: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason: string; message: string; field: string }>;
  };
}

/** An entry of an APIResourceList (`/apis/{group}/{version}`). */
export interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

export interface RunStatus {
  conditions?: Condition[];
  imageStatus?: { image: string };
  runReference?: {
    apiVersion: string;
    kind: string;
    name: string;
    namespace: string;
  };
  resources?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    namespace?: string;
  }>;
}

export type ComponentWorkflowRun = KObject & {
  spec: ReturnType<typeof runBody>['spec'];
  status?: RunStatus;
};

export interface ArgoParameter {
  name: string;
  value: string;
}

/** A node of an Argo Workflow's `status.nodes`. */
export interface ArgoNode {
  id: string;
  name: string;
  displayName: string;
  type: 'Steps' | 'StepGroup' | 'DAG' | 'Pod' | 'Skipped';
  templateName: string;
  phase: string;
  boundaryID?: string;
  children?: string[];
  outboundNodes?: string[];
  message?: string;
  startedAt: string;
  finishedAt?: string;
  inputs?: { parameters: ArgoParameter[] };
  outputs?: { parameters: ArgoParameter[] };
}

export type ArgoWorkflow = KObject & {
  spec: {
    ttlStrategy?: { secondsAfterCompletion?: number };
    arguments?: { parameters?: ArgoParameter[] };
    shutdown?: string;
  };
  status?: { phase?: string; nodes?: Record<string, ArgoNode> };
};
