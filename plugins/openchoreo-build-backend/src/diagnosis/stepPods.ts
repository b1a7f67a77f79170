import type { RunStep } from '@openchoreo-build/plugin-openchoreo-build-common';
import { upstreamStatusOf } from '../kubernetes/kubernetesErrors';
import { podRunsNode } from '../logs/stepPod';
import type { ReadBudget } from './budget';
import type { Pod } from './kubeObjects';
import type { BuildPlaneReads } from './planeReads';

/** The node whose pod ran the step's last attempt. */
function nodeQuery(step: RunStep) {
  const last = step.attempts[step.attempts.length - 1];
  return { nodeName: step.nodeName, nodeId: last?.nodeId ?? step.id };
}

/**
 * The pods of some steps of one Workflow, found as the log route finds them (logs/stepPod.ts,
 * after openchoreo-api): one list of the Workflow's pods, matched by the node annotations Argo
 * puts on every pod, so the pod name format does not matter. A plane that may not list pods
 * (403) is asked for each predicted name (`RunStep.podName`) instead. A step without a pod maps
 * to undefined; a failed read throws (the caller records the gap).
 */
export async function findStepPods(
  reads: BuildPlaneReads,
  budget: ReadBudget,
  location: { namespace: string; workflow: string },
  steps: RunStep[],
): Promise<Map<string, Pod | undefined>> {
  const found = new Map<string, Pod | undefined>();
  if (steps.length === 0) return found;
  let listed: Pod[] | undefined;
  try {
    listed = await budget.within(
      reads.listWorkflowPods(
        location.namespace,
        location.workflow,
        budget.signal,
      ),
    );
  } catch (error) {
    if (upstreamStatusOf(error) !== 403) throw error;
  }
  await Promise.all(
    steps.map(async step => {
      if (listed) {
        found.set(
          step.id,
          listed.find(pod => podRunsNode(pod, nodeQuery(step))),
        );
      } else if (step.podName) {
        found.set(
          step.id,
          await budget.within(
            reads.getPod(location.namespace, step.podName, budget.signal),
          ),
        );
      }
    }),
  );
  return found;
}
