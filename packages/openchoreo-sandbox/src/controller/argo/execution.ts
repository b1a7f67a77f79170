import { isRecord, KObject } from '../../apiserver/types';
import type { NodePhase } from './argoTypes';
import type { DagTask } from './dag';
import { DagOutline, delayDagTask, planDag, shiftStep } from './dagPlan';
import { executorLines, spread, waitEndLines } from './executorLogs';
import { hex, nodeId, podName, rng, type PodNameFormat } from './names';
import { Script, ScriptContext, scriptFor } from './scripts';
import type { SecretMount, SecretMountsByTemplate } from './secretMounts';
import type { StepRef } from './steps';

/** Output parameters a template declares: name and `valueFrom.path`. */
export type DeclaredOutputs = Record<
  string,
  Array<{ name: string; path: string }>
>;

export { EXECUTOR_IMAGE, EXECUTOR_VERSION } from './executorLogs';
const DEFAULT_REGISTRY =
  'registry.openchoreo-build-plane.svc.cluster.local:5000';

export interface TimedLine {
  container: 'init' | 'main' | 'wait';
  at: number;
  text: string;
}

export interface PlannedStep {
  /** The step group's index; for a DAG task, its depth (the longest chain of dependencies before it). */
  group: number;
  ref: StepRef;
  nodeName: string;
  nodeId: string;
  podName: string;
  script: Script;
  inputs: Array<{ name: string; value: string }>;
  /** Pod created. */
  podCreatedMs: number;
  /**
   * Volumes set up, init starts: `podCreatedMs` unless a mounted Secret is missing, then
   * pushed back to each kubelet retry until it exists (see `volumeSetup.ts`).
   */
  initStartMs: number;
  /** Secret volumes the pod mounts. */
  mounts: SecretMount[];
  /** init done, main and wait start. */
  mainStartMs: number;
  /** main ends. */
  mainEndMs: number;
  /** wait ends: the node finishes. */
  finishedMs: number;
  lines: TimedLine[];
}

export interface Plan {
  workflow: string;
  namespace: string;
  uid: string;
  entrypoint: string;
  serviceAccount: string;
  createdMs: number;
  startMs: number;
  /** The run's duration multiplier (1 = realistic). */
  speed: number;
  /**
   * Only the steps that will run: planning stops after a failing step. For a DAG, the tasks that
   * run, by pod creation time (the omitted ones are in `dag`).
   */
  steps: PlannedStep[];
  endMs: number;
  /** Set when the entrypoint is a `dag` template. */
  dag?: DagOutline;
}

export interface PlanInput {
  workflow: KObject;
  entrypoint: string;
  groups: StepRef[][];
  /** The tasks of a `dag` entrypoint, in dependency order (then `groups` is not used). */
  dag?: DagTask[];
  templateRef: string;
  params: Record<string, string>;
  createdMs: number;
  /** Multiplier applied to realistic durations. */
  speed: number;
  logBytes?: number;
  /** Secret volumes per template name. */
  secretMounts?: SecretMountsByTemplate;
  /** The controller's pod name format (`POD_NAMES`); v2 when absent. */
  podNameFormat?: PodNameFormat;
  /**
   * The output parameters each template declares, when the steps come from templates; absent for
   * the built-in catalogue, whose steps report what their scripts write (the v0.9 templates' outputs).
   */
  declaredOutputs?: DeclaredOutputs;
}

/** What planning one step needs from its run. */
interface StepPlanning {
  workflow: string;
  namespace: string;
  random: () => number;
  /** Scales a realistic duration by the run's speed (never below 5 ms). */
  scale: (ms: number) => number;
  script: ScriptContext;
  secretMounts: SecretMountsByTemplate;
  podNameFormat: PodNameFormat;
  declaredOutputs?: DeclaredOutputs;
  /** Output parameters of the steps planned so far, by step or task name (what `{{steps.…}}` and `{{tasks.…}}` read). */
  stepOutputs: Map<string, Record<string, string>>;
}

/**
 * A step argument's value with `{{steps.<step>.outputs.parameters.<p>}}` (a DAG task's
 * `{{tasks.<task>.outputs.parameters.<p>}}`) and `{{workflow.parameters.<p>}}` resolved.
 */
function resolveArgument(value: string, run: StepPlanning): string {
  return value
    .replace(
      /\{\{\s*(?:steps|tasks)\.([\w-]+)\.outputs\.parameters\.([\w-]+)\s*\}\}/g,
      (whole, step: string, name: string) =>
        run.stepOutputs.get(step)?.[name] ?? whole,
    )
    .replace(
      /\{\{\s*workflow\.parameters\.([\w-]+)\s*\}\}/g,
      (whole, name: string) => run.script.params[name] ?? whole,
    );
}

