import { NotFoundError } from '@backstage/errors';
import {
  ARGO_WORKFLOW,
  type ExternalSecret,
  type KubernetesList,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneConnector } from '../buildplane/BuildPlaneConnector';
import { RESOURCE_TYPES } from '../controlplane/resourceTypes';
import type { ResourceType } from '../kubernetes/KubernetesClient';
import { kubeGetJson, podPath } from '../logs/kubeRequest';
import type { StepLogTail } from './facts';
import type { CoreEvent, CoreEventList, Pod } from './kubeObjects';
import { readStepLogTail } from './logTail';
import {
  type ExternalSecretFailures,
  readExternalSecretFailures,
} from '../workflows/externalSecretFailures';

/** Events of one pod at most; the newest are kept. */
const MAX_EVENTS = 50;

/** What the diagnosis reads from a build plane (a fake in tests, a connector in production). */
export interface BuildPlaneReads {
  /** Names the plane in messages, e.g. "build plane acme/acme-build-plane (direct)". */
  readonly label: string;
  /** The pods of an Argo Workflow (by its `workflows.argoproj.io/workflow` label). */
  listWorkflowPods(
    namespace: string,
    workflow: string,
    signal: AbortSignal,
  ): Promise<Pod[]>;
  /** The pod, or undefined when it does not exist. */
  getPod(
    namespace: string,
    name: string,
    signal: AbortSignal,
  ): Promise<Pod | undefined>;
  /** Events whose involved object is the pod, oldest first. */
  listPodEvents(
    namespace: string,
    pod: string,
    signal: AbortSignal,
  ): Promise<CoreEvent[]>;
  listExternalSecrets(namespace: string): Promise<ExternalSecret[]>;
  /** The ExternalSecrets' `UpdateFailed` event messages in a namespace, by name, newest first. */
  listExternalSecretFailures(
    namespace: string,
  ): Promise<ExternalSecretFailures>;
  /** The end of the step's `main` log; NotFoundError when the pod is gone. */
  readLogTail(
    namespace: string,
    pod: string,
    step: string,
    signal: AbortSignal,
  ): Promise<StepLogTail>;
}

/** Older External Secrets Operator releases serve `external-secrets.io/v1beta1` only. */
const EXTERNAL_SECRET_V1BETA1: ResourceType = {
  ...RESOURCE_TYPES.externalSecret,
  version: 'v1beta1',
};

function eventTime(event: CoreEvent): string {
  return (
    event.series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    ''
  );
}

/** The reads through a build plane connector (direct, or the cluster gateway in agent mode). */
export function connectorReads(
  connector: BuildPlaneConnector,
  timeoutMs: number,
): BuildPlaneReads {
  const kubeConfig = connector.kubernetes.kubeConfig;
  const target = connector.label;
  return {
    label: target,
    async listWorkflowPods(namespace, workflow, signal) {
      const list = await kubeGetJson<KubernetesList<Pod>>(
        kubeConfig,
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
        {
          target,
          what: `the pods of workflow ${namespace}/${workflow}`,
          timeoutMs,
          signal,
          query: {
            labelSelector: `${ARGO_WORKFLOW.podWorkflowLabel}=${workflow}`,
          },
        },
      );
      return Array.isArray(list?.items) ? list.items : [];
    },
    async getPod(namespace, name, signal) {
      try {
        return await kubeGetJson<Pod>(kubeConfig, podPath(namespace, name), {
          target,
          what: `pod ${namespace}/${name}`,
          timeoutMs,
          signal,
        });
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    async listPodEvents(namespace, pod, signal) {
      const list = await kubeGetJson<CoreEventList>(
        kubeConfig,
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
        {
          target,
          what: `events of pod ${namespace}/${pod}`,
          timeoutMs,
          signal,
          query: {
            fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod}`,
          },
        },
      );
      const items = Array.isArray(list?.items) ? list.items : [];
      return items
        .filter(e => !e.involvedObject?.name || e.involvedObject.name === pod)
        .sort((a, b) => eventTime(a).localeCompare(eventTime(b)))
        .slice(-MAX_EVENTS);
    },
    listExternalSecretFailures(namespace) {
      return readExternalSecretFailures(connector, namespace);
    },
    async listExternalSecrets(namespace) {
      try {
        return await connector.listExternalSecrets(namespace);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        const list = await connector.kubernetes.list<ExternalSecret>(
          EXTERNAL_SECRET_V1BETA1,
          namespace,
        );
        return list.items;
      }
    },
    readLogTail(namespace, pod, step, signal) {
      return readStepLogTail(
        { kubeConfig, target, namespace, pod, signal, timeoutMs },
        step,
      );
    },
  };
}
