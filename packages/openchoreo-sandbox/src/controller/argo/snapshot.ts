import type { ArgoNode, NodePhase, WorkflowStatus } from './argoTypes';
import { dagSnapshot } from './dagSnapshot';
import { EndedStepState, hasEnded, Plan, StepState } from './execution';
import { isoSeconds, nodeId } from './names';
import {
  podNode,
  podsAt,
  progressOf,
  Snapshot,
  stepStates,
  TERMINATE_MESSAGE,
  workflowStatus,
} from './snapshotParts';

export { TERMINATE_MESSAGE } from './snapshotParts';
export type { Snapshot } from './snapshotParts';

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

/** The Steps node's phase, which is the workflow's. */
function outcomePhase(outcome: Outcome): NodePhase {
  return groupPhase(
    outcome.complete,
    !!outcome.failedStep || outcome.stoppedAt !== undefined,
  );
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
    phase: outcomePhase(outcome),
    startedAt: isoSeconds(plan.startMs),
    children: [...groups.keys()]
      .slice(0, 1)
      .map(index => groupId(workflow, index)),
    progress: progressOf(states),
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

/**
 * The Argo-shaped state of a planned run at time `now`: workflow status with
 * Steps / StepGroup / Pod nodes (a DAG's: `dagSnapshot.ts`), and the pods. Pure,
 * so live runs and seeded history share it.
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
  if (plan.dag) return dagSnapshot(plan, plan.dag, now, stoppedAt);
  const states = stepStates(plan, now, stoppedAt);
  const outcome = outcomeOf(plan, states, now, stoppedAt);
  const groups = byGroup(states);
  const root = rootNode(plan, states, groups, outcome);
  // In the order Argo's status lists them: groups, steps, then the root.
  const nodes = [
    ...[...groups].map(([index, members]) =>
      groupNode(plan.workflow, index, members),
    ),
    // A step is linked to the next group, as Argo chains step groups.
    ...states.map(s =>
      podNode(
        plan.workflow,
        s,
        groups.has(s.step.group + 1)
          ? [groupId(plan.workflow, s.step.group + 1)]
          : [],
      ),
    ),
    root,
  ];
  const status = workflowStatus(plan, states, nodes, {
    phase: outcomePhase(outcome),
    progress: root.progress ?? '0/0',
    message: root.message,
    complete: outcome.complete,
    finishedMs: outcome.finishedMs,
  });
  return {
    phase: status.phase,
    done: outcome.complete,
    finishedMs: outcome.finishedMs,
    status,
    pods: podsAt(plan, states, now),
    states,
  };
}
