import type { RunDeletion } from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { deletionLabel, deletionStory } from '../common/runGeneration';

/**
 * Says that a run's object is gone (OpenChoreo v1.x deletes WorkflowRuns after
 * `ttlAfterCompletion`) and where what the page shows comes from instead.
 */
export const RunDeletedBanner = ({ deleted }: { deleted: RunDeletion }) => (
  // A standing fact about the run, not an urgent message: a status, not an alert.
  <Alert severity="info" role="status" data-testid="run-deleted">
    <AlertTitle>{deletionLabel(deleted)}</AlertTitle>
    {deletionStory(deleted)} Its steps and logs come from the portal's record of
    the run and the observer archive; actions that need the run object are not
    available.
  </Alert>
);
