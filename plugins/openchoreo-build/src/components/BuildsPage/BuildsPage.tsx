import { Header, Page, RoutedTabs } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { BUILDS_TAB_PATHS } from '../../routes';
import { openchoreoBuildTranslationRef } from '../../translation';
import { BuildPlanesTab } from '../BuildPlanesPage';
import { RenderPlansTab } from '../HolosPlans';
import { WorkflowsTab } from '../WorkflowsPage';
import { RunsTab } from './RunsTab';

/** The page's own path lands on Runs, keeping the query (a bookmarked filter still applies). */
const LandOnRuns = () => {
  const { search } = useLocation();
  return <Navigate to={{ pathname: BUILDS_TAB_PATHS.runs, search }} replace />;
};

/**
 * The Builds page of the legacy frontend system: one header with four tabs (Runs, Build planes,
 * Workflows, Render plans); its mount path lands on Runs. The new frontend system builds the same
 * page from a `PageBlueprint` and four `SubPageBlueprint`s instead.
 */
export const BuildsPage = () => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const tabs = (
    <RoutedTabs
      routes={[
        {
          path: `/${BUILDS_TAB_PATHS.runs}`,
          title: t('buildsPage.tabs.runs'),
          children: <RunsTab />,
        },
        {
          path: `/${BUILDS_TAB_PATHS.buildPlanes}`,
          title: t('buildsPage.tabs.buildPlanes'),
          children: <BuildPlanesTab />,
        },
        {
          path: `/${BUILDS_TAB_PATHS.workflows}`,
          title: t('buildsPage.tabs.workflows'),
          children: <WorkflowsTab />,
        },
        {
          path: `/${BUILDS_TAB_PATHS.renderPlans}`,
          title: t('buildsPage.tabs.renderPlans'),
          children: <RenderPlansTab />,
        },
      ]}
    />
  );
  return (
    <Page themeId="tool">
      <Header
        title={t('buildsPage.title')}
        subtitle={t('buildsPage.subtitle')}
      />
      <Routes>
        <Route index element={<LandOnRuns />} />
        <Route path="*" element={tabs} />
      </Routes>
    </Page>
  );
};
