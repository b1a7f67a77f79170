import { isRecord, KObject } from '../../apiserver/types';
import { hex, isoSeconds, nodeId, podName, rng } from './names';
import { Script, ScriptContext, scriptFor } from './scripts';
import type { StepRef } from './steps';

export const TERMINATE_MESSAGE = "Stopped with strategy 'Terminate'";
const EXECUTOR_IMAGE = 'quay.io/argoproj/argoexec:v3.6.4';
const HOST_NODE = 'openchoreo-sandbox-worker';

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
  /** Pod created / init starts. */
  s0: number;
  /** init done, main and wait start. */
  s1: number;
  /** main ends. */
  s2: number;
  /** wait ends: the node finishes. */
  s3: number;
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
  missingSecret?: string;
}

function executorLines(kind: 'init' | 'wait', at: number, ns: string, pod: string, template: string, random: () => number): string[] {
  const t = (msg: string): string => `time="${isoSeconds(at)}" level=info msg="${msg}"`;
  const base = [
    `${t('Starting Workflow Executor')} version=v3.6.4`,
    `${t('Using executor retry strategy')} Duration=1s Factor=1.6 Jitter=0.5 Steps=5`,
    `${t('Executor initialized')} deadline="0001-01-01 00:00:00 +0000 UTC" includeScriptOutput=false namespace=${ns} podName=${pod} templateName=${template} version="&Version{Version:v3.6.4,BuildDate:2025-02-24T16:12:01Z,GitCommit:${hex(random, 40)},GitTag:v3.6.4,GitTreeState:clean,GoVersion:go1.23.6,Compiler:gc,Platform:linux/amd64,}"`,
  ];
  if (kind === 'init') return [...base, t('Start loading input artifacts...'), t('Alloc=8521 TotalAlloc=15013 Sys=23637 NumGC=4 Goroutines=4')];
  return [...base, t('Starting deadline monitor')];
}

function spread(lines: string[], container: TimedLine['container'], from: number, to: number): TimedLine[] {
  const span = Math.max(0, to - from);
  return lines.map((text, i) => ({ container, text, at: Math.min(to, from + Math.round(((i + 1) / (lines.length + 1)) * span)) }));
}

/** Lays out a whole workflow run in time: every step's pod, container and log line. */
export function buildPlan(input: PlanInput): Plan {
  const wf = input.workflow;
  const name = wf.metadata.name!;
  const ns = wf.metadata.namespace!;
  const random = rng(`${ns}/${name}/${wf.metadata.uid ?? ''}`);
  const scale = (ms: number): number => Math.max(5, Math.round(ms * input.speed));
  const commit = input.params.commit;
  const gitRevision = commit ? commit.slice(0, 8) : hex(random, 8);
  const registry = input.params['registry-url'] || 'registry.openchoreo-build-plane.svc.cluster.local:5000';
  const image = `${registry}/${input.params['image-name'] || `${name}-image`}:${input.params['image-tag'] || 'v1'}-${gitRevision}`;
  const ctx: ScriptContext = {
    params: input.params,
    random,
    templateRef: input.templateRef,
    workflow: name,
    namespace: ns,
    gitRevision,
    image,
    logBytes: input.logBytes,
    missingSecret: input.missingSecret,
  };
  const spec = isRecord(wf.spec) ? wf.spec : {};
  const startMs = input.createdMs + scale(1000);
  const steps: PlannedStep[] = [];
  let clock = startMs;
  let failed = false;
  input.groups.forEach((group, g) => {
    if (failed) return;
    let groupEnd = clock;
    for (const ref of group) {
      const nodeName = `${name}[${g}].${ref.name}`;
      const pod = podName(name, ref.template, nodeName);
      const script = scriptFor(ref.template, ctx);
      const s0 = clock;
      const s1 = s0 + scale(1500 + random() * 1500);
      const s2 = s1 + scale(script.mainMs);
      const s3 = s2 + scale(800 + random() * 700);
      const initLines = executorLines('init', s0, ns, pod, ref.template, random);
      const waitLines = executorLines('wait', s1, ns, pod, ref.template, random);
      const end = (msg: string): string => `time="${isoSeconds(s2)}" level=info msg="${msg}"`;
      const waitEnd = [
        `${end('Main container completed')} error="${script.fail ? `exit status ${script.fail.exitCode}` : '<nil>'}"`,
        script.outputs.length ? end('Saving output parameters') : end('No output parameters'),
        ...script.outputs.map(o => `${end('Saving path output parameter')} path=${o.path}`),
        end('Deadline monitor stopped'),
        end('Alloc=9870 TotalAlloc=19841 Sys=27701 NumGC=6 Goroutines=8'),
      ];
      const inputs: Array<{ name: string; value: string }> = [];
      if (g > 0 && ref.template !== 'workload-create-step') inputs.push({ name: 'git-revision', value: gitRevision });
      if (ref.template === 'workload-create-step') inputs.push({ name: 'image', value: image });
      steps.push({
        group: g,
        ref,
        nodeName,
        nodeId: nodeId(name, nodeName),
        podName: pod,
        script,
        inputs,
        s0,
        s1,
        s2,
        s3,
        lines: [
          ...spread(initLines, 'init', s0, s1),
          ...spread(waitLines, 'wait', s1, s1 + Math.min(200, (s2 - s1) / 4)),
          ...spread(script.lines, 'main', s1, s2),
          ...spread(waitEnd, 'wait', s2, s3),
        ].sort((a, b) => a.at - b.at),
      });
      groupEnd = Math.max(groupEnd, s3);
      if (script.fail) failed = true;
    }
    clock = groupEnd + scale(300);
  });
  const last = steps[steps.length - 1];
  return {
    workflow: name,
    namespace: ns,
    uid: wf.metadata.uid ?? '',
    entrypoint: input.entrypoint,
    serviceAccount: String(spec.serviceAccountName ?? 'default'),
    createdMs: input.createdMs,
    startMs,
    steps,
    endMs: last ? last.s3 + scale(300) : startMs,
  };
}

