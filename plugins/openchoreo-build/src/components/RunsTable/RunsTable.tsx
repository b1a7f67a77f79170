import { Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import {
  durationOf,
  formatDuration,
  formatTime,
  shortCommit,
} from '../common/format';
import { RunStatus } from '../RunStatus';
import { deletionLabel, deletionStory } from '../common/runGeneration';
import { openchoreoBuildTranslationRef } from '../../translation';

/** Props of {@link RunsTable}. */
export interface RunsTableProps {
  runs: RunSummary[];
  /** Where a run's name links to (its run page). */
  runLink: (run: RunSummary) => string;
  /** Show organization, project and component columns (the Builds page). */
  showOwner?: boolean;
  caption: string;
}

/**
 * Runs with status, name (linking to the run page), workflow, branch, commit, start and duration; a
 * run whose object the control plane deleted (kept from the portal's record) is marked.
 */
export const RunsTable = ({
  runs,
  runLink,
  showOwner,
  caption,
}: RunsTableProps) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <TableContainer>
      {/* Short values must not break mid-word; a narrow screen scrolls the table instead. */}
      <Table
        size="small"
        aria-label={caption}
        sx={{ '& th, & td': { whiteSpace: 'nowrap' } }}
      >
        <TableHead>
          <TableRow>
            <TableCell>{t('runsTable.columns.status')}</TableCell>
            <TableCell>{t('runsTable.columns.run')}</TableCell>
            {showOwner && (
              <TableCell>{t('runsTable.columns.organization')}</TableCell>
            )}
            {showOwner && (
              <TableCell>{t('runsTable.columns.project')}</TableCell>
            )}
            {showOwner && (
              <TableCell>{t('runsTable.columns.component')}</TableCell>
            )}
            <TableCell>{t('runsTable.columns.workflow')}</TableCell>
            <TableCell>{t('runsTable.columns.branch')}</TableCell>
            <TableCell>{t('runsTable.columns.commit')}</TableCell>
            <TableCell>{t('runsTable.columns.started')}</TableCell>
            <TableCell>{t('runsTable.columns.duration')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.map(run => (
            <TableRow
              key={`${run.namespace}/${run.name}`}
              data-testid={`run-row-${run.name}`}
            >
              <TableCell>
                <RunStatus status={run.status} />
              </TableCell>
              <TableCell>
                <Box display="flex" alignItems="center" gap={1}>
                  <Link to={runLink(run)}>{run.name}</Link>
                  {run.deleted && (
                    <Tooltip title={deletionStory(run.deleted)}>
                      <Chip
                        size="small"
                        variant="outlined"
                        label={deletionLabel(run.deleted)}
                        data-testid={`run-deleted-${run.name}`}
                      />
                    </Tooltip>
                  )}
                </Box>
              </TableCell>
              {showOwner && <TableCell>{run.namespace}</TableCell>}
              {showOwner && <TableCell>{run.project ?? '—'}</TableCell>}
              {showOwner && <TableCell>{run.component ?? '—'}</TableCell>}
              <TableCell>{run.workflow ?? '—'}</TableCell>
              <TableCell>{run.repository.branch ?? '—'}</TableCell>
              <TableCell>
                {run.repository.commit ? (
                  <Tooltip title={run.repository.commit}>
                    <code>{shortCommit(run.repository.commit)}</code>
                  </Tooltip>
                ) : (
                  t('runsTable.latestCommit')
                )}
              </TableCell>
              <TableCell>
                {formatTime(run.startedAt ?? run.createdAt)}
              </TableCell>
              <TableCell>{formatDuration(durationOf(run))}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
