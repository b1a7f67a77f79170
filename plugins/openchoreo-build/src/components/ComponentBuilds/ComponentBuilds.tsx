import { EmptyState, InfoCard, Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  openchoreoBuildRunCreatePermission,
  openchoreoBuildRunReadPermission,
  type OpenChoreoComponentRef,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import { useState } from 'react';
import {
  deniedReason,
  useComponentPermission,
} from '../../hooks/usePermissions';
import { openchoreoBuildTranslationRef } from '../../translation';
import { ReasonedButton } from '../RunPage/RunActions';
import {
  activeRunFilterCount,
  PagedRuns,
  RunFilters,
  RunListOf,
  RunListToolbar,
  useRunListFilter,
  type RunFilterField,
} from '../RunsTable';
import { StartBuildDialog } from '../StartBuildDialog';

/** Runs per page in the Builds tab. */
export const COMPONENT_PAGE_SIZE = 10;

/** The filters of one component's builds (its organization, project and component are given). */
const COMPONENT_FILTER_FIELDS: readonly RunFilterField[] = [
  'branch',
  'status',
  'trigger',
  'mine',
];

/**
 * The Builds tab's list: this component's runs (paged on the server, filtered from the URL, live),
 * a Start build button and the dialog.
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
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const { values, setValues, filter, error, retry } = useRunListFilter({
    fields: COMPONENT_FILTER_FIELDS,
    fixed: target,
  });
  const canCreate = useComponentPermission(
    openchoreoBuildRunCreatePermission,
    entityRef,
  );
  const [dialogOpen, setDialogOpen] = useState(false);
  const [started, setStarted] = useState<RunSummary>();

  const createReason = deniedReason(
    t,
    canCreate,
    t('permissions.actions.startBuilds'),
  );
  // Without run.read the backend leaves this component's runs out of the list: say why it is empty.
  const canRead = useComponentPermission(
    openchoreoBuildRunReadPermission,
    entityRef,
  );
  const readReason = canRead.loading
    ? undefined
    : deniedReason(t, canRead, t('permissions.actions.seeBuilds'));

  // An empty filtered list points to the filter bar's Clear filters button (not a second one).
  const filterCount = activeRunFilterCount(values);
  const onlyStatuses = filterCount === 1 && values.statuses.length > 0;
  let empty;
  if (filterCount === 0) {
    empty = (
      <EmptyState
        missing="data"
        title={t('runsList.componentBuilds.emptyTitle')}
        description={t('runsList.componentBuilds.emptyDescription', {
          component: target.component,
        })}
      />
    );
  } else if (onlyStatuses) {
    empty = (
      <EmptyState
        missing="data"
        title={t('runsList.componentBuilds.statusEmptyTitle', {
          statuses: values.statuses.join(
            t('runsList.componentBuilds.statusSeparator'),
          ),
        })}
        description={t('runsList.componentBuilds.statusEmptyDescription')}
      />
    );
  } else {
    empty = (
      <EmptyState
        missing="data"
        title={t('runsList.componentBuilds.filteredEmptyTitle')}
        description={t('runsList.componentBuilds.filteredEmptyDescription')}
      />
    );
  }

  return (
    <InfoCard
      title={t('runsList.componentBuilds.title', {
        component: target.component,
      })}
    >
      <RunListOf
        filter={filter}
        pageSize={COMPONENT_PAGE_SIZE}
        error={error}
        retry={retry}
      >
        {runs => (
          <>
            <RunListToolbar live={runs.live}>
              <RunFilters
                values={values}
                onChange={setValues}
                fields={COMPONENT_FILTER_FIELDS}
              >
                {/* The dialog reads the component's spec.workflow (its defaults) each time it opens. */}
                <ReasonedButton
                  reason={createReason}
                  onClick={() => setDialogOpen(true)}
                >
                  {t('runsList.componentBuilds.startBuild')}
                </ReasonedButton>
              </RunFilters>
            </RunListToolbar>
            {started && (
              <Alert
                severity="success"
                sx={{ mb: 2 }}
                onClose={() => setStarted(undefined)}
              >
                {t('runsList.componentBuilds.started', {
                  run: <Link to={runLink(started)}>{started.name}</Link>,
                  status: started.status,
                })}
              </Alert>
            )}
            {readReason && (
              <Alert severity="info" sx={{ mb: 2 }} data-testid="runs-hidden">
                {t('runsList.componentBuilds.hidden', { reason: readReason })}
              </Alert>
            )}
            <PagedRuns
              runs={runs}
              empty={empty}
              runLink={runLink}
              caption={t('runsList.componentBuilds.title', {
                component: target.component,
              })}
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
          </>
        )}
      </RunListOf>
    </InfoCard>
  );
};
