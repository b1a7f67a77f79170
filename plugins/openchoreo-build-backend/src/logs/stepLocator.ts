import { NotFoundError } from '@backstage/errors';
import {
  isTerminalRunStatus,
  type ArgoWorkflow,
  type RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneConnector } from '../buildplane/BuildPlaneConnector';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { ObserverTarget } from '../buildplane/observerTarget';
import type { ObserverConfig } from '../config/pluginConfig';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { argoNameOf, argoNamespaceOf, type BuildRun } from '../runs/buildRun';
import { planeOfRun } from '../runs/runPlane';
import { RunReader } from '../runs/RunReader';
import { toRunSummary } from '../runs/runModel';
import { extractArgoSteps } from '../runs/steps';
import { StepPodFinder } from './stepPod';
import { checkStepRef, declaredNameOf, resolveStepRef } from './stepRef';

/** Where a step's log can be read right now. */
export type StepLocation =
  | { kind: 'pending'; message: string }
  /**
   * The pod exists; `finished` once its `main` container has terminated (the log is complete).
   * `podUid` is its `metadata.uid`: the observer files the pod's lines under it.
   */
  | {
      kind: 'pod';
      podName: string;
      podUid?: string;
      finished: boolean;
      mainStarted: boolean;
    }
  /**
   * The pod is gone (TTL, deleted): read the observer archive; `finished` once the step is done.
   * `podName` / `podUid` as last seen, when the pod was seen.
   */
  | { kind: 'gone'; podName?: string; podUid?: string; finished: boolean }
  /** The step never ran (Skipped / Omitted). */
  | { kind: 'skipped'; reason: string };

const FINISHED_STEP_PHASES = new Set(['Succeeded', 'Failed', 'Error']);
const FINISHED_WORKFLOW_PHASES = new Set(['Succeeded', 'Failed', 'Error']);

/** Step names declared inline by a Workflow (`templates[].steps` / `dag.tasks`), if any. */
function declaredStepNames(workflow: ArgoWorkflow): Set<string> | undefined {
  const templates = (workflow.spec as { templates?: unknown } | undefined)
    ?.templates;
  if (!Array.isArray(templates)) return undefined;
  const names = new Set<string>();
  let external = false;
  for (const template of templates) {
    const t = template as { steps?: unknown; dag?: { tasks?: unknown } };
    for (const group of Array.isArray(t.steps) ? t.steps : []) {
      for (const step of Array.isArray(group) ? group : [group]) {
        const s = step as { name?: unknown; templateRef?: unknown };
        if (typeof s?.name === 'string') names.add(s.name);
        if (s?.templateRef) external = true;
      }
    }
    for (const task of Array.isArray(t.dag?.tasks)
      ? (t.dag!.tasks as unknown[])
      : []) {
      const name = (task as { name?: unknown })?.name;
      if (typeof name === 'string') names.add(name);
    }
  }
  // Steps of referenced WorkflowTemplates are not visible here: then anything may still come.
  return names.size > 0 && !external && !workflow.spec?.workflowTemplateRef
    ? names
    : undefined;
}

/**
 * Resolves `GET …/runs/:ns/:name/steps/:step/logs` to the objects behind it, once per request,
 * and answers "where is the log now?" as often as the stream asks.
 */
export class StepLocator {
  private constructor(
    readonly namespace: string,
    readonly runName: string,
    readonly step: string,
    readonly connector: BuildPlaneConnector,
    readonly observer: ObserverTarget | undefined,
    private readonly runs: RunReader,
    private run: BuildRun,
    private readonly timeoutMs: number,
  ) {}

  /** Throws NotFoundError for an unknown run, ServiceUnavailableError for an unusable plane. */
  static async create(options: {
    namespace: string;
    runName: string;
    step: string;
    controlPlane: ControlPlane;
    /** Reads each org's runs in its generation; without it, v0 runs through `controlPlane`. */
    runs?: RunReader;
    registry: BuildPlaneRegistry;
    observerConfig?: ObserverConfig;
    timeoutMs: number;
  }): Promise<StepLocator> {
    const runs = options.runs ?? new RunReader(options.controlPlane);
    const run = await runs.get(options.namespace, options.runName);
    // v0: the org's BuildPlane; v1: the plane the run's Workflow names. The observer: inline, its
    // ObservabilityPlane's, or the configured one (observerTarget.ts).
    const { connector, observerPlane } = await planeOfRun(
      options.registry,
      run,
    );
    return new StepLocator(
      options.namespace,
      options.runName,
      options.step,
      connector,
      await options.registry.observerFor(observerPlane),
      runs,
      run,
      options.timeoutMs,
    );
  }

  /** The Argo Workflow's namespace and name (also the observer's run name). */
  get workflowNamespace(): string {
    return argoNamespaceOf(this.run);
  }

  get workflowName(): string {
    return argoNameOf(this.run);
  }

  /** The run as last read (v1 archived logs are queried by its name and the step's task). */
  get buildRun(): BuildRun {
    return this.run;
  }

  get stepLabel(): string {
    return `step ${this.step} of run ${this.namespace}/${this.runName}`;
  }

