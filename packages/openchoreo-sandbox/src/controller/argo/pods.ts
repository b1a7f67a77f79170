import type { KObject } from '../../apiserver/types';
import type { ContainerState, ContainerStatus } from './argoTypes';
import { EXECUTOR_IMAGE, hasEnded, Plan, StepState } from './execution';
import { isoSeconds } from './names';

/** The main container's image in OpenChoreo's build templates. */
export const RUNNER_IMAGE = 'ghcr.io/openchoreo/podman-runner:v1.0';
/** 128 + SIGTERM (15): what a container killed by a shutdown reports. */
export const SIGTERM_EXIT_CODE = 143;
/** The (single) node every step pod is scheduled on. */
export const HOST_NODE = 'openchoreo-sandbox-worker';

/** When a container runs, and when a shutdown cut it short (if it did). */
interface ContainerTimes {
  startMs: number;
  endMs: number;
  cutAt?: number;
}

function containerState(
  { startMs, endMs, cutAt }: ContainerTimes,
  now: number,
  exitCode: number,
): ContainerState {
  if (cutAt !== undefined && cutAt < endMs) {
    // A container that had not started yet is reported as started and killed at the cut.
    const startedAt = isoSeconds(Math.min(startMs, cutAt));
    return {
      terminated: {
        exitCode: SIGTERM_EXIT_CODE,
        reason: 'Error',
        startedAt,
        finishedAt: isoSeconds(cutAt),
      },
    };
  }
  if (now < startMs) return { waiting: { reason: 'PodInitializing' } };
  if (now < endMs) return { running: { startedAt: isoSeconds(startMs) } };
  return {
    terminated: {
      exitCode,
      reason: exitCode === 0 ? 'Completed' : 'Error',
      startedAt: isoSeconds(startMs),
      finishedAt: isoSeconds(endMs),
    },
  };
}

/** The pod of a step at `now`: init, then main and wait side by side, as the Argo executor runs them. */
export function podFor(plan: Plan, state: StepState, now: number): KObject {
  const { step } = state;
  const cutAt = state.cut ? state.finishedAt : undefined;
  const containerStatus = (
    name: string,
    image: string,
    startMs: number,
    endMs: number,
    exitCode: number,
  ): ContainerStatus => {
    const containerNow = containerState(
      { startMs, endMs, cutAt },
      now,
      exitCode,
    );
    const running = 'running' in containerNow;
    return {
      name,
      image,
      imageID: '',
      ready: running,
      restartCount: 0,
      started: running,
      state: containerNow,
    };
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: step.podName,
      namespace: plan.namespace,
      creationTimestamp: isoSeconds(step.podCreatedMs),
      // As Argo creates step pods (`workflow/controller/workflowpod.go@v3.6.4` ~166-176, keys in
      // `workflow/common/common.go@v3.6.4`): clients find a step's pod by this label and the
      // node-name annotation, as openchoreo-api does
      // (`internal/openchoreo-api/services/workflowrun/service.go@v1.2.3:456-510`).
      labels: {
        'workflows.argoproj.io/workflow': plan.workflow,
        'workflows.argoproj.io/completed': hasEnded(state) ? 'true' : 'false',
      },
      annotations: {
        'workflows.argoproj.io/node-name': step.nodeName,
        'workflows.argoproj.io/node-id': step.nodeId,
        'kubectl.kubernetes.io/default-container': 'main',
      },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          name: plan.workflow,
          uid: plan.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      initContainers: [
        {
          name: 'init',
          image: EXECUTOR_IMAGE,
          command: ['argoexec', 'init', '--loglevel', 'info'],
        },
      ],
      containers: [
        {
          name: 'wait',
          image: EXECUTOR_IMAGE,
          command: ['argoexec', 'wait', '--loglevel', 'info'],
        },
        {
          name: 'main',
          image: RUNNER_IMAGE,
          command: ['sh', '-c'],
          args: [`# ${step.ref.template}`],
        },
      ],
      restartPolicy: 'Never',
      serviceAccountName: plan.serviceAccount,
      nodeName: HOST_NODE,
    },
    status: {
      phase: state.phase,
      hostIP: '10.42.0.1',
      podIP: `10.42.0.${
        ((step.nodeId.length * 7 + step.group * 13) % 250) + 2
      }`,
      startTime: isoSeconds(step.podCreatedMs),
      qosClass: 'Burstable',
      initContainerStatuses: [
        containerStatus(
          'init',
          EXECUTOR_IMAGE,
          step.podCreatedMs,
          step.mainStartMs,
          0,
        ),
      ],
      containerStatuses: [
        containerStatus(
          'main',
          RUNNER_IMAGE,
          step.mainStartMs,
          step.mainEndMs,
          step.script.fail?.exitCode ?? 0,
        ),
        containerStatus(
          'wait',
          EXECUTOR_IMAGE,
          step.mainStartMs,
          step.finishedMs,
          0,
        ),
      ],
    },
  };
}
