import { EmptyState } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useConfiguredNamespaces } from '../../hooks/useConfiguredNamespaces';
import { RUN_PATH, rootRouteRef, runRouteRef } from '../../routes';
import { openchoreoBuildTranslationRef } from '../../translation';
import { RunRoutes, type RunLink } from '../RunRoutes';
import {
  activeRunFilterCount,
  PagedRuns,
  RunFilters,
  RunListOf,
  RunListToolbar,
  useRunListFilter,
} from '../RunsTable';

/** Runs per page on the Builds page. */
export const BUILDS_PAGE_SIZE = 25;

/** Every run of the configured organizations, filtered from the URL query. */
export const AllBuilds = (props: { runLink: RunLink }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const { values, setValues, filter, error, retry } = useRunListFilter();
  const namespaces = useConfiguredNamespaces(values.namespace);

  const empty =
    activeRunFilterCount(values) > 0 ? (
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
    <RunListOf
      filter={filter}
      pageSize={BUILDS_PAGE_SIZE}
      error={error}
      retry={retry}
    >
      {runs => (
        <>
          <RunListToolbar live={runs.live}>
            <RunFilters
              namespaces={namespaces}
              values={values}
              onChange={setValues}
            />
          </RunListToolbar>
          <PagedRuns
            runs={runs}
            empty={empty}
            runLink={props.runLink}
            showOwner
            caption={t('runsTab.tableCaption')}
          />
        </>
      )}
    </RunListOf>
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
