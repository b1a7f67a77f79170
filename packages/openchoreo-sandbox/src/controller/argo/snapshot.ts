import type { KObject } from '../../apiserver/types';
import type { ArgoNode, NodePhase, WorkflowStatus } from './argoTypes';
import { EndedStepState, hasEnded, Plan, StepState } from './execution';
import { isoSeconds, nodeId } from './names';
import { HOST_NODE, podFor, SIGTERM_EXIT_CODE } from './pods';
import { withVolumeSetup } from './volumeSetup';

export const TERMINATE_MESSAGE = "Stopped with strategy 'Terminate'";

export interface Snapshot {
  phase: NodePhase;
  done: boolean;
  finishedMs?: number;
  status: WorkflowStatus;
  pods: KObject[];
  states: StepState[];
}

/** How the run as a whole stands at `now`. */
interface Outcome {
  /** The workflow phase is final. */
  complete: boolean;
  /** When a shutdown took effect, if it has by `now`. */
  stoppedAt?: number;
  failedStep?: EndedStepState;
  finishedMs?: number;
}

function groupPhase(done: boolean, failed: boolean): NodePhase {
  if (!done) return 'Running';
  return failed ? 'Failed' : 'Succeeded';
}

function groupName(workflow: string, index: number): string {
  return `${workflow}[${index}]`;
}

function groupId(workflow: string, index: number): string {
  return nodeId(workflow, groupName(workflow, index));
}

function childFailedMessage(state: StepState): string {
  return `child '${state.step.nodeId}' failed`;
}

/** Every step that has started by `now` (or by the shutdown), with its phase. */
function stepStates(
  plan: Plan,
  now: number,
  stoppedAt: number | undefined,
): StepState[] {
  const out: StepState[] = [];
  for (const step of plan.steps) {
    if (step.podCreatedMs > (stoppedAt ?? now)) break;
    if (stoppedAt !== undefined && stoppedAt < step.finishedMs) {
      out.push({
        step,
        phase: 'Failed',
        finishedAt: stoppedAt,
        message: TERMINATE_MESSAGE,
        cut: true,
      });
    } else if (now >= step.finishedMs) {
      out.push({
        step,
        phase: step.script.fail ? 'Failed' : 'Succeeded',
        finishedAt: step.finishedMs,
        message: step.script.fail?.message,
        cut: false,
      });
    } else if (now >= step.mainStartMs) {
      out.push({ step, phase: 'Running', cut: false });
    } else {
      out.push({
        step,
        phase: 'Pending',
        message: 'PodInitializing',
        cut: false,
      });
    }
  }
  return out;
}

