import { Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import { useTheme } from '@mui/material/styles';
import { openchoreoBuildTranslationRef } from '../../translation';
import {
  durationOf,
  formatDuration,
  formatRelativeTime,
} from '../common/format';
import type { RunLink } from '../RunRoutes';
import { statusColor } from './statusColor';

/**
 * One bar per run, oldest left, coloured by status; each names the run, its status, when it
 * started and how long it took (tooltip and accessible name) and links to its run page.
 */
export const StatusStrip = (props: {
  /** Oldest first. */
  runs: readonly RunSummary[];
  runLink?: RunLink;
  now: number;
}) => {
  const { runs, runLink, now } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const theme = useTheme();
  return (
    <Box
      component="ol"
      aria-label={t('entityBuildsCard.history.stripLabel', {
        count: runs.length,
      })}
      data-testid="build-status-strip"
      display="flex"
      alignItems="flex-end"
      gap="3px"
      flexWrap="wrap"
      m={0}
      p={0}
      sx={{ listStyle: 'none' }}
    >
      {runs.map(run => {
        const label = t('entityBuildsCard.history.stripItem', {
          name: run.name,
          status: run.status,
          started: formatRelativeTime(run.startedAt ?? run.createdAt, now),
          duration: formatDuration(durationOf(run), t),
        });
        const bar = (
          <Box
            component="span"
            display="block"
            width={10}
            height={20}
            borderRadius="2px"
            bgcolor={statusColor(theme, run.status)}
          />
        );
        return (
          <li
            key={`${run.namespace}/${run.name}`}
            data-testid={`build-strip-item-${run.name}`}
            data-status={run.status}
          >
            <Tooltip title={label}>
              {runLink ? (
                <Link
                  to={runLink(run)}
                  aria-label={label}
                  style={{ display: 'block' }}
                >
                  {bar}
                </Link>
              ) : (
                <Box
                  component="span"
                  display="block"
                  role="img"
                  aria-label={label}
                >
                  {bar}
                </Box>
              )}
            </Tooltip>
          </li>
        );
      })}
    </Box>
  );
};
