import { Content, EmptyState, Header, Page } from '@backstage/core-components';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import { useSearchParams } from 'react-router-dom';
import { useConfiguredNamespaces } from '../../hooks/useConfiguredNamespaces';
import { useRunList } from '../../hooks/useRunList';
import { statusesFromParam } from '../ComponentBuilds';
import { RunRoutes } from '../RunRoutes';
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
export const AllBuilds = (props: {
  runLink: (run: Pick<RunSummary, 'namespace' | 'name'>) => string;
}) => {
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
      title="No builds match these filters"
      description="Change or clear the filters above to see more builds."
    />
  ) : (
    <EmptyState
      missing="data"
      title="No builds yet"
      description={`No ComponentWorkflowRun exists in ${
        namespaces.join(', ') || 'the configured organizations'
      }. Start a build from a component's Builds tab.`}
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
        caption="Builds"
      />
    </>
  );
};

/** The Builds page: every build of the configured organizations, and run pages below it. */
export const BuildsPage = () => (
  <Page themeId="tool">
    <Header
      title="Builds"
      subtitle="Every OpenChoreo component build in your organizations"
    />
    <Content>
      <RunRoutes
        backLabel="All builds"
        list={runLink => <AllBuilds runLink={runLink} />}
      />
    </Content>
  </Page>
);
