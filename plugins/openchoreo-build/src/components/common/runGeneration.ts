import type {
  RunDeletion,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { formatTime } from './format';

/*
 * How a run's generation and a deleted run are put in words, once for the list, the run page and
 * its actions.
 */

/** The run's object kind and API generation, e.g. `WorkflowRun · v1` or `ComponentWorkflowRun · v0`. */
export function runKindLabel(run: Pick<RunSummary, 'generation'>): string {
  return run.generation === 'v1'
    ? 'WorkflowRun · v1'
    : 'ComponentWorkflowRun · v0';
}

/** The chip of a run the control plane no longer holds. */
export function deletionLabel(deleted: RunDeletion): string {
  return deleted.reason === 'retention' ? 'Deleted by retention' : 'Deleted';
}

/** What happened to a deleted run, for the run page's banner. */
export function deletionStory(deleted: RunDeletion): string {
  const when = formatTime(deleted.at);
  return deleted.reason === 'retention'
    ? `The control plane removed this run at ${when}, after it finished (its workflow's ttlAfterCompletion passed).`
    : `The control plane removed this run at ${when}, before it was seen to finish.`;
}

/** Why an action that needs the run object cannot be taken on a deleted run. */
export function deletedActionReason(
  deleted: RunDeletion,
  action: string,
): string {
  return `${deletionLabel(
    deleted,
  )}: the control plane no longer has this run, so it cannot ${action}`;
}
