import { Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useId, type ReactNode } from 'react';
import { openchoreoBuildTranslationRef } from '../../translation';
import { durationOf, formatDuration, shortCommit } from '../common/format';
import type { RunLink } from '../RunRoutes';
import { RunStatus } from '../RunStatus';
import { RelativeTime } from '../common/RelativeTime';
import { TriggerLabel } from './TriggerLabel';

/** One labelled value of the latest build (a `dt`/`dd` pair of the surrounding `dl`). */
const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box minWidth={0}>
    <Typography
      component="dt"
      variant="caption"
      color="text.secondary"
      display="block"
    >
      {label}
    </Typography>
    <Typography
      component="dd"
      variant="body2"
      m={0}
      sx={{ overflowWrap: 'anywhere' }}
    >
      {children}
    </Typography>
  </Box>
);

/** `main@a1b2c3d`; the full SHA in a tooltip. Without a commit the run builds the branch's latest. */
const BranchAtCommit = ({ run }: { run: RunSummary }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const { branch, commit } = run.repository;
  const revision = commit ? (
    <Tooltip title={commit} describeChild>
      <code>{shortCommit(commit)}</code>
    </Tooltip>
  ) : (
    t('runsTable.latestCommit')
  );
  return (
    <span data-testid="latest-build-revision">
      {branch && <code>{branch}</code>}
      {branch && '@'}
      {revision}
    </span>
  );
};

/**
 * The newest run of the component: status, name (linked to its run page when the app has the
 * Builds tab or page), branch@commit, when it started, how long it took (ticking while it runs)
 * and who or what started it.
 */
export const LatestBuild = (props: {
  run: RunSummary;
  runLink?: RunLink;
  /** The current time (ms), renewed by the card so times and durations move on. */
  now: number;
}) => {
  const { run, runLink, now } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const headingId = useId();
  return (
    <Box component="section" aria-labelledby={headingId}>
      <Typography variant="subtitle2" component="h3" id={headingId}>
        {t('entityBuildsCard.latest.heading')}
      </Typography>
      <Box
        component="dl"
        data-testid="latest-build"
        m={0}
        mt={1}
        display="grid"
        gridTemplateColumns="repeat(auto-fill, minmax(9rem, 1fr))"
        gap={2}
      >
        <Field label={t('runPage.summaryItems.status')}>
          <RunStatus status={run.status} />
        </Field>
        <Field label={t('entityBuildsCard.latest.run')}>
          {runLink ? <Link to={runLink(run)}>{run.name}</Link> : run.name}
        </Field>
        <Field label={t('entityBuildsCard.latest.commit')}>
          <BranchAtCommit run={run} />
        </Field>
        <Field label={t('entityBuildsCard.latest.started')}>
          <RelativeTime iso={run.startedAt ?? run.createdAt} now={now} />
        </Field>
        <Field label={t('entityBuildsCard.latest.duration')}>
          <span data-testid="latest-build-duration">
            {formatDuration(durationOf(run), t)}
          </span>
        </Field>
        {run.trigger && (
          <Field label={t('entityBuildsCard.latest.trigger')}>
            <TriggerLabel trigger={run.trigger} />
          </Field>
        )}
      </Box>
    </Box>
  );
};
