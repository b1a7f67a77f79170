import { CopyTextButton, InfoCard, Progress } from '@backstage/core-components';
import {
  openchoreoBuildAutoBuildUpdatePermission,
  WEBHOOK_PROVIDERS,
  type OpenChoreoComponentRef,
  type WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { ResponseError } from '@backstage/errors';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate,
} from '../../translation';
import type { RunLink } from '../RunRoutes';
import { RecentDeliveries } from './RecentDeliveries';
import { copiedSetupSteps, PROVIDER_LABELS, setupSteps } from './setupSteps';
import { useAutoBuild } from './useAutoBuild';

/** The backend's own message (Backstage error body) rather than "Request failed with 403". */
function messageOf(
  t: OpenChoreoBuildTranslate,
  error: Error | undefined,
): string {
  if (!error) return t('recentDeliveries.noAnswer');
  if (error instanceof ResponseError)
    return error.body?.error?.message || error.message;
  return error.message;
}

export interface AutoBuildCardProps {
  /** The OpenChoreo component (from the entity's openchoreo.io/* annotations). */
  target: OpenChoreoComponentRef;
  /** Where a run started by a delivery links to (its run page). */
  runLink: RunLink;
}

/**
 * Auto-build of one component: whether pushes start builds (`spec.autoBuild`), a switch for users
 * holding `openchoreo.build.autobuild.update`, the webhook URL with setup steps per provider, and
 * the recent deliveries that concerned the component.
 */
export const AutoBuildCard = ({ target, runLink }: AutoBuildCardProps) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const state = useAutoBuild(target);
  const [provider, setProvider] = useState<WebhookProvider>('github');
  const { value } = state;

  let body: JSX.Element;
  if (state.loading && !value) {
    body = <Progress />;
  } else if (state.error || !value) {
    body = (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={state.retry}>
            {t('autoBuild.retry')}
          </Button>
        }
      >
        {t('autoBuild.loadFailed', { message: messageOf(t, state.error) })}
      </Alert>
    );
  } else {
    const deniedReason = value.canUpdate
      ? undefined
      : t('autoBuild.denied', {
          permission: openchoreoBuildAutoBuildUpdatePermission.name,
        });
    const repo = value.repository;
    const steps = setupSteps(t, provider, value);
    const url = value.webhookUrls[provider];
    const switchControl = (
      <FormControlLabel
        control={
          <Switch
            checked={value.autoBuild}
            disabled={!value.canUpdate || state.updating}
            onChange={(_event, checked) => state.setEnabled(checked)}
            inputProps={{ 'aria-label': t('autoBuild.switchLabel') }}
          />
        }
        label={t('autoBuild.switchLabel')}
      />
    );
    body = (
      <Box display="flex" flexDirection="column" gap={1.5}>
        <Box display="flex" alignItems="center" gap={2} flexWrap="wrap">
          {deniedReason ? (
            <Tooltip title={deniedReason}>
              {/* A disabled control fires no events: the wrapper carries the tooltip. */}
              <span data-testid="autobuild-switch-denied">{switchControl}</span>
            </Tooltip>
          ) : (
            switchControl
          )}
          <Typography variant="body2" data-testid="autobuild-status">
            {value.autoBuild ? t('autoBuild.isOn') : t('autoBuild.isOff')}
            {state.updating ? t('autoBuild.saving') : ''}
          </Typography>
        </Box>
        {deniedReason && (
          <Typography variant="caption" color="text.secondary">
            {deniedReason}
          </Typography>
        )}
        {state.updateError && (
          <Alert severity="error" data-testid="autobuild-update-error">
            {t('autoBuild.updateFailed', {
              message: messageOf(t, state.updateError),
            })}
          </Alert>
        )}
        {value.repositoryProblem && (
          <Alert severity="warning" data-testid="autobuild-repository-problem">
            {t('autoBuild.repositoryProblem', {
              problem: value.repositoryProblem,
            })}
          </Alert>
        )}
        <Typography variant="body2" color="text.secondary">
          {t(
            value.autoBuild
              ? 'autoBuildSetup.pushBuilds'
              : 'autoBuildSetup.pushWouldBuild',
            {
              appPath: <code>{repo?.appPath ?? '/'}</code>,
              repository: (
                <code>{repo?.url ?? t('autoBuildSetup.itsRepository')}</code>
              ),
              branch: value.requireBranchMatch
                ? t('autoBuildSetup.onBranch', {
                    branch: <code>{repo?.branch ?? 'main'}</code>,
                  })
                : t('autoBuildSetup.onAnyBranch'),
            },
          )}
        </Typography>
        <Tabs
          value={provider}
          onChange={(_e, next: WebhookProvider) => setProvider(next)}
          aria-label={t('autoBuild.gitProvider')}
        >
          {WEBHOOK_PROVIDERS.map(p => (
            <Tab key={p} value={p} label={PROVIDER_LABELS[p]} />
          ))}
        </Tabs>
        <Box display="flex" alignItems="center" gap={1}>
          <Typography variant="body2">{t('autoBuild.webhookUrl')}</Typography>
          <Typography
            variant="body2"
            component="code"
            data-testid="autobuild-webhook-url"
            sx={{ wordBreak: 'break-all' }}
          >
            {url}
          </Typography>
          <CopyTextButton
            text={url}
            tooltipText={t('autoBuild.webhookUrlCopied')}
            aria-label={t('autoBuild.copyWebhookUrl')}
          />
        </Box>
        <Box
          component="ol"
          sx={{ m: 0, pl: 3 }}
          data-testid="autobuild-setup-steps"
        >
          {steps.map(step => (
            <Typography key={step} component="li" variant="body2">
              {step}
            </Typography>
          ))}
        </Box>
        <Box>
          <CopyTextButton
            text={copiedSetupSteps(t, steps)}
            tooltipText={t('autoBuild.setupStepsCopied')}
            aria-label={t('autoBuild.copySetupSteps', {
              provider: PROVIDER_LABELS[provider],
            })}
          />
          <Typography variant="caption" color="text.secondary">
            {t('autoBuild.copySetupStepsCaption', {
              provider: PROVIDER_LABELS[provider],
            })}
          </Typography>
        </Box>
        <RecentDeliveries
          target={target}
          branch={repo?.branch}
          repository={repo?.url}
          runLink={runLink}
        />
      </Box>
    );
  }
  return (
    <InfoCard title={t('autoBuild.title')} subheader={t('autoBuild.subheader')}>
      <div data-testid="autobuild-card">{body}</div>
    </InfoCard>
  );
};
