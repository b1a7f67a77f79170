import { EmptyState, InfoCard, Link } from '@backstage/core-components';
import {
  openchoreoBuildRunCreatePermission,
  openchoreoBuildRunReadPermission,
  RUN_STATUSES,
  type OpenChoreoComponentRef,
  type RunStatus,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  deniedReason,
  useComponentPermission,
} from '../../hooks/usePermissions';
import { useRunList } from '../../hooks/useRunList';
import { ReasonedButton } from '../RunPage/RunActions';
import { LiveIndicator, PagedRuns, StatusFilter } from '../RunsTable';
import { StartBuildDialog } from '../StartBuildDialog';

/** Runs per page in the Builds tab. */
export const COMPONENT_PAGE_SIZE = 10;

/** Reads `?status=` (one or more, comma-separated) from the URL. */
export function statusesFromParam(value: string | null): RunStatus[] {
  return (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter((s): s is RunStatus =>
      (RUN_STATUSES as readonly string[]).includes(s),
    );
}

/**
 * The Builds tab's list: this component's runs (paged on the server, filtered by status from the
 * URL, live), a Start build button and the dialog.
 */
export const ComponentBuilds = (props: {
  target: OpenChoreoComponentRef;
  /**
   * The catalog entity that claims the component (`stringifyEntityRef` of the tab's entity): the
   * Start build permission is decided on it.
   */
  entityRef: string;
  runLink: (run: Pick<RunSummary, 'namespace' | 'name'>) => string;
}) => {
  const { target, entityRef, runLink } = props;
  const [search, setSearch] = useSearchParams();
  const statuses = statusesFromParam(search.get('status'));
  const runs = useRunList(
    {
      namespace: target.namespace,
      project: target.project,
      component: target.component,
      statuses,
    },
    COMPONENT_PAGE_SIZE,
  );
  const canCreate = useComponentPermission(
    openchoreoBuildRunCreatePermission,
    entityRef,
  );
  const [dialogOpen, setDialogOpen] = useState(false);
  const [started, setStarted] = useState<RunSummary>();

  const createReason = deniedReason(
    canCreate,
    'start builds of this component',
  );
  // Without run.read the backend leaves this component's runs out of the list: say why it is empty.
  const canRead = useComponentPermission(
    openchoreoBuildRunReadPermission,
    entityRef,
  );
  const readReason = canRead.loading
    ? undefined
    : deniedReason(canRead, 'see the builds of this component');

  const setStatus = (value: RunStatus | undefined) =>
    setSearch(current => {
      const next = new URLSearchParams(current);
      if (value) next.set('status', value);
      else next.delete('status');
      return next;
    });

  const empty = statuses.length ? (
    <EmptyState
      missing="data"
      title={`No ${statuses.join(' or ')} builds`}
      description="No build of this component has that status. Clear the status filter to see every build."
      action={
        <ReasonedButton onClick={() => setStatus(undefined)}>
          Clear filter
        </ReasonedButton>
      }
    />
  ) : (
    <EmptyState
      missing="data"
      title="No builds yet"
      description={`${target.component} has not been built yet. Use Start build to run its workflow, or push to its repository if auto-build is on.`}
    />
  );

  return (
    <InfoCard title={`Builds of ${target.component}`}>
      <Box
        display="flex"
        alignItems="flex-start"
        gap={2}
        flexWrap="wrap"
        mb={2}
      >
        {/* The dialog reads the component's spec.workflow (its defaults) each time it opens. */}
        <ReasonedButton
          reason={createReason}
          onClick={() => setDialogOpen(true)}
        >
          Start build
        </ReasonedButton>
        <StatusFilter value={statuses[0]} onChange={setStatus} />
        <Box flexGrow={1} />
        <LiveIndicator state={runs.live.state} error={runs.live.error} />
      </Box>
      {started && (
        <Alert
          severity="success"
          sx={{ mb: 2 }}
          onClose={() => setStarted(undefined)}
        >
          Build <Link to={runLink(started)}>{started.name}</Link> started (
          {started.status}). It appears below and updates live.
        </Alert>
      )}
      {readReason && (
        <Alert severity="info" sx={{ mb: 2 }} data-testid="runs-hidden">
          {readReason}. Builds you may not see are left out of the list.
        </Alert>
      )}
      <PagedRuns
        runs={runs}
        empty={empty}
        runLink={runLink}
        caption={`Builds of ${target.component}`}
      />
      <StartBuildDialog
        open={dialogOpen}
        onClose={() => setDialogOpen(false)}
        target={target}
        onStarted={run => {
          setDialogOpen(false);
          setStarted(run);
          runs.addRun(run);
        }}
      />
    </InfoCard>
  );
};
