import {
  assessDagPhase,
  DagTask,
  evaluateDepends,
  targetTasks,
  TaskOutcome,
} from './dag';
import type { Plan, PlannedStep } from './execution';
import { nodeId } from './names';

/**
 * The timeline of a `dag` entrypoint: when each task's pod starts, which tasks are omitted and
 * when, and how the DAG ends. `execution.ts` plans each task's pod as it plans a step.
 */

/** A task that never runs: Argo records it as a `Skipped` node in phase `Omitted`. */
export interface OmittedTask {
  task: DagTask;
  nodeName: string;
  nodeId: string;
  /** When the controller evaluated its `depends` (all dependencies done) and omitted it. */
  atMs: number;
}

/** What the snapshot needs to draw a DAG beside the planned pods. */
export interface DagOutline {
  /** Every task, in dependency order. */
  tasks: DagTask[];
  omitted: OmittedTask[];
  /** The DAG's targets (its leaf tasks, sorted): its `outboundNodes` once it ends. */
  targets: string[];
  /** The DAG's phase once every task is done, unless the workflow is stopped first. */
  phase: 'Succeeded' | 'Failed';
  /** The controller's reaction time: from a task's end to its dependents' start. */
  gapMs: number;
}

/** Plans one task's pod: `depth` is the longest chain of dependencies before it. */
export type PlanTask = (
  task: DagTask,
  nodeName: string,
  depth: number,
  podCreatedMs: number,
) => PlannedStep;

/**
 * A task's node name: `<DAG node name>.<task>` (`taskNodeName`, `workflow/controller/dag.go`),
 * and the DAG node of the entrypoint is named after the workflow
 * (`fixtures/reference/argo-workflows/dag-diamond-succeeded.yaml`: `dag-diamond-82q7s.B`).
 */
export function taskNodeName(workflow: string, task: string): string {
  return `${workflow}.${task}`;
}

/** When a task's dependents can start (or be omitted) after it: `gapMs` after a pod ends, at once after an omission. */
function availableAt(
  step: PlannedStep | undefined,
  omitted: OmittedTask | undefined,
  gapMs: number,
): number {
  if (step) return step.finishedMs + gapMs;
  return omitted?.atMs ?? 0;
}

/**
 * Runs the tasks in dependency order: a root task's pod starts with the DAG; another task waits
 * for all its dependencies (`evaluateDependsLogic`, `dag.go@v3.6`: no dependency may still run),
 * then runs if its `depends` holds, else is omitted at that moment — so a failed task omits its
 * dependents, and theirs in the same controller pass, while independent tasks go on running.
 */
export function planDag(
  workflow: string,
  tasks: DagTask[],
  startMs: number,
  gapMs: number,
  planTask: PlanTask,
): { steps: PlannedStep[]; dag: DagOutline; endMs: number } {
  const steps = new Map<string, PlannedStep>();
  const omitted = new Map<string, OmittedTask>();
  const outcomes = new Map<string, TaskOutcome>();
  const depths = new Map<string, number>();
  for (const task of tasks) {
    const deps = task.dependencies;
    const readyAt = deps.length
      ? Math.max(
          ...deps.map(d => availableAt(steps.get(d), omitted.get(d), gapMs)),
        )
      : startMs;
    const depth = deps.length
      ? 1 + Math.max(...deps.map(d => depths.get(d) ?? 0))
      : 0;
    depths.set(task.name, depth);
    const nodeName = taskNodeName(workflow, task.name);
    const runs =
      !task.depends || evaluateDepends(task.depends, t => outcomes.get(t));
    if (runs) {
      const step = planTask(task, nodeName, depth, readyAt);
      steps.set(task.name, step);
      outcomes.set(task.name, step.script.fail ? 'Failed' : 'Succeeded');
    } else {
      omitted.set(task.name, {
        task,
        nodeName,
        nodeId: nodeId(workflow, nodeName),
        atMs: readyAt,
      });
      outcomes.set(task.name, 'Omitted');
    }
  }
  const planned = [...steps.values()].sort(
    (a, b) => a.podCreatedMs - b.podCreatedMs,
  );
  const dag: DagOutline = {
    tasks,
    omitted: [...omitted.values()],
    targets: targetTasks(tasks),
    phase: assessDagPhase(tasks, t => outcomes.get(t)),
    gapMs,
  };
  return { steps: planned, dag, endMs: dagEnd(planned, dag, startMs) };
}

/** When the DAG node completes: the controller's next pass after its last task is done. */
function dagEnd(steps: PlannedStep[], dag: DagOutline, startMs: number) {
  return (
    Math.max(
      startMs,
      ...steps.map(s => s.finishedMs),
      ...dag.omitted.map(o => o.atMs),
    ) + dag.gapMs
  );
}

/** Moves a planned step (its containers and lines; its pod too when `withPod`) `ms` later. */
export function shiftStep(step: PlannedStep, ms: number, withPod: boolean) {
  if (withPod) step.podCreatedMs += ms;
  step.initStartMs += ms;
  step.mainStartMs += ms;
  step.mainEndMs += ms;
  step.finishedMs += ms;
  for (const line of step.lines) line.at += ms;
}

/**
 * A DAG task's volume setup moved to `initStartMs` (a missing Secret): the task ends later by as
 * much, and every task after it starts (or is omitted) no earlier than its dependencies allow.
 */
export function delayDagTask(
  plan: Plan,
  dag: DagOutline,
  step: PlannedStep,
  initStartMs: number,
): void {
  const delta = initStartMs - step.initStartMs;
  if (delta <= 0) return;
  shiftStep(step, delta, false);
  const stepOf = (task: string) => plan.steps.find(s => s.ref.name === task);
  const omittedOf = (task: string) =>
    dag.omitted.find(o => o.task.name === task);
  for (const task of dag.tasks) {
    if (!task.dependencies.length) continue;
    const readyAt = Math.max(
      ...task.dependencies.map(d =>
        availableAt(stepOf(d), omittedOf(d), dag.gapMs),
      ),
    );
    const later = stepOf(task.name);
    const omitted = omittedOf(task.name);
    if (later && readyAt > later.podCreatedMs)
      shiftStep(later, readyAt - later.podCreatedMs, true);
    if (omitted && readyAt > omitted.atMs) omitted.atMs = readyAt;
  }
  plan.endMs = dagEnd(plan.steps, dag, plan.startMs);
}
