import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { RouteRef } from '@backstage/frontend-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import { screen, within } from '@testing-library/react';
import { openChoreoBuildApiRef } from '../../../api';
import { FreshPermissionCache } from '../../../__testUtils__/permissionCache';
import {
  mockPermissionApi,
  type PermissionApiMock,
} from '../../../__testUtils__/mockPermissions';
import { entityContentRouteRef } from '../../../routes';
import { runSummary, type MockBuildApi } from '../../../testUtils/mockApi';
import { EntityBuildsCard } from '../EntityBuildsCard';

/** greeter-service's catalog entity, with the three OpenChoreo annotations. */
export const annotated = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'greeter-service',
    annotations: {
      'openchoreo.io/namespace': 'default',
      'openchoreo.io/project': 'default',
      'openchoreo.io/component': 'greeter-service',
    },
  },
  spec: { type: 'service', owner: 'team', lifecycle: 'production' },
};

/** The entity's Overview, where the card is shown. */
export const OVERVIEW = '/catalog/default/component/greeter-service';
/** Where the entity page mounts the Builds tab. */
export const TAB = `${OVERVIEW}/openchoreo-builds`;
export const BUILDS_PAGE = '/openchoreo-builds';

/** ISO time `seconds` ago (relative times are told against the real clock). */
export const secondsAgo = (seconds: number) =>
  new Date(Date.now() - seconds * 1000).toISOString();

/** A finished run created `minutes` ago, named `run-<minutes>`. */
export const finished = (
  minutes: number,
  overrides: Partial<RunSummary> = {},
) =>
  runSummary({
    name: `run-${minutes}`,
    createdAt: secondsAgo(minutes * 60),
    startedAt: secondsAgo(minutes * 60),
    completedAt: secondsAgo(minutes * 60 - 150),
    durationSeconds: 150,
    ...overrides,
  });

/** The backend's answer: newest first. */
export const listing = (...runs: RunSummary[]) =>
  jest.fn(async () => ({ items: runs }));

/**
 * The card on greeter-service's Overview. By default the app mounts the Builds tab and the catalog's
 * entity pages (for the user link); `mounted` replaces those.
 */
export function renderCard(
  api: MockBuildApi,
  options: {
    permissions?: PermissionApiMock;
    mounted?: Record<string, RouteRef>;
  } = {},
) {
  return renderInTestApp(
    <FreshPermissionCache>
      <EntityProvider entity={annotated}>
        <EntityBuildsCard />
      </EntityProvider>
    </FreshPermissionCache>,
    {
      apis: [
        [openChoreoBuildApiRef, api],
        options.permissions ?? mockPermissionApi(),
      ],
      initialRouteEntries: [OVERVIEW],
      mountPath: OVERVIEW,
      mountedRoutes: options.mounted ?? {
        [TAB]: convertLegacyRouteRef(entityContentRouteRef),
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    },
  );
}

/** The status strip's items, left to right. */
export const stripItems = () =>
  within(screen.getByTestId('build-status-strip')).getAllByRole('listitem');
