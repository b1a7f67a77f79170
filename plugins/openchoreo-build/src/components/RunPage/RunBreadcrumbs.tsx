import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Typography from '@mui/material/Typography';
import { rootRouteRef } from '../../routes';
import { openchoreoBuildTranslationRef } from '../../translation';

/**
 * The Builds page's link, or undefined where the app does not mount that page (an app with only
 * the entity tab). `useRouteRef` throws for a route that is not mounted, after the same hooks
 * every time, so catching keeps the hook order stable (as core-plugin-api does for its own
 * optional lookups).
 */
function useBuildsPageLink(): string | undefined {
  try {
    return useRouteRef(rootRouteRef)();
  } catch {
    return undefined;
  }
}

/**
 * Where the run page sits: Builds › the list the user came from (a component's builds in the
 * entity tab; in the Builds page, whose list is the Builds page itself, that list filtered to the
 * run's organization) › the run. The Builds crumb is left out where the app has no Builds page.
 *
 * MUI's Breadcrumbs, not core-components': those grey their links (#717171 on the page's #f5f5f5,
 * contrast 4.47:1, below WCAG AA's 4.5:1); these keep the link colour.
 */
export const RunBreadcrumbs = (props: {
  namespace: string;
  name: string;
  backLink: string;
  backLabel: string;
}) => {
  const { namespace, name, backLink, backLabel } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const buildsLink = useBuildsPageLink();
  const backIsBuildsPage = buildsLink !== undefined && buildsLink === backLink;
  return (
    <Breadcrumbs data-testid="run-breadcrumbs">
      {buildsLink && (
        <Link to={buildsLink}>{t('runTimeline.breadcrumbs.builds')}</Link>
      )}
      {backIsBuildsPage ? (
        // The Builds page's list filtered to the run's organization (its `?namespace=` filter).
        <Link to={`${backLink}?namespace=${encodeURIComponent(namespace)}`}>
          {t('runTimeline.breadcrumbs.organization', { namespace })}
        </Link>
      ) : (
        <Link to={backLink}>{backLabel}</Link>
      )}
      <Typography color="text.primary" aria-current="page">
        {name}
      </Typography>
    </Breadcrumbs>
  );
};
