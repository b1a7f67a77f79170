import {
  PageBlueprint,
  createFrontendModule,
  useRouteRef,
  type RouteRef,
} from '@backstage/frontend-plugin-api';
import openchoreoBuildPlugin from '@openchoreo-build/plugin-openchoreo-build/alpha';
import { Navigate, useLocation } from 'react-router-dom';

/** Sends a bookmark of a former page to the sub-page that replaced it, keeping its query. */
const RedirectTo = ({ target }: { target: RouteRef }) => {
  const to = useRouteRef(target);
  const { search } = useLocation();
  return to ? <Navigate to={{ pathname: to(), search }} replace /> : null;
};

/**
 * The pages this portal had before the Builds page got its tabs (one sidebar entry): each former
 * path redirects to its tab. No title, icon or route ref: they are not sidebar entries.
 */
const redirect = (name: string, from: string, target: RouteRef) =>
  PageBlueprint.make({
    name,
    params: {
      path: from,
      noHeader: true,
      loader: async () => <RedirectTo target={target} />,
    },
  });

const { routes } = openchoreoBuildPlugin;

export const redirectsModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    redirect(
      'openchoreo-build-planes',
      '/openchoreo-build-planes',
      routes.buildPlanes,
    ),
    redirect('openchoreo-workflows', '/openchoreo-workflows', routes.workflows),
    redirect('openchoreo-holos', '/openchoreo-holos', routes.holos),
  ],
});
