import {
  isSucceededRunStatus,
  type RunDiagnosis,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type {
  ContainerFacts,
  DiagnosisFacts,
  EventFacts,
  PodFacts,
  RuleOptions,
} from '../facts';
import { quote } from '../quote';
import { templateKindOf } from './planeText';
import { describeDuration, secondsSince } from './time';

/** Waiting reasons every pod goes through while it starts: only stuck after the grace period. */
const STARTING_REASONS = new Set(['ContainerCreating', 'PodInitializing']);

/** The kubelet's text for a volume or env Secret that does not exist (FailedMount, CreateContainerConfigError). */
const SECRET_NOT_FOUND = /secret "([^"]+)" not found/i;

/** Events worth quoting: the newest few distinct warnings. */
const QUOTED_EVENTS = 3;

function fixFor(reason: string, pod: PodFacts): string {
  const describe = `kubectl describe pod ${pod.name} -n ${pod.namespace}`;
  if (/ImagePull|ErrImage|InvalidImageName/.test(reason)) {
    return `The build plane cannot pull the step's image. Check the image name in the workflow's template and that the build plane can reach its registry (with an image pull secret if it is private). ${describe} shows the pull error.`;
  }
  if (reason === 'CreateContainerConfigError') {
    return `A Secret or ConfigMap the step's environment refers to is missing. Create it in ${pod.namespace}; ${describe} names it.`;
  }
  if (reason === 'CrashLoopBackOff') {
    return `The step's container keeps exiting. Its log shows why; ${describe} shows the exit codes.`;
  }
  return `${describe} lists the events that hold the pod back (volumes, Secrets, image pulls, node resources); fix what they name and the step starts by itself.`;
}

/** The container whose waiting state explains the pod: `main` first, then the others. */
function waitingContainer(pod: PodFacts): ContainerFacts | undefined {
  const waiting = pod.containers.filter(c => c.waiting?.reason);
  return waiting.find(c => c.name === 'main') ?? waiting[0];
}

function warningEvents(pod: PodFacts): EventFacts[] {
  const byReason = new Map<string, EventFacts>();
  for (const event of pod.events ?? []) {
    if (event.type !== 'Warning') continue;
    // Later events of a reason replace earlier ones: the newest says it best.
    byReason.delete(event.reason ?? '');
    byReason.set(event.reason ?? '', event);
  }
  return [...byReason.values()].slice(-QUOTED_EVENTS);
}

function describeEvents(events: EventFacts[]): string {
  return events
    .map(e => {
      const times = e.count && e.count > 1 ? `, ${e.count} times` : '';
      return `${e.reason ?? 'Event'}${times}: "${quote(e.message)}"`;
    })
    .join('; ');
}

/** The missing Secret named by an event or a container's waiting message. */
function missingSecretOf(
  pod: PodFacts,
): { secret: string; evidence: string } | undefined {
  const events = [...(pod.events ?? [])].reverse();
  for (const event of events) {
    const match = SECRET_NOT_FOUND.exec(event.message ?? '');
    if (match) {
      const times =
        event.count && event.count > 1 ? ` (${event.count} times)` : '';
      return {
        secret: match[1],
        evidence: `${event.reason ?? 'Event'}${times}: "${quote(
          event.message,
        )}"`,
      };
    }
  }
  for (const container of pod.containers) {
    const match = SECRET_NOT_FOUND.exec(container.waiting?.message ?? '');
    if (match) {
      return {
        secret: match[1],
        evidence: `container ${container.name} is waiting (${
          container.waiting?.reason
        }): "${quote(container.waiting?.message)}"`,
      };
    }
  }
  return undefined;
}

function diagnosePod(
  pod: PodFacts,
  facts: DiagnosisFacts,
  options: RuleOptions,
): RunDiagnosis | undefined {
  const age = secondsSince(facts.now, pod.createdAt);
  const pastGrace = age !== undefined && age >= options.pendingGraceSeconds;
  const waited = age !== undefined ? ` for ${describeDuration(age)}` : '';

  if (pod.unschedulable !== undefined) {
    if (!pastGrace) return undefined;
    return {
      id: 'pod-unschedulable',
      severity: 'warning',
      title: `Step ${pod.step} is waiting for a node`,
      detail: `Pod ${pod.name} has not been scheduled${waited}: "${quote(
        pod.unschedulable,
      )}".`,
      fix: "The build plane has no node that can run the step (CPU or memory requests, node selectors, taints). Free or add capacity in the build plane cluster, or lower the step's resource requests in the workflow's template.",
    };
  }

  const container = waitingContainer(pod);
  const reason = container?.waiting?.reason;
  if (!container || !reason) return undefined;
  const starting = STARTING_REASONS.has(reason);
  if (starting && !pastGrace) return undefined;

  // A Secret that does not exist: the kubelet retries the mount forever, the step never starts.
  const missing = missingSecretOf(pod);
  if (missing) {
    return {
      id: 'pod-secret-missing',
      severity: 'error',
      title: `Step ${pod.step} cannot start: Secret ${missing.secret} does not exist`,
      detail: `Pod ${pod.name} has been in ${reason}${waited}. Kubernetes reports ${missing.evidence}.`,
      fix: `Create the Secret ${missing.secret} in ${
        pod.namespace
      }. When an ExternalSecret of the ${templateKindOf(
        facts.run,
      )} should produce it, check that ExternalSecret (kubectl get externalsecret -n ${
        pod.namespace
      }) and that the ClusterSecretStore has the keys it asks for. The step starts by itself once the Secret exists.`,
    };
  }

  const events = warningEvents(pod);
  const state = container.waiting?.message
    ? `${reason}: "${quote(container.waiting.message)}"`
    : reason;
  let evidence: string;
  if (events.length > 0)
    evidence = ` Kubernetes reports ${describeEvents(events)}.`;
  else if (pod.events === undefined)
    evidence =
      ' Its events could not be read, so this is what the container state says.';
  else evidence = '';
  return {
    id: 'pod-stuck',
    severity: starting ? 'warning' : 'error',
    title: `Step ${pod.step} is stuck in ${reason}`,
    detail: `Container ${container.name} of pod ${pod.name} has been waiting${waited} (${state}).${evidence}`,
    fix: fixFor(reason, pod),
  };
}

/**
 * Steps whose pod does not start. A Secret that a step mounts and that does not exist keeps the
 * pod in ContainerCreating with `FailedMount` events ("MountVolume.SetUp failed for volume … :
 * secret … not found") and the run hangs: Argo and OpenChoreo never fail it (the v0.9 templates
 * mount the registry and git Secrets as volumes, e.g.
 * samples/component-workflows/with-private-registry/cluster-workflow-template.yaml@v0.9.0).
 * The pod's events are the evidence; when they cannot be read (the v0.9 cluster agent may not
 * read events, install/helm/openchoreo-build-plane/templates/cluster-agent/clusterrole.yaml@v0.9.0)
 * the containers' waiting reason and message are used instead.
 */
export function podRules(
  facts: DiagnosisFacts,
  options: RuleOptions,
): RunDiagnosis[] {
  if (isSucceededRunStatus(facts.run.status)) return [];
  return facts.pods
    .map(pod => diagnosePod(pod, facts, options))
    .filter((item): item is RunDiagnosis => item !== undefined);
}