/**
 * Input parameters Argo shows on a step node: the step's arguments with earlier steps' outputs
 * filled in; for the built-in catalogue, what the v0.9 templates pass (git-revision, image).
 */
function stepInputs(
  group: number,
  ref: StepRef,
  run: StepPlanning,
): PlannedStep['inputs'] {
  if (ref.arguments)
    return ref.arguments.map(a => ({
      name: a.name,
      value: resolveArgument(a.value, run),
    }));
  if (ref.template === 'workload-create-step')
    return [{ name: 'image', value: run.script.image }];
  if (group > 0)
    return [{ name: 'git-revision', value: run.script.gitRevision }];
  return [];
}

/**
 * The outputs Argo reports for a step: each parameter its template declares, read from the
 * declared `valueFrom.path` — a script's other results are not reported, as Argo saves only
 * declared outputs. (A declared output the emulated script does not write is left out; real Argo
 * would fail the step.) Without declarations (the built-in catalogue), the script's own outputs.
 */
function reportedOutputs(
  script: Script,
  declared: DeclaredOutputs[string] | undefined,
): Script {
  if (!declared) return script;
  const written = new Map(script.outputs.map(o => [o.name, o]));
  return {
    ...script,
    outputs: declared.flatMap(d => {
      const output = written.get(d.name);
      return output
        ? [{ name: d.name, value: output.value, path: d.path }]
        : [];
    }),
  };
}

/**
 * One step's pod timeline starting at `podCreatedMs`. Draws from the run's PRNG, so the call
 * order is part of the output. `nodeName`: a step's is `<wf>[<group>].<step>`, a DAG task's
 * `<wf>.<task>`.
 */
function planStep(
  run: StepPlanning,
  group: number,
  ref: StepRef,
  podCreatedMs: number,
  nodeName = `${run.workflow}[${group}].${ref.name}`,
): PlannedStep {
  const { namespace, random, scale } = run;
  const pod = podName(run.workflow, ref.template, nodeName, run.podNameFormat);
  const script = reportedOutputs(
    scriptFor(ref.template, run.script, podCreatedMs, ref.templateRef),
    ref.outputs ??
      (run.declaredOutputs
        ? run.declaredOutputs[ref.template] ?? []
        : undefined),
  );
  const inputs = stepInputs(group, ref, run);
  const produced = Object.fromEntries(
    script.outputs.map(o => [o.name, o.value]),
  );
  run.stepOutputs.set(ref.name, produced);
  Object.assign(run.script.produced, produced);
  const mainStartMs = podCreatedMs + scale(1500 + random() * 1500);
  const mainEndMs = mainStartMs + scale(script.mainMs);
  const finishedMs = mainEndMs + scale(800 + random() * 700);
  const initLines = executorLines(
    'init',
    podCreatedMs,
    namespace,
    pod,
    ref.template,
    random,
  );
  const waitLines = executorLines(
    'wait',
    mainStartMs,
    namespace,
    pod,
    ref.template,
    random,
  );
  return {
    group,
    ref,
    nodeName,
    nodeId: nodeId(run.workflow, nodeName),
    podName: pod,
    script,
    inputs,
    podCreatedMs,
    initStartMs: podCreatedMs,
    mounts: run.secretMounts[ref.template] ?? [],
    mainStartMs,
    mainEndMs,
    finishedMs,
    lines: [
      ...spread(initLines, 'init', podCreatedMs, mainStartMs),
      ...spread(
        waitLines,
        'wait',
        mainStartMs,
        mainStartMs + Math.min(200, (mainEndMs - mainStartMs) / 4),
      ),
      ...spread(script.lines, 'main', mainStartMs, mainEndMs),
      ...spread(waitEndLines(script, mainEndMs), 'wait', mainEndMs, finishedMs),
    ].sort((a, b) => a.at - b.at),
  };
}

