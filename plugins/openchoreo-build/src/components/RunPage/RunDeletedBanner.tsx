import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RunDeletion } from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { openchoreoBuildTranslationRef } from '../../translation';
import { deletionLabel, deletionStory } from '../common/runGeneration';

/**
 * Says that a run's object is gone (OpenChoreo v1.x deletes WorkflowRuns after
 * `ttlAfterCompletion`) and where what the page shows comes from instead.
 */
export const RunDeletedBanner = ({ deleted }: { deleted: RunDeletion }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    // A standing fact about the run, not an urgent message: a status, not an alert.
    <Alert severity="info" role="status" data-testid="run-deleted">
      <AlertTitle>{deletionLabel(t, deleted)}</AlertTitle>
      {t('runPageDetails.deleted.banner', {
        story: deletionStory(t, deleted),
      })}
    </Alert>
  );
};
