import type { RunStep } from '@openchoreo-build/plugin-openchoreo-build-common';

/*
 * The steps as a graph: which step follows which (`RunStep.dependsOn`), and whether a graph says
 * more than the timeline's list does.
 */

/** An edge of the step graph: `to` starts after `from` finished. */
export interface StepEdge {
  from: string;
  to: string;
}

/**
 * True when the steps are not one straight line: some step waits for more than one step, or two
 * steps start after the same one (or both first) and so run side by side. Only steps whose source
 * said what they follow count (`dependsOn` set); the exit handler's steps, which follow the whole
 * run rather than a step, are left out.
 */
export function stepsFormDag(steps: readonly RunStep[]): boolean {
  const main = steps.filter(
    (step): step is RunStep & { dependsOn: string[] } =>
      step.dependsOn !== undefined && !step.exitHandler,
  );
  if (main.some(step => step.dependsOn.length > 1)) return true;
  const followers = new Set<string>();
  for (const step of main) {
    // A step with no dependency starts first, like every other such step.
    const after = step.dependsOn[0] ?? '';
    if (followers.has(after)) return true;
    followers.add(after);
  }
  return false;
}

/** The graph's edges: one per dependency naming a step of the run, in step order. */
export function stepEdges(steps: readonly RunStep[]): StepEdge[] {
  const ids = new Set(steps.map(step => step.id));
  return steps.flatMap(step =>
    (step.dependsOn ?? [])
      .filter(from => ids.has(from))
      .map(from => ({ from, to: step.id })),
  );
}
