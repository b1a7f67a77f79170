import type { KObject } from '../../apiserver/types';
import type { ArgoNode, NodePhase, WorkflowStatus } from './argoTypes';
import { hasEnded, Plan, StepState } from './execution';
import { isoSeconds } from './names';
import { HOST_NODE, podFor, SIGTERM_EXIT_CODE } from './pods';
import type { StepRef } from './steps';
import { withVolumeSetup } from './volumeSetup';

/** What the snapshots of `steps` (`snapshot.ts`) and `dag` (`dagSnapshot.ts`) workflows share. */

export const TERMINATE_MESSAGE = "Stopped with strategy 'Terminate'";

export interface Snapshot {
  phase: NodePhase;
  done: boolean;
  finishedMs?: number;
  status: WorkflowStatus;
  pods: KObject[];
  states: StepState[];
}

/** How the workflow as a whole stands at one instant, for its status. */
export interface WorkflowSummary {
  phase: NodePhase;
  progress: string;
  /** `status.message`: the entrypoint node's message, or the shutdown's. */
  message?: string;
  /** The workflow phase is final. */
  complete: boolean;
  finishedMs?: number;
}

/**
 * Every step that has started by `now` (or by the shutdown), with its phase. (A DAG's steps are
 * not all in start order once a volume setup delayed one, so every step is looked at.)
 */
export function stepStates(
  plan: Plan,
  now: number,
  stoppedAt: number | undefined,
): StepState[] {
  const out: StepState[] = [];
  for (const step of plan.steps) {
    if (step.podCreatedMs > (stoppedAt ?? now)) continue;
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

/** `<succeeded pods>/<pods>`, as Argo counts a node's progress. */
export function progressOf(states: StepState[]): string {
  return `${states.filter(s => s.phase === 'Succeeded').length}/${
    states.length
  }`;
}

/** What a node names as its template: the step's `templateRef` when it has one (Argo records the reference, not a template name), else `templateName`. */
export function templateOf(
  ref: StepRef,
): Pick<ArgoNode, 'templateName' | 'templateRef'> {
  if (ref.templateRef === undefined) return { templateName: ref.template };
  return {
    templateRef: {
      name: ref.templateRef,
      template: ref.template,
      ...(ref.clusterScope ? { clusterScope: true } : {}),
    },
  };
}

/**
 * A Pod node: one step or DAG task. `children`: what Argo linked after it (the next step group;
 * a DAG task's dependents that exist so far); none is no `children` field.
 */
export function podNode(
  workflow: string,
  state: StepState,
  children: string[],
): ArgoNode {
  const { step } = state;
  const node: ArgoNode = {
    id: step.nodeId,
    name: step.nodeName,
    displayName: step.ref.name,
    type: 'Pod',
    ...templateOf(step.ref),
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
  if (children.length) node.children = children;
  return node;
}

export function workflowStatus(
  plan: Plan,
  states: StepState[],
  nodes: ArgoNode[],
  summary: WorkflowSummary,
): WorkflowStatus {
  const status: WorkflowStatus = {
    phase: summary.phase,
    startedAt: isoSeconds(plan.startMs),
    progress: summary.progress,
    nodes: Object.fromEntries(nodes.map(n => [n.id, n])),
    conditions: summary.complete
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
  if (summary.finishedMs !== undefined)
    status.finishedAt = isoSeconds(summary.finishedMs);
  if (summary.message) status.message = summary.message;
  return status;
}

/** The step pods at `now`, with their Secret volumes' setup. */
export function podsAt(
  plan: Plan,
  states: StepState[],
  now: number,
): KObject[] {
  return states.map(s => withVolumeSetup(podFor(plan, s, now), s, now));
}
