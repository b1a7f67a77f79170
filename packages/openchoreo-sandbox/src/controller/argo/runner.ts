import type { Cluster } from '../../apiserver/cluster';
import type { StoreEvent } from '../../apiserver/store';
import { isRecord, KObject } from '../../apiserver/types';
import type { ContainerLog } from '../../logs/logstore';
import type { Scheduler } from '../../util/scheduler';
import type { WorkflowStatus } from './argoTypes';
import {
  buildPlan,
  containerEnds,
  linesUntil,
  Plan,
  PlannedStep,
} from './execution';
import { isoSeconds, podNameFormatFromEnv, type PodNameFormat } from './names';
import { catalogueMounts, mountsFromTemplates } from './secretMounts';
import { snapshot } from './snapshot';
import { declaredOutputs, resolveSteps } from './steps';
import { recordMountFailures, VolumeSetup } from './volumeSetup';

export const WORKFLOW_API = 'argoproj.io/v1alpha1';
export const ANNOTATION_LOG_BYTES = 'sandbox.openchoreo.dev/log-bytes';
/**
 * `sandbox.openchoreo.dev/speed`: this run's duration multiplier (1 = realistic), overriding the
 * sandbox's speed, so a fast sandbox can still hold one build long enough to cancel it.
 */
export const ANNOTATION_SPEED = 'sandbox.openchoreo.dev/speed';
export const ANNOTATION_REQUIRED_SECRETS =
  'sandbox.openchoreo.dev/required-secrets';
const WF_GR = 'argoproj.io/workflows';
/** Key of the workflow's own status in `Execution.written`; pod names are never empty, so it cannot collide with one. */
const WORKFLOW_STATUS_KEY = '';

interface Execution {
  key: string;
  uid: string;
  plan?: Plan;
  terminatedAt?: number;
  timer?: NodeJS.Timeout;
  /** Fingerprint of what was last written, per pod name and under `WORKFLOW_STATUS_KEY`. */
  written: Map<string, string>;
  cursors: Map<string, number>;
  ended: Set<string>;
  /** The kubelet's volume setup of this run's pods (missing Secrets hold them). */
  volumes: VolumeSetup;
  done: boolean;
}

