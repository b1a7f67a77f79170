import type { KubeConfig } from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import {
  ARGO_WORKFLOW,
  type KubernetesList,
  type KubernetesObject,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { upstreamStatusOf } from '../kubernetes/kubernetesErrors';
import { kubeGetJson, podPath } from './kubeRequest';

/** The slice of an Argo step pod that the step locator reads. */
export interface StepPod extends KubernetesObject {
  status?: {
    phase?: string;
    containerStatuses?: Array<{
      name?: string;
      state?: {
        waiting?: { reason?: string };
        running?: unknown;
        terminated?: unknown;
      };
    }>;
  };
}

/** Which Argo node's pod to find. */
export interface StepPodQuery {
  /** The node's name (`<wf>[1].build-step`), as Argo annotates the pod. */
  nodeName?: string;
  /** The node's id; newer Argo annotates it too. */
  nodeId?: string;
  /** The name Argo would give the pod: used only when pods may not be listed. */
  predictedName?: string;
}

/** Does `pod` run node `query` of its Workflow (by the annotations Argo puts on every pod)? */
export function podRunsNode(pod: StepPod, query: StepPodQuery): boolean {
  const annotations = pod.metadata?.annotations ?? {};
  const nodeName = annotations[ARGO_WORKFLOW.podNodeNameAnnotation];
  const nodeId = annotations[ARGO_WORKFLOW.podNodeIdAnnotation];
  return Boolean(
    (query.nodeName && nodeName === query.nodeName) ||
      (query.nodeId && nodeId === query.nodeId),
  );
}

/**
 * Finds the pod of one Argo node as openchoreo-api does
 * (`internal/openchoreo-api/services/workflowrun/service.go@v1.2.3:456-510`,
 * `listAndFilterWorkflowPods`): list the Workflow's pods by the `workflows.argoproj.io/workflow`
 * label and match the `workflows.argoproj.io/node-name` annotation, so the pod name format
 * (v1/v2, `POD_NAMES` of the controller) does not matter. v0.9's cluster agent may list pods
 * (`install/helm/openchoreo-build-plane/templates/cluster-agent/clusterrole.yaml@v0.9.0`); plane
 * credentials that may only get pods (403 on the list) fall back to the predicted name.
 *
 * Once found, the pod is read by its name until the node changes (a retry's next attempt).
 */
export class StepPodFinder {
  private listAllowed = true;
  private found?: { query: StepPodQuery; podName: string };

  constructor(
    private readonly options: {
      kubeConfig: KubeConfig;
      namespace: string;
      workflowName: string;
      /** Error messages name this, e.g. "build plane acme/default (direct)". */
      target: string;
      timeoutMs: number;
    },
  ) {}

  /** False once the plane refused to list pods (the finder then reads predicted names). */
  get listsPods(): boolean {
    return this.listAllowed;
  }

  /** The node's pod, or undefined when it does not exist (not yet, or no more). */
  async find(query: StepPodQuery): Promise<StepPod | undefined> {
    if (
      this.found &&
      this.found.query.nodeName === query.nodeName &&
      this.found.query.nodeId === query.nodeId
    ) {
      return this.get(this.found.podName);
    }
    if (this.listAllowed) {
      try {
        const pod = (await this.list()).find(p => podRunsNode(p, query));
        const podName = pod?.metadata?.name;
        if (pod && podName) this.found = { query, podName };
        return pod;
      } catch (error) {
        if (upstreamStatusOf(error) !== 403) throw error;
        this.listAllowed = false;
      }
    }
    return query.predictedName ? this.get(query.predictedName) : undefined;
  }

  private async list(): Promise<StepPod[]> {
    const { namespace, workflowName } = this.options;
    const list = await kubeGetJson<KubernetesList<StepPod>>(
      this.options.kubeConfig,
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
      {
        query: {
          labelSelector: `${ARGO_WORKFLOW.podWorkflowLabel}=${workflowName}`,
        },
        target: this.options.target,
        what: `the pods of workflow ${namespace}/${workflowName}`,
        timeoutMs: this.options.timeoutMs,
      },
    );
    return Array.isArray(list?.items) ? list.items : [];
  }

  private async get(podName: string): Promise<StepPod | undefined> {
    const { namespace } = this.options;
    try {
      return await kubeGetJson<StepPod>(
        this.options.kubeConfig,
        podPath(namespace, podName),
        {
          target: this.options.target,
          what: `pod ${namespace}/${podName}`,
          timeoutMs: this.options.timeoutMs,
        },
      );
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }
}
