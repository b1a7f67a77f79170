import type {
  RunDeletion,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { OpenChoreoBuildTranslate } from '../../translation';
import { formatTime } from './format';

/*
 * How a run's generation and a deleted run are put in words, once for the list, the run page and
 * its actions (in the user's language: `t`, texts under `runPageDetails.deleted`; the kind label
 * names Kubernetes kinds and is not translated).
 */

/** The run's object kind and API generation, e.g. `WorkflowRun · v1` or `ComponentWorkflowRun · v0`. */
export function runKindLabel(run: Pick<RunSummary, 'generation'>): string {
  return run.generation === 'v1'
    ? 'WorkflowRun · v1'
    : 'ComponentWorkflowRun · v0';
}

/** The chip of a run the control plane no longer holds. */
export function deletionLabel(
  t: OpenChoreoBuildTranslate,
  deleted: RunDeletion,
): string {
  return deleted.reason === 'retention'
    ? t('runPageDetails.deleted.labelRetention')
    : t('runPageDetails.deleted.label');
}

/** What happened to a deleted run, for the run page's banner. */
export function deletionStory(
  t: OpenChoreoBuildTranslate,
  deleted: RunDeletion,
): string {
  const time = formatTime(deleted.at);
  return deleted.reason === 'retention'
    ? t('runPageDetails.deleted.storyRetention', { time })
    : t('runPageDetails.deleted.story', { time });
}

/**
 * Why an action that needs the run object cannot be taken on a deleted run. `action` completes
 * "so it cannot …", e.g. `t('runPageDetails.deleted.beCancelled')`.
 */
export function deletedActionReason(
  t: OpenChoreoBuildTranslate,
  deleted: RunDeletion,
  action: string,
): string {
  return t('runPageDetails.deleted.actionReason', {
    label: deletionLabel(t, deleted),
    action,
  });
}