export function workflowParams(wf: KObject): Record<string, string> {
  const spec = isRecord(wf.spec) ? wf.spec : {};
  const args = isRecord(spec.arguments) ? spec.arguments : {};
  const params = Array.isArray(args.parameters)
    ? args.parameters.filter(isRecord)
    : [];
  const out: Record<string, string> = {};
  for (const p of params) {
    const v = p.value;
    if (v === undefined || v === null) out[String(p.name)] = '';
    else out[String(p.name)] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/**
 * Detects writes that would change nothing. Plain `JSON.stringify`, so key
 * order counts (unlike `apiserver/core.ts`'s key-sorted `stableJson`): both
 * sides come from the same builder, directly or via the store, which keeps
 * key order; a false "changed" only costs one redundant write.
 */
function fingerprint(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Emulates the Argo Workflows controller on the build plane: a Workflow
 * created without status runs its steps in pods, writing status, pod states
 * and container logs over time; `spec.shutdown` stops it; `ttlStrategy`
 * deletes it (and, through owner references, its pods) after completion.
 */
export class WorkflowRunner {
  private readonly executions = new Map<string, Execution>();
  private readonly ttlTimers = new Map<string, NodeJS.Timeout>();
  private unsubscribe?: () => void;

  constructor(
    private readonly build: Cluster,
    private readonly scheduler: Scheduler,
    private readonly speed: number,
    /** The controller's `POD_NAMES` (`v1`: pods named after node ids); Argo reads it from its environment. */
    private readonly podNames: PodNameFormat = podNameFormatFromEnv(),
  ) {}

  start(): void {
    this.unsubscribe = this.build.store.subscribe(e => this.onEvent(e));
    for (const wf of this.build.store.list(WF_GR)) {
      if (!wf.status) this.scheduler.soon(() => this.begin(wf));
    }
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private key(obj: KObject): string {
    return `${obj.metadata.namespace}/${obj.metadata.name}`;
  }

  private onEvent(event: StoreEvent): void {
    if (event.gr !== WF_GR) return;
    const wf = event.object;
    const key = this.key(wf);
    const exec = this.executions.get(key);
    if (event.type === 'ADDED') {
      // Workflows written with a status by other clients are served as written.
      if (
        !wf.status ||
        (isRecord(wf.status) && Object.keys(wf.status).length === 0)
      ) {
        const created = structuredClone(wf);
        this.scheduler.soon(() => this.begin(created));
      }
    } else if (event.type === 'DELETED') {
      if (exec && exec.uid === wf.metadata.uid) this.abandon(exec);
      const ttl = this.ttlTimers.get(key);
      if (ttl) {
        this.scheduler.cancel(ttl);
        this.ttlTimers.delete(key);
      }
    } else if (exec && !exec.done && exec.terminatedAt === undefined) {
      const spec = isRecord(wf.spec) ? wf.spec : {};
      if (spec.shutdown === 'Terminate' || spec.shutdown === 'Stop') {
        exec.terminatedAt = Date.now();
        this.scheduler.soon(() => this.tick(exec));
      }
    }
  }

  private begin(wf: KObject): void {
    const key = this.key(wf);
    const current = this.build.get(
      WORKFLOW_API,
      'workflows',
      wf.metadata.namespace,
      wf.metadata.name!,
    );
    if (
      !current ||
      current.metadata.uid !== wf.metadata.uid ||
      this.executions.get(key)?.uid === wf.metadata.uid
    )
      return;
    const exec: Execution = {
      key,
      uid: wf.metadata.uid!,
      written: new Map(),
      cursors: new Map(),
      ended: new Set(),
      volumes: new VolumeSetup(this.build),
      done: false,
    };
    this.executions.set(key, exec);
    const createdMs =
      Date.parse(current.metadata.creationTimestamp ?? '') || Date.now();
    // Planning waits for the pending phase so ExternalSecrets created together
    // with the workflow have been synced before the secret check.
    const pendingMs = Math.max(5, Math.round(1000 * this.speed));
    const startIn = Math.max(0, createdMs + pendingMs - Date.now());
    this.writeWorkflow(
      exec,
      {
        phase: 'Pending',
        startedAt: isoSeconds(createdMs),
        progress: '0/0',
        nodes: {},
      },
      false,
    );
    exec.timer = this.scheduler.after(startIn, () => {
      const latest = this.build.get(
        WORKFLOW_API,
        'workflows',
        wf.metadata.namespace,
        wf.metadata.name!,
      );
      if (!latest || latest.metadata.uid !== exec.uid) return;
      exec.plan = this.plan(latest, Date.now() - pendingMs);
      this.tick(exec);
    });
  }

  /** Builds the timeline of a workflow (also used to generate seeded history). */
  plan(wf: KObject, createdMs: number, speed = this.speed): Plan {
    const steps = resolveSteps(this.build, wf);
    const params = workflowParams(wf);
    const annotations = wf.metadata.annotations ?? {};
    const required = (annotations[ANNOTATION_REQUIRED_SECRETS] ?? '')
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
    const logBytes =
      Number(annotations[ANNOTATION_LOG_BYTES] ?? '') || undefined;
    const speedOverride = Number(annotations[ANNOTATION_SPEED] ?? '');
    // Which step mounts which Secret: the templates' own volumes, else the samples' layout.
    const secretMounts = steps.source
      ? mountsFromTemplates(
          steps.source.templates,
          steps.source.volumes,
          params,
        )
      : catalogueMounts(
          steps.groups.flat().map(s => s.template),
          params,
          required,
        );
    return buildPlan({
      workflow: wf,
      entrypoint: steps.entrypoint,
      groups: steps.groups,
      dag: steps.dag,
      templateRef: steps.templateRef,
      params,
      createdMs,
      speed: speedOverride > 0 ? speedOverride : speed,
      logBytes,
      secretMounts,
      podNameFormat: this.podNames,
      // Argo reports exactly the outputs the templates declare.
      declaredOutputs: steps.source
        ? declaredOutputs(steps.source.templates)
        : undefined,
    });
  }

  /**
   * The log of a step pod's container, declared when the pod is created with the pod's UID and
   * labels: the observer files archived lines by UID (fluent-bit's `kubernetes.pod_id`).
   */
  private containerLog(
    plan: Plan,
    podName: string,
    container: string,
    pod?: KObject,
  ): ContainerLog {
    const declared = this.build.logs.get(plan.namespace, podName, container);
    if (declared) return declared;
    const known = pod ?? this.build.get('v1', 'pods', plan.namespace, podName);
    return this.build.logs.register(
      plan.namespace,
      podName,
      container,
      known?.metadata.uid ?? '',
      plan.workflow,
      known?.metadata.labels ?? {},
    );
  }

  private tick(exec: Execution): void {
    const plan = exec.plan;
    if (!plan || exec.done || this.executions.get(exec.key) !== exec) return;
    this.scheduler.cancel(exec.timer);
    const now = Date.now();
    const mountFailures =
      exec.terminatedAt === undefined ? exec.volumes.check(plan, now) : [];
    const snap = snapshot(plan, now, exec.terminatedAt);
    // Pods first, so a client that sees a node also finds its pod.
    for (const pod of snap.pods) this.writePod(exec, pod);
    recordMountFailures(this.build, plan, mountFailures, now);
    for (const state of snap.states)
      this.writeLogs(exec, plan, state.step, now);
    this.writeWorkflow(exec, snap.status, snap.done);
    if (snap.done) {
      exec.done = true;
      this.executions.delete(exec.key);
      this.scheduleTtl(plan.namespace, plan.workflow, exec.uid);
      return;
    }
    exec.timer = this.scheduler.after(this.nextEvent(plan, now) - now, () =>
      this.tick(exec),
    );
  }

  private nextEvent(plan: Plan, now: number): number {
    let next = Math.max(plan.endMs, now + 1);
    const consider = (t: number): void => {
      if (t > now && t < next) next = t;
    };
    consider(plan.startMs);
    for (const step of plan.steps) {
      [
        step.podCreatedMs,
        step.initStartMs,
        step.mainStartMs,
        step.mainEndMs,
        step.finishedMs,
      ].forEach(consider);
      const pending = step.lines.find(l => l.at > now);
      if (pending) consider(pending.at);
    }
    // A DAG task omitted once its dependencies are done appears then.
    for (const omitted of plan.dag?.omitted ?? []) consider(omitted.atMs);
    // Batch very dense logs (benchmarks) instead of one timer per line.
    return Math.max(next, now + 15);
  }

  private writePod(exec: Execution, pod: KObject): void {
    const name = pod.metadata.name!;
    const print = fingerprint([pod.metadata.labels, pod.status]);
    if (exec.written.get(name) === print) return;
    const existing = this.build.get('v1', 'pods', pod.metadata.namespace, name);
    if (!existing) {
      if (exec.written.has(name)) return; // deleted by someone else: do not resurrect
      const created = this.build.create(pod, 'pods');
      for (const c of ['init', 'wait', 'main'])
        this.containerLog(exec.plan!, name, c, created);
    } else {
      if (
        fingerprint(existing.metadata.labels) !==
        fingerprint(pod.metadata.labels)
      ) {
        this.build.update(
          {
            ...existing,
            metadata: { ...existing.metadata, labels: pod.metadata.labels },
          },
          'pods',
        );
      }
      const latest = this.build.get(
        'v1',
        'pods',
        pod.metadata.namespace,
        name,
      )!;
      this.build.updateStatus({ ...latest, status: pod.status }, 'pods');
    }
    exec.written.set(name, print);
  }

  private writeLogs(
    exec: Execution,
    plan: Plan,
    step: PlannedStep,
    now: number,
  ): void {
    const due = linesUntil(step, now, exec.terminatedAt);
    const cursor = exec.cursors.get(step.podName) ?? 0;
    const fresh = due.slice(cursor);
    exec.cursors.set(step.podName, due.length);
    const byContainer = new Map<string, string[]>();
    for (const line of fresh) {
      const texts = byContainer.get(line.container);
      if (texts) texts.push(line.text);
      else byContainer.set(line.container, [line.text]);
    }
    for (const [container, texts] of byContainer) {
      // Live lines carry the time they are written, so `sinceTime` polling sees them once.
      this.build.logs.append(
        this.containerLog(plan, step.podName, container),
        texts.join('\n'),
        now,
      );
    }
    const ends = containerEnds(step, exec.terminatedAt);
    for (const container of ['init', 'main', 'wait'] as const) {
      const id = `${step.podName}/${container}`;
      if (
        !exec.ended.has(id) &&
        now >= ends[container] &&
        (container !== 'main' ||
          now >= step.mainStartMs ||
          exec.terminatedAt !== undefined)
      ) {
        exec.ended.add(id);
        this.build.logs.end(this.containerLog(plan, step.podName, container));
      }
    }
  }

  private writeWorkflow(
    exec: Execution,
    status: WorkflowStatus,
    done: boolean,
  ): void {
    const print = fingerprint(status);
    if (exec.written.get(WORKFLOW_STATUS_KEY) === print) return;
    const [ns, name] = exec.key.split('/');
    const wf = this.build.get(WORKFLOW_API, 'workflows', ns, name);
    if (!wf || wf.metadata.uid !== exec.uid) return;
    const labels = {
      ...(wf.metadata.labels ?? {}),
      'workflows.argoproj.io/phase': status.phase,
      ...(done
        ? { 'workflows.argoproj.io/completed': 'true' }
        : { 'workflows.argoproj.io/completed': 'false' }),
    };
    // The controller records its own pod name format on every Workflow it runs, over any value the
    // Workflow came with (`setWfPodNamesAnnotation`, `workflow/controller/operator.go@v3.6.4:292,4168`).
    const annotations = {
      ...(wf.metadata.annotations ?? {}),
      'workflows.argoproj.io/pod-name-format': this.podNames,
    };
    this.build.update(
      { ...wf, metadata: { ...wf.metadata, labels, annotations }, status },
      'workflows',
    );
    exec.written.set(WORKFLOW_STATUS_KEY, print);
  }

  private scheduleTtl(namespace: string, name: string, uid: string): void {
    const wf = this.build.get(WORKFLOW_API, 'workflows', namespace, name);
    if (!wf) return;
    const spec = isRecord(wf.spec) ? wf.spec : {};
    const ttl = isRecord(spec.ttlStrategy) ? spec.ttlStrategy : {};
    const phase = isRecord(wf.status) ? wf.status.phase : undefined;
    const seconds = Number(
      (phase === 'Succeeded'
        ? ttl.secondsAfterSuccess
        : ttl.secondsAfterFailure) ?? ttl.secondsAfterCompletion,
    );
    if (!Number.isFinite(seconds)) return;
    this.scheduleDeletion(namespace, name, uid, seconds * 1000);
  }

  /** Deletes the workflow (its pods follow through owner references) after `ms`. */
  scheduleDeletion(
    namespace: string,
    name: string,
    uid: string,
    ms: number,
  ): void {
    const key = `${namespace}/${name}`;
    const timer = this.scheduler.after(ms, () => {
      this.ttlTimers.delete(key);
      const current = this.build.get(
        WORKFLOW_API,
        'workflows',
        namespace,
        name,
      );
      if (current && current.metadata.uid === uid)
        this.build.delete(WORKFLOW_API, 'workflows', namespace, name);
    });
    if (timer) this.ttlTimers.set(key, timer);
  }

  private abandon(exec: Execution): void {
    this.scheduler.cancel(exec.timer);
    this.executions.delete(exec.key);
    const plan = exec.plan;
    if (!plan) return;
    for (const step of plan.steps) {
      for (const c of ['init', 'main', 'wait']) {
        const log = this.build.logs.get(plan.namespace, step.podName, c);
        if (log) this.build.logs.end(log);
      }
    }
  }
}
