import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useElementId } from '../../hooks/useElementId';
import { openchoreoBuildTranslationRef } from '../../translation';
import type { RunLink } from '../RunRoutes';
import { finishedDurations, successRate } from './buildStats';
import { DurationSparkline } from './DurationSparkline';
import { StatusStrip } from './StatusStrip';

/** The recent runs at a glance: status strip, duration sparkline and success rate. */
export const BuildHistory = (props: {
  /** Oldest first. */
  runs: readonly RunSummary[];
  runLink?: RunLink;
  now: number;
}) => {
  const { runs, runLink, now } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const headingId = useElementId();
  const rate = successRate(runs);
  return (
    <Box component="section" aria-labelledby={headingId}>
      <Typography variant="subtitle2" component="h3" id={headingId}>
        {t('entityBuildsCard.history.heading', { count: runs.length })}
      </Typography>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        columnGap={3}
        rowGap={1}
        mt={1}
      >
        <StatusStrip runs={runs} runLink={runLink} now={now} />
        <DurationSparkline points={finishedDurations(runs)} />
      </Box>
      <Typography
        variant="body2"
        color="text.secondary"
        mt={1}
        data-testid="build-success-rate"
      >
        {rate.percent === undefined
          ? t('entityBuildsCard.history.noFinished')
          : t('entityBuildsCard.history.successRate', {
              count: rate.finished,
              percent: String(rate.percent),
            })}
      </Typography>
    </Box>
  );
};