type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

function groupPhase(done: boolean, failed: boolean): Phase {
  if (!done) return 'Running';
  return failed ? 'Failed' : 'Succeeded';
}

export interface StepState {
  step: PlannedStep;
  phase: Phase;
  finishedAt?: number;
  message?: string;
  cut: boolean;
}

export interface Snapshot {
  phase: Phase;
  done: boolean;
  finishedMs?: number;
  status: Record<string, unknown>;
  pods: KObject[];
  states: StepState[];
}

function stepStates(plan: Plan, now: number, terminatedAt?: number): StepState[] {
  const out: StepState[] = [];
  for (const step of plan.steps) {
    const cutTime = terminatedAt !== undefined && terminatedAt <= now ? terminatedAt : undefined;
    const t = cutTime ?? now;
    if (step.s0 > t) break;
    if (cutTime !== undefined && cutTime < step.s3) {
      out.push({ step, phase: 'Failed', finishedAt: cutTime, message: TERMINATE_MESSAGE, cut: true });
    } else if (now >= step.s3) {
      out.push({
        step,
        phase: step.script.fail ? 'Failed' : 'Succeeded',
        finishedAt: step.s3,
        message: step.script.fail?.message,
        cut: false,
      });
    } else if (now >= step.s1) {
      out.push({ step, phase: 'Running', cut: false });
    } else {
      out.push({ step, phase: 'Pending', message: 'PodInitializing', cut: false });
    }
  }
  return out;
}

function containerState(start: number, end: number, now: number, cut: number | undefined, exitCode: number): Record<string, unknown> {
  if (cut !== undefined && cut < end) {
    if (cut < start) return { terminated: { exitCode: 143, reason: 'Error', startedAt: isoSeconds(cut), finishedAt: isoSeconds(cut) } };
    return { terminated: { exitCode: 143, reason: 'Error', startedAt: isoSeconds(start), finishedAt: isoSeconds(cut) } };
  }
  if (now < start) return { waiting: { reason: 'PodInitializing' } };
  if (now < end) return { running: { startedAt: isoSeconds(start) } };
  return { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: isoSeconds(start), finishedAt: isoSeconds(end) } };
}

