import { recordWarningEvent } from '../events';
import type { Cluster } from '../../apiserver/cluster';
import { isRecord, KObject } from '../../apiserver/types';
import type { ContainerStatus } from './argoTypes';
import { delayStep, Plan, PlannedStep, StepState } from './execution';
import { isoSeconds } from './names';
import { HOST_NODE } from './pods';
import type { SecretMount } from './secretMounts';

/**
 * The kubelet's retry delays for a failing volume operation: 500 ms, doubling, at most 2m2s
 * (`pkg/util/goroutinemap/exponentialbackoff/exponential_backoff.go`, kubernetes v1.x:
 * `initialDurationBeforeRetry`, `maxDurationBeforeRetry`), scaled by the run's speed.
 */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 122_000;

export function mountRetryDelay(attempt: number, speed: number): number {
  const ms = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  return Math.max(5, Math.round(ms * speed));
}

/** A Secret volume that could not be set up at one attempt. */
export interface MountFailure {
  step: PlannedStep;
  mount: SecretMount;
}

/**
 * The kubelet's volume setup for the pods of one run: a pod whose Secret volume names a missing
 * Secret does not start (no container runs; the Argo node stays Pending) and is retried with
 * back-off; once the Secret exists the next retry mounts it and the pod goes on.
 */
export class VolumeSetup {
  private readonly mounted = new Set<string>();
  private readonly attempts = new Map<string, number>();

  constructor(private readonly build: Cluster) {}

  /** Tries the pods whose volume setup is due by `now`; delays those that fail (mutating `plan`). */
  check(plan: Plan, now: number): MountFailure[] {
    const failures: MountFailure[] = [];
    for (const step of plan.steps) {
      if (step.podCreatedMs > now || step.initStartMs > now) continue;
      if (this.mounted.has(step.podName)) continue;
      const missing = step.mounts.filter(
        m => !this.build.get('v1', 'secrets', plan.namespace, m.secretName),
      );
      if (!missing.length) {
        this.mounted.add(step.podName);
        continue;
      }
      const attempt = this.attempts.get(step.podName) ?? 0;
      this.attempts.set(step.podName, attempt + 1);
      delayStep(plan, step, now + mountRetryDelay(attempt, plan.speed));
      for (const mount of missing) failures.push({ step, mount });
    }
    return failures;
  }
}

/**
 * Adds a step's Secret volumes to its pod (`spec.volumes`, the main container's `volumeMounts`,
 * as Argo builds the pod) and, while they are not set up, shows every container waiting: with an
 * init container the kubelet's default waiting reason is `PodInitializing` for all of them
 * (`convertToAPIContainerStatuses`, `pkg/kubelet/kubelet_pods.go`), so Argo's pending message for
 * the node is `PodInitializing` too (`getPendingReason`, `workflow/controller/operator.go`).
 */
export function withVolumeSetup(
  pod: KObject,
  state: StepState,
  now: number,
): KObject {
  const { step } = state;
  const spec = isRecord(pod.spec) ? pod.spec : {};
  if (step.mounts.length) {
    spec.volumes = step.mounts.map(m => ({
      name: m.volume,
      secret: { secretName: m.secretName, defaultMode: 420 },
    }));
    const containers = Array.isArray(spec.containers)
      ? spec.containers.filter(isRecord)
      : [];
    const main = containers.find(c => c.name === 'main');
    if (main)
      main.volumeMounts = step.mounts.map(m => ({
        name: m.volume,
        mountPath: `/etc/secrets/${m.volume}`,
        readOnly: true,
      }));
  }
  if (step.initStartMs === step.podCreatedMs) return pod;
  const status = isRecord(pod.status) ? pod.status : {};
  const statuses = (key: string): ContainerStatus[] =>
    Array.isArray(status[key]) ? (status[key] as ContainerStatus[]) : [];
  const init = statuses('initContainerStatuses').find(c => c.name === 'init');
  if (now < step.initStartMs && !state.cut) {
    for (const c of [
      ...statuses('initContainerStatuses'),
      ...statuses('containerStatuses'),
    ]) {
      c.state = { waiting: { reason: 'PodInitializing' } };
      c.ready = false;
      c.started = false;
    }
  } else if (init && !('waiting' in init.state)) {
    // init started when the volumes were ready, not when the pod was created.
    const startedAt = isoSeconds(Math.min(step.initStartMs, now));
    if ('running' in init.state) init.state.running.startedAt = startedAt;
    else init.state.terminated.startedAt = startedAt;
  }
  return pod;
}

/** Finds the step's pod as stored (events name its uid). */
function storedPod(build: Cluster, plan: Plan, step: PlannedStep) {
  return build.get('v1', 'pods', plan.namespace, step.podName);
}

/**
 * Records the kubelet's `FailedMount` warning on the pod, worded as the kubelet words it
 * (`MountVolume.SetUp failed for volume "<volume>" : secret "<name>" not found`:
 * `GenerateError` in `pkg/volume/util/operationexecutor/operation_executor.go` and the secret
 * manager's NotFound for resource `secret`). Repeats aggregate into one core/v1 Event whose
 * `count` and `lastTimestamp` grow, as client-go's event correlator does
 * (`k8s.io/client-go/tools/record/events_cache.go`); the name is `<pod>.<unix nanos in hex>`.
 */
export function recordMountFailures(
  build: Cluster,
  plan: Plan,
  failures: MountFailure[],
  now: number,
): void {
  for (const { step, mount } of failures) {
    const pod = storedPod(build, plan, step);
    if (!pod) continue;
    const message = `MountVolume.SetUp failed for volume "${mount.volume}" : secret "${mount.secretName}" not found`;
    recordWarningEvent(build, {
      object: { ...pod, apiVersion: 'v1', kind: 'Pod' },
      reason: 'FailedMount',
      message,
      component: 'kubelet',
      host: HOST_NODE,
      nowMs: now,
    });
  }
}
