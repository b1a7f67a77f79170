import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  isTerminalRunStatus,
  openchoreoBuildRunCancelPermission,
  openchoreoBuildRunCreatePermission,
  type RunDetail,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useState } from 'react';
import { openChoreoBuildApiRef } from '../../api';
import { openchoreoBuildTranslationRef } from '../../translation';
import { errorMessage, errorStatus } from '../../api/fieldErrors';
import { deletedActionReason } from '../common/runGeneration';
import {
  deniedReason,
  useComponentPermission,
} from '../../hooks/usePermissions';
import { ReasonedButton } from './ReasonedButton';
import { RerunWithChangesButton } from './RerunWithChangesButton';

// Kept importable from here, where other views have found it.
export { ReasonedButton };

/**
 * Re-run, Re-run with changes (the Start build form prefilled from this run) and Cancel (with a
 * confirmation), enabled according to the user's permissions on the
 * catalog entity that claims the run's component (`run.entityRef`; none: nobody may). A run whose
 * object the control plane deleted cannot be cancelled; Re-run is offered until the backend says
 * it needs the object (404 / 409), then disabled with that reason.
 */
export const RunActions = (props: {
  run: RunDetail;
  onRerun: (run: RunSummary) => void;
  onCancelled: () => void;
}) => {
  const { run, onRerun, onCancelled } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const api = useApi(openChoreoBuildApiRef);
  const canCreate = useComponentPermission(
    openchoreoBuildRunCreatePermission,
    run.entityRef,
  );
  const canCancel = useComponentPermission(
    openchoreoBuildRunCancelPermission,
    run.entityRef,
  );
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'rerun' | 'cancel' | undefined>();
  const [problem, setProblem] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [rerunRefused, setRerunRefused] = useState<string>();

  const rerunReason =
    rerunRefused ??
    deniedReason(t, canCreate, t('permissions.actions.rerunBuilds'));
  const finished = isTerminalRunStatus(run.status);
  let cancelReason: string | undefined;
  if (run.deleted)
    cancelReason = deletedActionReason(
      t,
      run.deleted,
      t('runPageDetails.deleted.beCancelled'),
    );
  else if (finished)
    cancelReason = t('runPageDetails.actions.finished', {
      status: run.status,
    });
  else if (!run.cancellable) {
    cancelReason = t('runPageDetails.actions.notStarted');
  } else {
    cancelReason = deniedReason(
      t,
      canCancel,
      t('permissions.actions.cancelBuilds'),
    );
  }

  const rerun = async () => {
    setBusy('rerun');
    setProblem(undefined);
    try {
      onRerun(await api.rerunRun(run.namespace, run.name));
    } catch (error) {
      const status = errorStatus(error);
      if (run.deleted && (status === 404 || status === 409)) {
        setRerunRefused(
          t('runPageDetails.deleted.rerunRefused', {
            reason: deletedActionReason(
              t,
              run.deleted,
              t('runPageDetails.deleted.beRerun'),
            ),
            message: errorMessage(error),
          }),
        );
      } else
        setProblem(
          t('runPageDetails.actions.rerunFailed', {
            message: errorMessage(error),
          }),
        );
    } finally {
      setBusy(undefined);
    }
  };

  const cancel = async () => {
    setConfirming(false);
    setBusy('cancel');
    setProblem(undefined);
    try {
      const result = await api.cancelRun(run.namespace, run.name);
      setNotice(
        t('runPageDetails.actions.cancelling', {
          workflow: `${result.workflow.namespace}/${result.workflow.name}`,
          buildPlane: result.workflow.buildPlane,
        }),
      );
      onCancelled();
    } catch (error) {
      setProblem(
        t('runPageDetails.actions.cancelFailed', {
          message: errorMessage(error),
        }),
      );
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Box>
      <Box display="flex" gap={2} alignItems="flex-start" flexWrap="wrap">
        <ReasonedButton
          reason={rerunReason}
          onClick={() => void rerun()}
          busy={busy === 'rerun'}
        >
          {t('runPage.rerun')}
        </ReasonedButton>
        {/* A new run of the component: possible even when this run's object is gone. */}
        <RerunWithChangesButton
          run={run}
          reason={deniedReason(
            t,
            canCreate,
            t('permissions.actions.startBuilds'),
          )}
          onStarted={onRerun}
        />
        <ReasonedButton
          reason={cancelReason}
          color="error"
          onClick={() => setConfirming(true)}
          busy={busy === 'cancel'}
        >
          {t('runPage.cancelBuild')}
        </ReasonedButton>
      </Box>
      {problem && (
        <Alert severity="error" sx={{ mt: 1 }} role="alert">
          {problem}
        </Alert>
      )}
      {notice && !finished && (
        <Alert severity="info" sx={{ mt: 1 }}>
          {notice}
        </Alert>
      )}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        aria-labelledby="cancel-title"
      >
        <DialogTitle id="cancel-title">
          {t('runPage.cancelTitle', { name: run.name })}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            {t('runPage.cancelExplanation')}
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>
            {t('runPage.keepRunning')}
          </Button>
          <Button
            color="error"
            variant="contained"
            onClick={() => void cancel()}
          >
            {t('runPage.confirmCancel')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
};