function podFor(plan: Plan, state: StepState, now: number): KObject {
  const { step } = state;
  const cut = state.cut ? state.finishedAt : undefined;
  const exit = step.script.fail?.exitCode ?? 0;
  const cs = (name: string, image: string, start: number, end: number, code: number): Record<string, unknown> => {
    const st = containerState(start, end, now, cut, code);
    return { name, image, imageID: '', ready: 'running' in st, restartCount: 0, started: 'running' in st, state: st };
  };
  const podPhase = state.phase === 'Pending' ? 'Pending' : state.phase;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: step.podName,
      namespace: plan.namespace,
      creationTimestamp: isoSeconds(step.s0),
      labels: {
        'workflows.argoproj.io/workflow': plan.workflow,
        'workflows.argoproj.io/completed': state.phase === 'Succeeded' || state.phase === 'Failed' ? 'true' : 'false',
      },
      annotations: {
        'workflows.argoproj.io/node-name': step.nodeName,
        'workflows.argoproj.io/node-id': step.nodeId,
        'kubectl.kubernetes.io/default-container': 'main',
      },
      ownerReferences: [
        { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: plan.workflow, uid: plan.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: {
      initContainers: [{ name: 'init', image: EXECUTOR_IMAGE, command: ['argoexec', 'init', '--loglevel', 'info'] }],
      containers: [
        { name: 'wait', image: EXECUTOR_IMAGE, command: ['argoexec', 'wait', '--loglevel', 'info'] },
        { name: 'main', image: 'ghcr.io/openchoreo/podman-runner:v1.0', command: ['sh', '-c'], args: [`# ${step.ref.template}`] },
      ],
      restartPolicy: 'Never',
      serviceAccountName: plan.serviceAccount,
      nodeName: HOST_NODE,
    },
    status: {
      phase: podPhase,
      hostIP: '10.42.0.1',
      podIP: `10.42.0.${(step.nodeId.length * 7 + step.group * 13) % 250 + 2}`,
      startTime: isoSeconds(step.s0),
      qosClass: 'Burstable',
      initContainerStatuses: [cs('init', EXECUTOR_IMAGE, step.s0, step.s1, 0)],
      containerStatuses: [cs('main', 'ghcr.io/openchoreo/podman-runner:v1.0', step.s1, step.s2, exit), cs('wait', EXECUTOR_IMAGE, step.s1, step.s3, 0)],
    },
  };
}

/**
 * The Argo-shaped state of a planned run at time `now`: workflow status with
 * Steps / StepGroup / Pod nodes, and the pods. Pure, so live runs and seeded
 * history share it.
 */
export function snapshot(plan: Plan, now: number, terminatedAt?: number): Snapshot {
  const wf = plan.workflow;
  if (now < plan.startMs && terminatedAt === undefined) {
    return { phase: 'Pending', done: false, status: { phase: 'Pending', startedAt: isoSeconds(plan.createdMs), progress: '0/0', nodes: {} }, pods: [], states: [] };
  }
  const states = stepStates(plan, now, terminatedAt);
  const nodes: Record<string, Record<string, unknown>> = {};
  const groupIds: string[] = [];
  const byGroup = new Map<number, StepState[]>();
  for (const s of states) byGroup.set(s.step.group, [...(byGroup.get(s.step.group) ?? []), s]);
  const groupCount = byGroup.size;
  const failedStep = states.find(s => s.phase === 'Failed');
  const terminated = states.some(s => s.cut) || (terminatedAt !== undefined && terminatedAt <= now);
  const allDone = states.length > 0 && states.every(s => s.phase === 'Succeeded' || s.phase === 'Failed');
  const lastPlanned = plan.steps[plan.steps.length - 1];
  const complete = terminated || (!!failedStep && allDone) || (allDone && states.length === plan.steps.length && now >= plan.endMs) || (plan.steps.length === 0 && now >= plan.endMs);
  let finishedMs: number | undefined;
  if (complete && terminated) finishedMs = terminatedAt!;
  else if (complete && failedStep) finishedMs = failedStep.finishedAt! + 1;
  else if (complete) finishedMs = Math.max(plan.endMs, lastPlanned?.s3 ?? plan.endMs);

  for (const [g, members] of [...byGroup.entries()].sort((a, b) => a[0] - b[0])) {
    const groupName = `${wf}[${g}]`;
    const gid = nodeId(wf, groupName);
    groupIds.push(gid);
    const done = members.every(m => m.phase === 'Succeeded' || m.phase === 'Failed');
    const failed = members.find(m => m.phase === 'Failed');
    const group: Record<string, unknown> = {
      id: gid,
      name: groupName,
      displayName: `[${g}]`,
      type: 'StepGroup',
      templateScope: `local/${wf}`,
      phase: groupPhase(done, !!failed),
      boundaryID: wf,
      startedAt: isoSeconds(Math.min(...members.map(m => m.step.s0))),
      children: members.map(m => m.step.nodeId),
      nodeFlag: {},
    };
    if (done) group.finishedAt = isoSeconds(Math.max(...members.map(m => m.finishedAt ?? m.step.s3)));
    if (failed) group.message = failed.cut ? TERMINATE_MESSAGE : `child '${failed.step.nodeId}' failed`;
    nodes[gid] = group;
  }
  for (const s of states) {
    const { step } = s;
    const node: Record<string, unknown> = {
      id: step.nodeId,
      name: step.nodeName,
      displayName: step.ref.name,
      type: 'Pod',
      templateName: step.ref.template,
      templateScope: `local/${wf}`,
      phase: s.phase,
      boundaryID: wf,
      startedAt: isoSeconds(step.s0),
      hostNodeName: HOST_NODE,
      progress: s.phase === 'Succeeded' ? '1/1' : '0/1',
    };
    if (s.message) node.message = s.message;
    if (step.inputs.length) node.inputs = { parameters: step.inputs };
    if (s.finishedAt !== undefined) {
      node.finishedAt = isoSeconds(s.finishedAt);
      const seconds = Math.max(1, Math.round((s.finishedAt - step.s0) / 1000));
      node.resourcesDuration = { cpu: seconds, memory: seconds * 4 };
      const outputs: Record<string, unknown> = { exitCode: String(s.cut ? 143 : step.script.fail?.exitCode ?? 0) };
      if (s.phase === 'Succeeded' && step.script.outputs.length) {
        outputs.parameters = step.script.outputs.map(o => ({ name: o.name, value: o.value, valueFrom: { path: o.path } }));
      }
      node.outputs = outputs;
    }
    const nextGroup = nodeId(wf, `${wf}[${step.group + 1}]`);
    if (byGroup.has(step.group + 1)) node.children = [nextGroup];
    nodes[step.nodeId] = node;
  }
  const lastGroup = byGroup.get(groupCount - 1) ?? [];
  const phase: Phase = groupPhase(complete, !!failedStep || terminated);
  let rootMessage: string | undefined;
  if (terminated) rootMessage = TERMINATE_MESSAGE;
  else if (failedStep && complete) rootMessage = `child '${failedStep.step.nodeId}' failed`;
  const root: Record<string, unknown> = {
    id: wf,
    name: wf,
    displayName: wf,
    type: 'Steps',
    templateName: plan.entrypoint,
    templateScope: `local/${wf}`,
    phase,
    startedAt: isoSeconds(plan.startMs),
    children: groupIds.slice(0, 1),
    progress: `${states.filter(s => s.phase === 'Succeeded').length}/${states.length}`,
  };
  if (complete) {
    root.finishedAt = isoSeconds(finishedMs!);
    root.outboundNodes = lastGroup.map(s => s.step.nodeId);
  }
  if (rootMessage) root.message = rootMessage;
  nodes[wf] = root;
  const status: Record<string, unknown> = {
    phase,
    startedAt: isoSeconds(plan.startMs),
    progress: root.progress,
    nodes,
    conditions: complete
      ? [{ type: 'PodRunning', status: 'False' }, { type: 'Completed', status: 'True' }]
      : [{ type: 'PodRunning', status: states.some(s => s.phase === 'Running') ? 'True' : 'False' }],
    taskResultsCompletionStatus: Object.fromEntries(states.filter(s => s.finishedAt !== undefined).map(s => [s.step.nodeId, true])),
  };
  if (complete) status.finishedAt = isoSeconds(finishedMs!);
  if (rootMessage) status.message = rootMessage;
  return { phase, done: complete, finishedMs, status, pods: states.map(s => podFor(plan, s, now)), states };
}

/** Log lines due by `now` (honouring a termination), per step. */
export function linesUntil(step: PlannedStep, now: number, terminatedAt?: number): TimedLine[] {
  const limit = terminatedAt !== undefined ? Math.min(now, terminatedAt) : now;
  return step.lines.filter(l => l.at <= limit);
}

/** When each container of a step stops writing (for ending followed logs). */
export function containerEnds(step: PlannedStep, terminatedAt?: number): Record<TimedLine['container'], number> {
  const cap = (t: number): number => (terminatedAt !== undefined ? Math.min(t, terminatedAt) : t);
  return { init: cap(step.s1), main: cap(step.s2), wait: cap(step.s3) };
}