/** Step states per group index, in group order. */
function byGroup(states: StepState[]): Map<number, StepState[]> {
  const groups = new Map<number, StepState[]>();
  for (const state of states)
    groups.set(state.step.group, [
      ...(groups.get(state.step.group) ?? []),
      state,
    ]);
  return new Map([...groups.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * Whether the workflow phase is final: it was shut down; a step failed and
 * every started step has ended; or every planned step ran and the controller's
 * wrap-up after the last one (`plan.endMs`) has passed.
 */
function isComplete(
  plan: Plan,
  states: StepState[],
  now: number,
  stopped: boolean,
  failed: boolean,
): boolean {
  if (stopped) return true;
  const allEnded = states.length > 0 && states.every(hasEnded);
  if (failed && allEnded) return true;
  const wrappedUp = now >= plan.endMs;
  if (plan.steps.length === 0) return wrappedUp;
  return allEnded && states.length === plan.steps.length && wrappedUp;
}

function outcomeOf(
  plan: Plan,
  states: StepState[],
  now: number,
  stoppedAt: number | undefined,
): Outcome {
  const failedStep = states.filter(hasEnded).find(s => s.phase === 'Failed');
  const complete = isComplete(
    plan,
    states,
    now,
    stoppedAt !== undefined,
    !!failedStep,
  );
  if (!complete) return { complete, stoppedAt, failedStep };
  let finishedMs: number;
  if (stoppedAt !== undefined) finishedMs = stoppedAt;
  else if (failedStep) finishedMs = failedStep.finishedAt + 1;
  else
    finishedMs = Math.max(
      plan.endMs,
      plan.steps[plan.steps.length - 1]?.finishedMs ?? plan.endMs,
    );
  return { complete, stoppedAt, failedStep, finishedMs };
}

/** A StepGroup node: one per `[i]` of the steps template, parent of its parallel steps. */
function groupNode(
  workflow: string,
  index: number,
  members: StepState[],
): ArgoNode {
  const failed = members.find(m => m.phase === 'Failed');
  const ended = members.every(hasEnded);
  const node: ArgoNode = {
    id: groupId(workflow, index),
    name: groupName(workflow, index),
    displayName: `[${index}]`,
    type: 'StepGroup',
    templateScope: `local/${workflow}`,
    phase: groupPhase(ended, !!failed),
    boundaryID: workflow,
    startedAt: isoSeconds(Math.min(...members.map(m => m.step.podCreatedMs))),
    children: members.map(m => m.step.nodeId),
    nodeFlag: {},
  };
  if (ended)
    node.finishedAt = isoSeconds(
      Math.max(...members.filter(hasEnded).map(m => m.finishedAt)),
    );
  if (failed)
    node.message = failed.cut ? TERMINATE_MESSAGE : childFailedMessage(failed);
  return node;
}

/** A Pod node: one step, linked to the next group as Argo chains step groups. */
function podNode(
  workflow: string,
  state: StepState,
  hasNextGroup: boolean,
): ArgoNode {
  const { step } = state;
  const node: ArgoNode = {
    id: step.nodeId,
    name: step.nodeName,
    displayName: step.ref.name,
    type: 'Pod',
    // A step with a templateRef: Argo records the reference, not a template name.
    ...(step.ref.templateRef !== undefined
      ? {
          templateRef: {
            name: step.ref.templateRef,
            template: step.ref.template,
            ...(step.ref.clusterScope ? { clusterScope: true } : {}),
          },
        }
      : { templateName: step.ref.template }),
    templateScope: `local/${workflow}`,
    phase: state.phase,
    boundaryID: workflow,
    startedAt: isoSeconds(step.podCreatedMs),
    hostNodeName: HOST_NODE,
    progress: state.phase === 'Succeeded' ? '1/1' : '0/1',
  };
  if (state.message) node.message = state.message;
  if (step.inputs.length) node.inputs = { parameters: step.inputs };
  if (state.finishedAt !== undefined) {
    node.finishedAt = isoSeconds(state.finishedAt);
    const seconds = Math.max(
      1,
      Math.round((state.finishedAt - step.podCreatedMs) / 1000),
    );
    node.resourcesDuration = { cpu: seconds, memory: seconds * 4 };
    const exitCode = state.cut
      ? SIGTERM_EXIT_CODE
      : step.script.fail?.exitCode ?? 0;
    node.outputs = { exitCode: String(exitCode) };
    if (state.phase === 'Succeeded' && step.script.outputs.length) {
      node.outputs.parameters = step.script.outputs.map(o => ({
        name: o.name,
        value: o.value,
        valueFrom: { path: o.path },
      }));
    }
  }
  if (hasNextGroup) node.children = [groupId(workflow, step.group + 1)];
  return node;
}

/** The Steps node of the entrypoint: the workflow's own node, whose id is the workflow name. */
function rootNode(
  plan: Plan,
  states: StepState[],
  groups: Map<number, StepState[]>,
  outcome: Outcome,
): ArgoNode {
  const workflow = plan.workflow;
  const lastGroup = groups.get(groups.size - 1) ?? [];
  const node: ArgoNode = {
    id: workflow,
    name: workflow,
    displayName: workflow,
    type: 'Steps',
    templateName: plan.entrypoint,
    templateScope: `local/${workflow}`,
    phase: groupPhase(
      outcome.complete,
      !!outcome.failedStep || outcome.stoppedAt !== undefined,
    ),
    startedAt: isoSeconds(plan.startMs),
    children: [...groups.keys()]
      .slice(0, 1)
      .map(index => groupId(workflow, index)),
    progress: `${states.filter(s => s.phase === 'Succeeded').length}/${
      states.length
    }`,
  };
  if (outcome.finishedMs !== undefined) {
    node.finishedAt = isoSeconds(outcome.finishedMs);
    node.outboundNodes = lastGroup.map(s => s.step.nodeId);
  }
  if (outcome.stoppedAt !== undefined) node.message = TERMINATE_MESSAGE;
  else if (outcome.failedStep && outcome.complete)
    node.message = childFailedMessage(outcome.failedStep);
  return node;
}

function workflowStatus(
  plan: Plan,
  states: StepState[],
  nodes: ArgoNode[],
  root: ArgoNode,
  outcome: Outcome,
): WorkflowStatus {
  const status: WorkflowStatus = {
    phase: root.phase,
    startedAt: isoSeconds(plan.startMs),
    progress: root.progress,
    nodes: Object.fromEntries(nodes.map(n => [n.id, n])),
    conditions: outcome.complete
      ? [
          { type: 'PodRunning', status: 'False' },
          { type: 'Completed', status: 'True' },
        ]
      : [
          {
            type: 'PodRunning',
            status: states.some(s => s.phase === 'Running') ? 'True' : 'False',
          },
        ],
    taskResultsCompletionStatus: Object.fromEntries(
      states.filter(hasEnded).map(s => [s.step.nodeId, true]),
    ),
  };
  if (outcome.finishedMs !== undefined)
    status.finishedAt = isoSeconds(outcome.finishedMs);
  if (root.message) status.message = root.message;
  return status;
}

/**
 * The Argo-shaped state of a planned run at time `now`: workflow status with
 * Steps / StepGroup / Pod nodes, and the pods. Pure, so live runs and seeded
 * history share it.
 */
export function snapshot(
  plan: Plan,
  now: number,
  terminatedAt?: number,
): Snapshot {
  if (now < plan.startMs && terminatedAt === undefined) {
    const status: WorkflowStatus = {
      phase: 'Pending',
      startedAt: isoSeconds(plan.createdMs),
      progress: '0/0',
      nodes: {},
    };
    return { phase: 'Pending', done: false, status, pods: [], states: [] };
  }
  // A shutdown in the future (a clock between ticks) has not happened yet.
  const stoppedAt =
    terminatedAt !== undefined && terminatedAt <= now
      ? terminatedAt
      : undefined;
  const states = stepStates(plan, now, stoppedAt);
  const outcome = outcomeOf(plan, states, now, stoppedAt);
  const groups = byGroup(states);
  const root = rootNode(plan, states, groups, outcome);
  // In the order Argo's status lists them: groups, steps, then the root.
  const nodes = [
    ...[...groups].map(([index, members]) =>
      groupNode(plan.workflow, index, members),
    ),
    ...states.map(s => podNode(plan.workflow, s, groups.has(s.step.group + 1))),
    root,
  ];
  const status = workflowStatus(plan, states, nodes, root, outcome);
  return {
    phase: status.phase,
    done: outcome.complete,
    finishedMs: outcome.finishedMs,
    status,
    pods: states.map(s => withVolumeSetup(podFor(plan, s, now), s, now)),
    states,
  };
}
