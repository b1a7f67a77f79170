import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  isTerminalRunStatus,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Theme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { ReactNode } from 'react';
import { useNow } from '../../hooks/useNow';
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate,
} from '../../translation';
import { formatDuration, runDurationAt } from '../common/format';
import { RelativeTime } from '../common/RelativeTime';
import { RunStatus } from '../RunStatus';
import {
  CommitCell,
  ComponentCell,
  ProjectName,
  RunNameCell,
  SourceCell,
} from './RunCells';
import { TriggeredBy } from './TriggeredBy';
import { TruncatedText } from '../common/TruncatedText';
import {
  useComponentEntities,
  type ComponentEntities,
} from './useComponentEntities';

/** Props of {@link RunsTable}. */
export interface RunsTableProps {
  runs: RunSummary[];
  /** Where a run's name links to (its run page). */
  runLink: (run: RunSummary) => string;
  /** Show organization, project and component (the Builds page, across components). */
  showOwner?: boolean;
  caption: string;
}

/** Durations of running builds move on every second. */
const RUNNING_TICK_MS = 1_000;
/** With nothing running, relative start times ("3 minutes ago") are brought up to date each minute. */
const IDLE_TICK_MS = 60_000;

/** What every cell may need besides its run. */
interface CellContext {
  now: number;
  runLink: (run: RunSummary) => string;
  entities: ReadonlyMap<string, ComponentEntities>;
}

/** A column: its header, its width (fixed layout; absent shares what is left) and its cell. */
interface RunColumn {
  id: string;
  header: string;
  width?: number;
  cell: (run: RunSummary, context: CellContext) => ReactNode;
}

/**
 * The columns of a layout. Wide (from the theme's `xl` breakpoint, e.g. 1920 px): every value in
 * its own column. Narrower (e.g. 1280 px): the organization and project fold under the component,
 * the workflow under the run, the commit and repository under the branch, so that the
 * status, branch, trigger, start and duration always show without scrolling sideways.
 */
function runColumns(
  t: OpenChoreoBuildTranslate,
  wide: boolean,
  showOwner: boolean,
): RunColumn[] {
  const columns: Array<RunColumn | false> = [
    {
      id: 'status',
      header: t('runsTable.columns.status'),
      width: 120,
      cell: run => <RunStatus status={run.status} />,
    },
    {
      id: 'run',
      header: t('runsTable.columns.run'),
      cell: (run, { runLink }) => (
        <RunNameCell run={run} href={runLink(run)} withWorkflow={!wide} />
      ),
    },
    showOwner &&
      wide && {
        id: 'organization',
        header: t('runsTable.columns.organization'),
        cell: run => (
          <TruncatedText title={run.namespace}>{run.namespace}</TruncatedText>
        ),
      },
    showOwner &&
      wide && {
        id: 'project',
        header: t('runsTable.columns.project'),
        cell: (run, { entities }) => (
          <TruncatedText title={run.project ?? '—'}>
            <ProjectName run={run} entities={entities} />
          </TruncatedText>
        ),
      },
    showOwner && {
      id: 'component',
      header: t('runsTable.columns.component'),
      cell: (run, { entities }) => (
        <ComponentCell run={run} entities={entities} withOwner={!wide} />
      ),
    },
    wide && {
      id: 'workflow',
      header: t('runsTable.columns.workflow'),
      cell: run => (
        <TruncatedText title={run.workflow ?? '—'}>
          {run.workflow ?? '—'}
        </TruncatedText>
      ),
    },
    {
      id: 'branch',
      // Narrow, the branch heads the commit and repository folded under it.
      header: t('runsTable.columns.branch'),
      cell: run => <SourceCell run={run} withCommit={!wide} />,
    },
    wide && {
      id: 'commit',
      header: t('runsTable.columns.commit'),
      width: 110,
      cell: run => <CommitCell run={run} />,
    },
    {
      id: 'trigger',
      header: t('runsList.columns.triggeredBy'),
      width: 140,
      cell: run => <TriggeredBy trigger={run.trigger} />,
    },
    {
      id: 'started',
      header: t('runsTable.columns.started'),
      width: 130,
      cell: (run, { now }) => (
        <RelativeTime iso={run.startedAt ?? run.createdAt} now={now} />
      ),
    },
    {
      id: 'duration',
      header: t('runsTable.columns.duration'),
      width: 90,
      cell: (run, { now }) => formatDuration(runDurationAt(run, now), t),
    },
  ];
  return columns.filter((column): column is RunColumn => Boolean(column));
}

/**
 * Runs with status, name (linking to the run page), owner (linked to the catalog), workflow,
 * source (linked to the Git host), who started them, relative start and a duration that ticks
 * while they run. The table never scrolls sideways: its layout is fixed to the width it has, long
 * values end in "…" with the whole value in a tooltip, and narrow screens fold columns together.
 */
export const RunsTable = ({
  runs,
  runLink,
  showOwner = false,
  caption,
}: RunsTableProps) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  // Read at the first render (noSsr): a wide screen must not lay the table out narrow first.
  const wide = useMediaQuery((theme: Theme) => theme.breakpoints.up('xl'), {
    noSsr: true,
  });
  const running = runs.some(run => !isTerminalRunStatus(run.status));
  const now = useNow(running ? RUNNING_TICK_MS : IDLE_TICK_MS);
  const entities = useComponentEntities(showOwner ? runs : []);
  const columns = runColumns(t, wide, showOwner);
  const context: CellContext = { now, runLink, entities };
  return (
    <TableContainer>
      <Table
        size="small"
        aria-label={caption}
        data-layout={wide ? 'wide' : 'compact'}
        sx={{
          tableLayout: 'fixed',
          width: '100%',
          '& th, & td': { px: 1, whiteSpace: 'nowrap', overflow: 'hidden' },
        }}
      >
        <TableHead>
          <TableRow>
            {columns.map(column => (
              <TableCell
                key={column.id}
                sx={column.width ? { width: column.width } : undefined}
              >
                {column.header}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.map(run => (
            <TableRow
              key={`${run.namespace}/${run.name}`}
              data-testid={`run-row-${run.name}`}
            >
              {columns.map(column => (
                <TableCell key={column.id} data-column={column.id}>
                  {column.cell(run, context)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
