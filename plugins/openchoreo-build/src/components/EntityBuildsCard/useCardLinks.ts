import {
  useRouteRef,
  type AnyParams,
  type RouteFunc,
  type RouteRef,
  type SubRouteRef,
} from '@backstage/core-plugin-api';
import {
  entityContentRouteRef,
  entityRunRouteRef,
  runRouteRef,
} from '../../routes';
import type { RunLink } from '../RunRoutes';

/**
 * The link maker of a route the app may not have mounted. core-plugin-api's `useRouteRef` throws
 * for an unmounted route after it has called all its hooks, so catching keeps the hook order.
 */
function useRouteIfMounted<Params extends AnyParams>(
  ref: RouteRef<Params> | SubRouteRef<Params>,
): RouteFunc<Params> | undefined {
  try {
    return useRouteRef(ref);
  } catch {
    return undefined;
  }
}

/** Where the card links to; a link is left out when the app has nowhere to send it. */
export interface CardLinks {
  /** The entity's Builds tab. */
  buildsTab?: string;
  /** A run's page: below the entity's Builds tab, else below the Builds page. */
  runLink?: RunLink;
}

/**
 * The card's links, from the same route refs the Builds tab and page use. An app may show the card
 * without the tab (or disable it): the card then links runs to the Builds page, or not at all,
 * rather than failing.
 */
export function useCardLinks(): CardLinks {
  const tab = useRouteIfMounted(entityContentRouteRef);
  const tabRun = useRouteIfMounted(entityRunRouteRef);
  const pageRun = useRouteIfMounted(runRouteRef);
  const run = tabRun ?? pageRun;
  return {
    buildsTab: tab?.(),
    runLink: run
      ? ({ namespace, name }) => run({ namespace, name })
      : undefined,
  };
}
