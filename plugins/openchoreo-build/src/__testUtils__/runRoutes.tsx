import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { RunRoutes } from '../components/RunRoutes';
import {
  RUNS_PATH,
  RUN_PATH,
  entityContentRouteRef,
  entityRunRouteRef,
} from '../routes';

/** Where {@link TestRunRoutes} is mounted: run pages are at `/builds/runs/:namespace/:name`. */
export const RUN_ROUTES_MOUNT = '/builds';

/** `mountedRoutes` of `renderInTestApp` for {@link TestRunRoutes}. */
export const runRoutesMountedRoutes = {
  [RUN_ROUTES_MOUNT]: convertLegacyRouteRef(entityContentRouteRef),
};

/**
 * The run routes of the entity tab with a stand-in list, for run page tests: render it at
 * `<Route path="/builds/*">` with {@link runRoutesMountedRoutes}.
 */
export const TestRunRoutes = ({ list = 'the list' }: { list?: string }) => (
  <RunRoutes
    runRoute={entityRunRouteRef}
    runPath={`${RUNS_PATH}/${RUN_PATH}`}
    backRoute={entityContentRouteRef}
    backLabel="All builds"
    list={() => <div>{list}</div>}
  />
);