/** Lays out a whole workflow run in time: every step's pod, container and log line. */
export function buildPlan(input: PlanInput): Plan {
  const workflow = input.workflow;
  const name = workflow.metadata.name!;
  const ns = workflow.metadata.namespace!;
  const random = rng(`${ns}/${name}/${workflow.metadata.uid ?? ''}`);
  const scale = (ms: number): number =>
    Math.max(5, Math.round(ms * input.speed));
  const commit = input.params.commit;
  const gitRevision = commit ? commit.slice(0, 8) : hex(random, 8);
  const registry = input.params['registry-url'] || DEFAULT_REGISTRY;
  const image = `${registry}/${input.params['image-name'] || `${name}-image`}:${
    input.params['image-tag'] || 'v1'
  }-${gitRevision}`;
  const run: StepPlanning = {
    workflow: name,
    namespace: ns,
    random,
    scale,
    script: {
      params: input.params,
      random,
      templateRef: input.templateRef,
      workflow: name,
      namespace: ns,
      gitRevision,
      image,
      logBytes: input.logBytes,
      produced: {},
    },
    secretMounts: input.secretMounts ?? {},
    podNameFormat: input.podNameFormat ?? 'v2',
    declaredOutputs: input.declaredOutputs,
    stepOutputs: new Map(),
  };
  const spec = isRecord(workflow.spec) ? workflow.spec : {};
  const startMs = input.createdMs + scale(1000);
  const base = {
    workflow: name,
    namespace: ns,
    uid: workflow.metadata.uid ?? '',
    entrypoint: input.entrypoint,
    serviceAccount: String(spec.serviceAccountName ?? 'default'),
    createdMs: input.createdMs,
    startMs,
    speed: input.speed,
  };
  if (input.dag) {
    const planned = planDag(
      name,
      input.dag,
      startMs,
      scale(300),
      (task, nodeName, depth, at) => planStep(run, depth, task, at, nodeName),
    );
    return { ...base, ...planned };
  }
  const steps: PlannedStep[] = [];
  // Steps of a group run in parallel; the next group starts after the slowest one.
  let clock = startMs;
  let failed = false;
  input.groups.forEach((group, index) => {
    if (failed) return;
    let groupEnd = clock;
    for (const ref of group) {
      const step = planStep(run, index, ref, clock);
      steps.push(step);
      groupEnd = Math.max(groupEnd, step.finishedMs);
      if (step.script.fail) failed = true;
    }
    clock = groupEnd + scale(300);
  });
  const last = steps[steps.length - 1];
  return {
    ...base,
    steps,
    endMs: last ? last.finishedMs + scale(300) : startMs,
  };
}

/**
 * Moves `step`'s volume setup (and so its containers and lines) to `initStartMs`; later step
 * groups move by as much as this step's group now ends later, as they start after it (DAG
 * tasks: see {@link delayDagTask}).
 */
export function delayStep(
  plan: Plan,
  step: PlannedStep,
  initStartMs: number,
): void {
  if (plan.dag) {
    delayDagTask(plan, plan.dag, step, initStartMs);
    return;
  }
  const delta = initStartMs - step.initStartMs;
  if (delta <= 0) return;
  const groupEnd = (): number =>
    Math.max(
      ...plan.steps.filter(s => s.group === step.group).map(s => s.finishedMs),
    );
  const before = groupEnd();
  shiftStep(step, delta, false);
  const later = groupEnd() - before;
  if (later <= 0) return;
  for (const s of plan.steps)
    if (s.group > step.group) shiftStep(s, later, true);
  plan.endMs += later;
}

interface StepStateBase {
  step: PlannedStep;
  message?: string;
  /** Stopped by a workflow shutdown before it finished by itself. */
  cut: boolean;
}

/** A planned step at one instant; `finishedAt` is known exactly when it has ended. */
export type StepState = StepStateBase &
  (
    | {
        phase: Extract<NodePhase, 'Pending' | 'Running'>;
        finishedAt?: undefined;
      }
    | { phase: Extract<NodePhase, 'Succeeded' | 'Failed'>; finishedAt: number }
  );

export type EndedStepState = Extract<StepState, { finishedAt: number }>;

export function hasEnded(state: StepState): state is EndedStepState {
  return state.phase === 'Succeeded' || state.phase === 'Failed';
}

/** Log lines due by `now` (honouring a termination), per step. */
export function linesUntil(
  step: PlannedStep,
  now: number,
  terminatedAt?: number,
): TimedLine[] {
  const limit = terminatedAt !== undefined ? Math.min(now, terminatedAt) : now;
  return step.lines.filter(l => l.at <= limit);
}

/** When each container of a step stops writing (for ending followed logs). */
export function containerEnds(
  step: PlannedStep,
  terminatedAt?: number,
): Record<TimedLine['container'], number> {
  const cap = (ms: number): number =>
    terminatedAt !== undefined ? Math.min(ms, terminatedAt) : ms;
  return {
    init: cap(step.mainStartMs),
    main: cap(step.mainEndMs),
    wait: cap(step.finishedMs),
  };
}
