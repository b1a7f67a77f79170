import type {
  KubernetesList,
  KubernetesObject,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/** The slice of a core/v1 ContainerStatus the diagnosis reads. */
export interface ContainerStatus {
  name?: string;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: { reason?: string; exitCode?: number; message?: string };
  };
}

/** The slice of a core/v1 Pod the diagnosis reads. */
export interface Pod extends KubernetesObject {
  status?: {
    phase?: string;
    conditions?: Array<{
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
    }>;
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

/** The slice of a core/v1 Event the diagnosis reads (`involvedObject` is the pod). */
export interface CoreEvent extends KubernetesObject {
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
}

export type CoreEventList = KubernetesList<CoreEvent>;
