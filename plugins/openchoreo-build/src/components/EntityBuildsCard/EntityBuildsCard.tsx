import { stringifyEntityRef } from '@backstage/catalog-model';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  getOpenChoreoComponentRef,
  isTerminalRunStatus,
  openchoreoBuildRunCreatePermission,
  openchoreoBuildRunReadPermission,
  type OpenChoreoComponentRef,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo, useState, type ReactNode } from 'react';
import {
  deniedReason,
  useComponentPermission,
} from '../../hooks/usePermissions';
import { useRunList } from '../../hooks/useRunList';
import { openchoreoBuildTranslationRef } from '../../translation';
import { REQUIRED_COMPONENT_ANNOTATIONS } from '../common/componentAnnotations';
import { ErrorState } from '../common/ErrorState';
import { ReasonedButton } from '../RunPage/RunActions';
import { LiveIndicator } from '../RunsTable';
import { StartBuildDialog } from '../StartBuildDialog';
import { BuildHistory } from './BuildHistory';
import { HISTORY_SIZE, historyOldestFirst } from './buildStats';
import { LatestBuild } from './LatestBuild';
import { useCardLinks } from './useCardLinks';
import { useNow } from '../../hooks/useNow';

/** How often times move on: every second while the latest build runs (its duration ticks). */
const TICK_WHILE_RUNNING_MS = 1_000;
/** …and every half minute otherwise, enough for "3 minutes ago". */
const TICK_IDLE_MS = 30_000;

/** The card's body for one OpenChoreo component: its newest runs, live, and Start build. */
const ComponentBuildsOverview = (props: {
  target: OpenChoreoComponentRef;
  entityRef: string;
}) => {
  const { target, entityRef } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const { buildsTab, runLink } = useCardLinks();
  // The same list the Builds tab reads (first page, live from `/events`), just longer.
  const filter = useMemo(
    () => ({
      namespace: target.namespace,
      project: target.project,
      component: target.component,
      statuses: [],
    }),
    [target.namespace, target.project, target.component],
  );
  const runs = useRunList(filter, HISTORY_SIZE);
  const items = runs.value?.items ?? [];
  const latest = items[0];
  const now = useNow(
    latest && !isTerminalRunStatus(latest.status)
      ? TICK_WHILE_RUNNING_MS
      : TICK_IDLE_MS,
  );

  // Permissions as in the Builds tab: decided on the catalog entity that claims the component.
  const canCreate = useComponentPermission(
    openchoreoBuildRunCreatePermission,
    entityRef,
  );
  const canRead = useComponentPermission(
    openchoreoBuildRunReadPermission,
    entityRef,
  );
  const createReason = deniedReason(
    t,
    canCreate,
    t('permissions.actions.startBuilds'),
  );
  const readReason = canRead.loading
    ? undefined
    : deniedReason(t, canRead, t('permissions.actions.seeBuilds'));
  const [dialogOpen, setDialogOpen] = useState(false);

  const startBuild = (
    <ReasonedButton reason={createReason} onClick={() => setDialogOpen(true)}>
      {t('startBuild.title')}
    </ReasonedButton>
  );

  let body: ReactNode;
  if (runs.loading) {
    body = <Progress />;
  } else if (runs.error) {
    body = <ErrorState error={runs.error} retry={runs.retry} />;
  } else if (!latest) {
    body = (
      <EmptyState
        missing="data"
        title={t('entityBuildsCard.emptyTitle')}
        description={t('entityBuildsCard.emptyDescription', {
          component: target.component,
        })}
        action={startBuild}
      />
    );
  } else {
    body = (
      <Stack spacing={3}>
        <LatestBuild run={latest} runLink={runLink} now={now} />
        <BuildHistory
          runs={historyOldestFirst(items)}
          runLink={runLink}
          now={now}
        />
        <Box>{startBuild}</Box>
      </Stack>
    );
  }

  return (
    <InfoCard
      title={t('entityBuildsCard.title')}
      action={<LiveIndicator state={runs.live.state} error={runs.live.error} />}
      deepLink={
        buildsTab
          ? { link: buildsTab, title: t('entityBuildsCard.viewAll') }
          : undefined
      }
    >
      <Box data-testid="entity-builds-card">
        {readReason && (
          <Typography
            variant="body2"
            color="text.secondary"
            mb={2}
            data-testid="builds-card-runs-hidden"
          >
            {t('entityBuildsCard.readDenied', { reason: readReason })}
          </Typography>
        )}
        {body}
      </Box>
      <StartBuildDialog
        open={dialogOpen}
        onClose={() => setDialogOpen(false)}
        target={target}
        onStarted={run => {
          setDialogOpen(false);
          // Shown at once as the latest build; its events keep it current.
          runs.addRun(run);
        }}
      />
    </InfoCard>
  );
};

/**
 * The builds card of a catalog Component's Overview: the latest build (status, branch@commit,
 * started, duration, trigger), the last {@link HISTORY_SIZE} builds as a status strip with a
 * duration sparkline and success rate, Start build and a link to the Builds tab. Without the
 * OpenChoreo annotations (a legacy app may show it without `isOpenChoreoBuildAvailable`) it says
 * which ones to add.
 */
export const EntityBuildsCard = () => {
  const { entity } = useEntity();
  const target = getOpenChoreoComponentRef(entity);
  if (!target) {
    return (
      <MissingAnnotationEmptyState
        annotation={REQUIRED_COMPONENT_ANNOTATIONS}
      />
    );
  }
  return (
    <ComponentBuildsOverview
      target={target}
      entityRef={stringifyEntityRef(entity)}
    />
  );
};
