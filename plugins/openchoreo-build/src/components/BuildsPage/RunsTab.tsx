import { EmptyState } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import { useSearchParams } from 'react-router-dom';
import { useConfiguredNamespaces } from '../../hooks/useConfiguredNamespaces';
import { useRunList } from '../../hooks/useRunList';
import { RUN_PATH, rootRouteRef, runRouteRef } from '../../routes';
import { openchoreoBuildTranslationRef } from '../../translation';
import { statusesFromParam } from '../ComponentBuilds';
import { RunRoutes, type RunLink } from '../RunRoutes';
import { LiveIndicator, PagedRuns } from '../RunsTable';
import { RunFilters, type RunFilterValues } from './RunFilters';

/** Runs per page on the Builds page. */
export const BUILDS_PAGE_SIZE = 25;

const FILTER_KEYS = [
  'namespace',
  'project',
  'component',
  'workflow',
  'status',
] as const;

/** Every run of the configured organizations, filtered from the URL query. */
export const AllBuilds = (props: { runLink: RunLink }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const [search, setSearch] = useSearchParams();
  const namespaces = useConfiguredNamespaces(
    search.get('namespace') || undefined,
  );
  const statuses = statusesFromParam(search.get('status'));
  const values: RunFilterValues = {
    namespace: search.get('namespace') || undefined,
    project: search.get('project') || undefined,
    component: search.get('component') || undefined,
    workflow: search.get('workflow') || undefined,
    status: statuses[0],
  };
  const runs = useRunList(
    {
      namespace: values.namespace,
      project: values.project,
      component: values.component,
      workflow: values.workflow,
      statuses,
    },
    BUILDS_PAGE_SIZE,
  );

  const onFilters = (next: RunFilterValues) =>
    setSearch(current => {
      const params = new URLSearchParams(current);
      for (const key of FILTER_KEYS) {
        const value = next[key];
        if (value) params.set(key, value);
        else params.delete(key);
      }
      return params;
    });

  const filtered = FILTER_KEYS.some(key => values[key]);
  const empty = filtered ? (
    <EmptyState
      missing="data"
      title={t('runsTab.filteredEmptyTitle')}
      description={t('runsTab.filteredEmptyDescription')}
    />
  ) : (
    <EmptyState
      missing="data"
      title={t('runsTab.emptyTitle')}
      description={t('runsTab.emptyDescription', {
        namespaces:
          namespaces.join(', ') || t('runsTab.configuredOrganizations'),
      })}
    />
  );

  return (
    <>
      <Box display="flex" alignItems="flex-start" gap={2}>
        <Box flexGrow={1}>
          <RunFilters
            namespaces={namespaces}
            values={values}
            onChange={onFilters}
          />
        </Box>
        <LiveIndicator state={runs.live.state} error={runs.live.error} />
      </Box>
      <PagedRuns
        runs={runs}
        empty={empty}
        runLink={props.runLink}
        showOwner
        caption={t('runsTab.tableCaption')}
      />
    </>
  );
};

/**
 * The Runs tab of the Builds page (mounted at `<builds>/runs`): every build of the configured
 * organizations, and run pages below it.
 */
export const RunsTab = () => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <RunRoutes
      runRoute={runRouteRef}
      runPath={RUN_PATH}
      backRoute={rootRouteRef}
      backLabel={t('runsTab.backLabel')}
      list={runLink => <AllBuilds runLink={runLink} />}
    />
  );
};
