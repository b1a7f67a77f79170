import type { ArgoNode, NodePhase } from './argoTypes';
import { DagTask, dependentsOf } from './dag';
import type { DagOutline, OmittedTask } from './dagPlan';
import { hasEnded, Plan, StepState } from './execution';
import { isoSeconds } from './names';
import {
  podNode,
  podsAt,
  progressOf,
  Snapshot,
  stepStates,
  templateOf,
  TERMINATE_MESSAGE,
  workflowStatus,
} from './snapshotParts';

/**
 * The Argo status of a workflow whose entrypoint is a `dag` template, at one instant. Its shape
 * is real Argo's (`fixtures/reference/argo-workflows/dag-diamond-succeeded.yaml`, v3.6, and
 * `dag-failed-middle-task-omitted.yaml`): one `DAG` node, the workflow's own (id = workflow
 * name, `templateName` = the entrypoint), whose `children` are the root tasks; one node per task
 * named `<workflow>.<task>` with `displayName` = the task and `boundaryID` = the DAG node, whose
 * `children` are the tasks depending on it. A task that runs is a `Pod` node (pod, logs, inputs,
 * outputs as a step's); an omitted one a `Skipped` node in phase `Omitted`.
 */

/** The message of an omitted task (`executeDAGTask`, `workflow/controller/dag.go@v3.6`). */
export const OMITTED_MESSAGE = 'omitted: depends condition not met';

/** A task node that exists at the snapshot's instant. */
interface Created {
  id: string;
  atMs: number;
}

/**
 * An omitted task, as `dag-failed-middle-task-omitted.yaml`'s `should-not-execute`: type
 * `Skipped`, `startedAt` = `finishedAt` = when it was omitted, no pod, inputs or outputs; and
 * `nodeFlag: {}`, which v3.6 gives it (`initializeNode(…, &wfv1.NodeFlag{}, …)`, `dag.go`; the
 * 2020 fixture predates node flags).
 */
function omittedNode(
  workflow: string,
  omitted: OmittedTask,
  children: string[],
): ArgoNode {
  const at = isoSeconds(omitted.atMs);
  const node: ArgoNode = {
    id: omitted.nodeId,
    name: omitted.nodeName,
    displayName: omitted.task.name,
    type: 'Skipped',
    ...templateOf(omitted.task),
    templateScope: `local/${workflow}`,
    phase: 'Omitted',
    boundaryID: workflow,
    message: OMITTED_MESSAGE,
    startedAt: at,
    finishedAt: at,
    nodeFlag: {},
  };
  if (children.length) node.children = children;
  return node;
}

/**
 * The DAG node (`dag-diamond-succeeded.yaml`'s `dag-diamond-82q7s`): once the DAG has ended,
 * `finishedAt`, `outboundNodes` (its target tasks' nodes) and `resourcesDuration` (its pods'
 * sum). It carries no message, failed or not: `executeDAG` marks it with the phase alone.
 */
function dagNode(
  plan: Plan,
  states: StepState[],
  children: string[],
  phase: NodePhase,
  ended?: { finishedMs: number; outboundNodes: string[]; tasks: ArgoNode[] },
): ArgoNode {
  const workflow = plan.workflow;
  const node: ArgoNode = {
    id: workflow,
    name: workflow,
    displayName: workflow,
    type: 'DAG',
    templateName: plan.entrypoint,
    templateScope: `local/${workflow}`,
    phase,
    startedAt: isoSeconds(plan.startMs),
    progress: progressOf(states),
  };
  if (children.length) node.children = children;
  if (ended) {
    node.finishedAt = isoSeconds(ended.finishedMs);
    node.outboundNodes = ended.outboundNodes;
    node.resourcesDuration = { cpu: 0, memory: 0 };
    for (const task of ended.tasks) {
      node.resourcesDuration.cpu += task.resourcesDuration?.cpu ?? 0;
      node.resourcesDuration.memory += task.resourcesDuration?.memory ?? 0;
    }
  }
  return node;
}

/**
 * The snapshot of a DAG workflow at `now` (`stoppedAt`: when a shutdown took effect, if it has).
 * The DAG is complete when it was stopped (then Failed, the workflow's message the shutdown's, as
 * `operator.go@v3.6` words it), or when every planned task has ended and the controller's pass
 * after the last one (`plan.endMs`) has come; then it takes the phase Argo assesses.
 */
export function dagSnapshot(
  plan: Plan,
  dag: DagOutline,
  now: number,
  stoppedAt: number | undefined,
): Snapshot {
  const workflow = plan.workflow;
  const states = stepStates(plan, now, stoppedAt);
  const omitted = dag.omitted.filter(o => o.atMs <= (stoppedAt ?? now));
  const created = new Map<string, Created>();
  for (const s of states)
    created.set(s.step.ref.name, {
      id: s.step.nodeId,
      atMs: s.step.podCreatedMs,
    });
  for (const o of omitted)
    created.set(o.task.name, { id: o.nodeId, atMs: o.atMs });
  // Argo appends a child to its parents when it creates it, so children are in creation order
  // (within one controller pass, upstream follows Go map order; here the tasks' order).
  const linked = (tasks: DagTask[]): string[] =>
    tasks
      .flatMap((task, index) => {
        const node = created.get(task.name);
        return node ? [{ ...node, index }] : [];
      })
      .sort((a, b) => a.atMs - b.atMs || a.index - b.index)
      .map(node => node.id);
  const childrenOf = (task: string) => linked(dependentsOf(dag.tasks, task));

  const stopped = stoppedAt !== undefined;
  const complete =
    stopped ||
    (states.length === plan.steps.length &&
      states.every(hasEnded) &&
      now >= plan.endMs);
  let phase: NodePhase = 'Running';
  if (complete) phase = stopped ? 'Failed' : dag.phase;
  const finishedMs = complete ? stoppedAt ?? plan.endMs : undefined;

  const tasks = [
    ...states.map(s => podNode(workflow, s, childrenOf(s.step.ref.name))),
    ...omitted.map(o => omittedNode(workflow, o, childrenOf(o.task.name))),
  ];
  const root = dagNode(
    plan,
    states,
    linked(dag.tasks.filter(t => t.dependencies.length === 0)),
    phase,
    finishedMs === undefined
      ? undefined
      : {
          finishedMs,
          outboundNodes: dag.targets.flatMap(t => {
            const node = created.get(t);
            return node ? [node.id] : [];
          }),
          tasks,
        },
  );
  // Sorted by id, as Go's encoding/json writes the `status.nodes` map.
  const nodes = [root, ...tasks].sort((a, b) => {
    if (a.id === b.id) return 0;
    return a.id < b.id ? -1 : 1;
  });
  const status = workflowStatus(plan, states, nodes, {
    phase,
    progress: progressOf(states),
    message: stopped ? TERMINATE_MESSAGE : undefined,
    complete,
    finishedMs,
  });
  return {
    phase,
    done: complete,
    finishedMs,
    status,
    pods: podsAt(plan, states, now),
    states,
  };
}