  /** Known step times (for the archive's time window). */
  stepStartedAt?: string;
  /** The pod name last seen for the step (kept after the pod is gone). */
  podName?: string;
  /**
   * The `metadata.uid` of the step's pod, once seen (kept after the pod is gone): the real
   * observer's `podId` is the pod UID (`internal/observer/opensearch/types.go@v0.9.0`).
   */
  podUid?: string;
  private podSeen = false;
  private podFinder?: StepPodFinder;
  /** The id of the step `step` resolved to, once it did. */
  private resolvedStepId?: string;
  /** The step as last seen in the Workflow. */
  lastStep?: RunStep;

  get runCreatedAt(): string | undefined {
    return this.run.createdAt;
  }

  private runFinished(): boolean {
    return isTerminalRunStatus(toRunSummary(this.run).status);
  }

  async locate(): Promise<StepLocation> {
    const workflow = await this.connector.findWorkflow(
      this.workflowNamespace,
      this.workflowName,
    );
    if (!workflow) {
      if (!this.runFinished()) {
        // Maybe it finished meanwhile: refresh the run (404 now means it was deleted).
        this.run = await this.runs.get(this.namespace, this.runName);
      }
      if (this.runFinished())
        return { kind: 'gone', podName: this.podName, finished: true };
      return {
        kind: 'pending',
        message: `The run's Argo Workflow does not exist yet in ${this.connector.label}`,
      };
    }
    const steps = extractArgoSteps(workflow);
    // Once found, the step is followed by its id: a later step with the same name (an exit
    // handler's, a nested template's) cannot take its place mid-stream.
    const step = resolveStepRef(
      steps,
      this.resolvedStepId ?? this.step,
      `run ${this.namespace}/${this.runName}`,
    );
    const workflowDone = FINISHED_WORKFLOW_PHASES.has(
      String(workflow.status?.phase ?? ''),
    );
    if (!step) {
      const declared = declaredStepNames(workflow);
      const known = steps.map(s => s.displayPath ?? s.name);
      if (
        workflowDone ||
        (declared && !declared.has(declaredNameOf(this.step)))
      ) {
        throw new NotFoundError(
          `Step ${this.step} not found in run ${this.namespace}/${
            this.runName
          }${known.length ? ` (its steps: ${known.join(', ')})` : ''}`,
        );
      }
      return {
        kind: 'pending',
        message: `Step ${this.step} has not started yet`,
      };
    }
    this.resolvedStepId = step.id;
    this.lastStep = step;
    this.stepStartedAt = step.startedAt ?? this.stepStartedAt;
    if (step.phase === 'Skipped' || step.phase === 'Omitted')
      return { kind: 'skipped', reason: step.phase };
    // Only Pod nodes have a predicted pod name: anything else (a Retry before its first attempt) has no pod.
    if (!step.podName)
      return { kind: 'pending', message: `Step ${step.name} has no pod yet` };
    const stepFinished = FINISHED_STEP_PHASES.has(step.phase) || workflowDone;
    const lastAttempt = step.attempts[step.attempts.length - 1];
    const pod = await this.pods().find({
      nodeName: step.nodeName,
      nodeId: lastAttempt?.nodeId,
      predictedName: step.podName,
    });
    if (!pod) {
      // Finished, or deleted under a live stream (eviction, workflow deleted): the archive has it.
      if (stepFinished || this.podSeen)
        return {
          kind: 'gone',
          podName: this.podName ?? step.podName,
          podUid: this.podUid,
          finished: stepFinished,
        };
      return {
        kind: 'pending',
        message: `The pod of step ${step.name} does not exist yet`,
      };
    }
    this.podSeen = true;
    const podName = pod.metadata?.name ?? step.podName;
    this.podName = podName;
    this.podUid = pod.metadata?.uid ?? this.podUid;
    const podUid = this.podUid;
    const main = pod.status?.containerStatuses?.find(c => c.name === 'main');
    const podDone =
      pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    const state = main?.state ?? {};
    if (state.terminated)
      return {
        kind: 'pod',
        podName,
        podUid,
        finished: true,
        mainStarted: true,
      };
    if (state.running)
      return {
        kind: 'pod',
        podName,
        podUid,
        finished: false,
        mainStarted: true,
      };
    if (podDone || stepFinished)
      return {
        kind: 'pod',
        podName,
        podUid,
        finished: true,
        mainStarted: false,
      };
    return {
      kind: 'pending',
      message: `Container main of step ${step.name} is waiting to start (${
        state.waiting?.reason ?? 'ContainerCreating'
      })`,
    };
  }

  /** The finder of the step's pod in the Workflow's namespace (made once the run is known). */
  private pods(): StepPodFinder {
    this.podFinder ??= new StepPodFinder({
      kubeConfig: this.connector.kubernetes.kubeConfig,
      namespace: this.workflowNamespace,
      workflowName: this.workflowName,
      target: this.connector.label,
      timeoutMs: this.timeoutMs,
    });
    return this.podFinder;
  }

  /** Validation of the `:step` path parameter: a step id, display path or name (see `stepRef.ts`). */
  static checkStepName(step: string): void {
    checkStepRef(step);
  }
}
