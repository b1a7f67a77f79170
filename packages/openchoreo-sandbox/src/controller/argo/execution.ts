import { isRecord, KObject } from '../../apiserver/types';
import type { NodePhase } from './argoTypes';
import {
  hex,
  isoSeconds,
  nodeId,
  podName,
  rng,
  type PodNameFormat,
} from './names';
import { Script, ScriptContext, scriptFor } from './scripts';
import type { SecretMount, SecretMountsByTemplate } from './secretMounts';
import type { StepRef } from './steps';

/** Output parameters a template declares: name and `valueFrom.path`. */
export type DeclaredOutputs = Record<
  string,
  Array<{ name: string; path: string }>
>;

/** The Argo executor (init and wait containers) of the release the sandbox emulates. */
export const EXECUTOR_VERSION = 'v3.6.4';
export const EXECUTOR_IMAGE = `quay.io/argoproj/argoexec:${EXECUTOR_VERSION}`;
const DEFAULT_REGISTRY =
  'registry.openchoreo-build-plane.svc.cluster.local:5000';

export interface TimedLine {
  container: 'init' | 'main' | 'wait';
  at: number;
  text: string;
}

export interface PlannedStep {
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
  /** Only the steps that will run: planning stops after a failing step. */
  steps: PlannedStep[];
  endMs: number;
}

export interface PlanInput {
  workflow: KObject;
  entrypoint: string;
  groups: StepRef[][];
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
  /** Output parameters of the steps planned so far, by step name (what `{{steps.…}}` reads). */
  stepOutputs: Map<string, Record<string, string>>;
}

/** A log line as the Argo executor (logrus text format) writes it. */
function executorLine(at: number, msg: string): string {
  return `time="${isoSeconds(at)}" level=info msg="${msg}"`;
}

function executorLines(
  kind: 'init' | 'wait',
  at: number,
  ns: string,
  pod: string,
  template: string,
  random: () => number,
): string[] {
  const line = (msg: string): string => executorLine(at, msg);
  const base = [
    `${line('Starting Workflow Executor')} version=${EXECUTOR_VERSION}`,
    `${line(
      'Using executor retry strategy',
    )} Duration=1s Factor=1.6 Jitter=0.5 Steps=5`,
    `${line(
      'Executor initialized',
    )} deadline="0001-01-01 00:00:00 +0000 UTC" includeScriptOutput=false namespace=${ns} podName=${pod} templateName=${template} version="&Version{Version:${EXECUTOR_VERSION},BuildDate:2025-02-24T16:12:01Z,GitCommit:${hex(
      random,
      40,
    )},GitTag:${EXECUTOR_VERSION},GitTreeState:clean,GoVersion:go1.23.6,Compiler:gc,Platform:linux/amd64,}"`,
  ];
  if (kind === 'init')
    return [
      ...base,
      line('Start loading input artifacts...'),
      line('Alloc=8521 TotalAlloc=15013 Sys=23637 NumGC=4 Goroutines=4'),
    ];
  return [...base, line('Starting deadline monitor')];
}

/** The wait container's lines after main exits: exit status and saved outputs. */
function waitEndLines(script: Script, at: number): string[] {
  const line = (msg: string): string => executorLine(at, msg);
  return [
    `${line('Main container completed')} error="${
      script.fail ? `exit status ${script.fail.exitCode}` : '<nil>'
    }"`,
    script.outputs.length
      ? line('Saving output parameters')
      : line('No output parameters'),
    ...script.outputs.map(
      o => `${line('Saving path output parameter')} path=${o.path}`,
    ),
    line('Deadline monitor stopped'),
    line('Alloc=9870 TotalAlloc=19841 Sys=27701 NumGC=6 Goroutines=8'),
  ];
}

/** Spaces `lines` evenly over `from`..`to`. */
function spread(
  lines: string[],
  container: TimedLine['container'],
  from: number,
  to: number,
): TimedLine[] {
  const span = Math.max(0, to - from);
  return lines.map((text, i) => ({
    container,
    text,
    at: Math.min(to, from + Math.round(((i + 1) / (lines.length + 1)) * span)),
  }));
}

/** A step argument's value with `{{steps.<step>.outputs.parameters.<p>}}` and `{{workflow.parameters.<p>}}` resolved. */
function resolveArgument(value: string, run: StepPlanning): string {
  return value
    .replace(
      /\{\{\s*steps\.([\w-]+)\.outputs\.parameters\.([\w-]+)\s*\}\}/g,
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

/** One step's pod timeline starting at `podCreatedMs`. Draws from the run's PRNG, so the call order is part of the output. */
function planStep(
  run: StepPlanning,
  group: number,
  ref: StepRef,
  podCreatedMs: number,
): PlannedStep {
  const { namespace, random, scale } = run;
  const nodeName = `${run.workflow}[${group}].${ref.name}`;
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
    workflow: name,
    namespace: ns,
    uid: workflow.metadata.uid ?? '',
    entrypoint: input.entrypoint,
    serviceAccount: String(spec.serviceAccountName ?? 'default'),
    createdMs: input.createdMs,
    startMs,
    speed: input.speed,
    steps,
    endMs: last ? last.finishedMs + scale(300) : startMs,
  };
}

/**
 * Moves `step`'s volume setup (and so its containers and lines) to `initStartMs`; later step
 * groups move by as much as this step's group now ends later, as they start after it.
 */
export function delayStep(
  plan: Plan,
  step: PlannedStep,
  initStartMs: number,
): void {
  const delta = initStartMs - step.initStartMs;
  if (delta <= 0) return;
  const groupEnd = (): number =>
    Math.max(
      ...plan.steps.filter(s => s.group === step.group).map(s => s.finishedMs),
    );
  const before = groupEnd();
  const shift = (s: PlannedStep, ms: number, withPod: boolean): void => {
    if (withPod) s.podCreatedMs += ms;
    s.initStartMs += ms;
    s.mainStartMs += ms;
    s.mainEndMs += ms;
    s.finishedMs += ms;
    for (const line of s.lines) line.at += ms;
  };
  shift(step, delta, false);
  const later = groupEnd() - before;
  if (later <= 0) return;
  for (const s of plan.steps) if (s.group > step.group) shift(s, later, true);
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
