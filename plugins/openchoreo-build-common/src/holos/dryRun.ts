import type { HolosBuildPlan } from './model';
import {
  earlierTasks,
  planTasks,
  resolveInput,
  type HolosPipelineTask,
} from './pipeline';
import type {
  HolosDataFlow,
  HolosDryRun,
  HolosDryRunTask,
  HolosTaskId,
} from './report';

/**
 * The order and concurrency in which holos would run a plan, computed from the plan alone:
 * nothing is executed. Takes a plan that matched the schema (`analyzeHolosText` and
 * `analyzeHolosDocuments` call it only for those and put the result in `HolosPlanReport.dryRun`). Steps follow `buildArtifact` (`internal/component/v1alpha6/v1alpha6.go@4fa6cb23`):
 * artifacts run concurrently, so step n of every artifact shares one entry of `steps`.
 *
 * What goes into `artifacts`:
 * - a disabled plan (`spec.disabled`) writes nothing: `Build` returns before any task runs;
 *   its tasks are still listed, as what would run once it is enabled;
 * - `skip` does not leave an artifact out: holos v1alpha6 never reads it (`buildArtifact` builds
 *   and writes every artifact; only the v1alpha5 builder skipped, until `ee16f14e`, v0.101.1).
 *
 * @public
 */
export function holosDryRun(plan: HolosBuildPlan): HolosDryRun {
  const tasks = planTasks(plan);
  const steps: HolosTaskId[][] = [];
  for (const task of tasks) {
    (steps[task.step] ??= []).push(task.id);
  }
  return {
    tasks: tasks.map(toDryRunTask),
    steps: steps.filter(step => step !== undefined),
    flows: tasks.flatMap(task => flowsInto(task, tasks)),
    artifacts: plan.spec.disabled
      ? []
      : [
          ...new Set(
            plan.spec.artifacts
              .map(artifact => artifact.artifact ?? '')
              .filter(path => path !== ''),
          ),
        ],
  };
}

/** Where each input of `task` comes from; an input nothing earlier writes has no flow (the rules report it). */
function flowsInto(
  task: HolosPipelineTask,
  tasks: readonly HolosPipelineTask[],
): HolosDataFlow[] {
  const earlier = earlierTasks(task, tasks);
  return task.reads.flatMap(input => {
    const match = resolveInput(input, earlier, task.readsFilesOnly);
    return match === undefined ? [] : [{ task: task.id, input, ...match }];
  });
}

function toDryRunTask(task: HolosPipelineTask): HolosDryRunTask {
  return {
    id: task.id,
    artifact: task.artifact,
    stage: task.stage,
    index: task.index,
    kind: task.kind,
    label: task.label,
    after: task.after,
    step: task.step,
    reads: task.reads,
    writes: task.writes,
  };
}
