/*
 * Development harness: `yarn workspace @openchoreo-build/plugin-openchoreo-build start`.
 *
 * The plugin's legacy exports in a dev app (`@backstage/dev-utils`): the Builds page and the
 * Builds tab of one of the sandbox's Components. They talk to the backend at `backend.baseUrl`
 * (http://localhost:7007 in the repository's app-config.yaml): start the backend plugin's harness
 * (`yarn workspace @openchoreo-build/plugin-openchoreo-build-backend start`) or the whole portal
 * first. Sign in as the guest.
 */
import { createDevApp } from '@backstage/dev-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  configApiRef,
  createApiFactory,
  discoveryApiRef,
  identityApiRef,
} from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  IdentityPermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import {
  EntityOpenChoreoBuildsContent,
  OpenChoreoBuildsPage,
  openchoreoBuildPlugin,
} from '../src';

/**
 * The sandbox's Component `acme/online-store/react-starter`, as the catalog module writes it:
 * the three annotations are what the Builds tab reads.
 */
const sandboxComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'react-starter',
    namespace: 'acme',
    title: 'React starter',
    annotations: {
      'openchoreo.io/namespace': 'acme',
      'openchoreo.io/project': 'online-store',
      'openchoreo.io/component': 'react-starter',
    },
  },
  spec: {
    type: 'website',
    lifecycle: 'production',
    owner: 'group:default/app-developers',
    system: 'system:acme/online-store',
  },
};

createDevApp()
  .registerPlugin(openchoreoBuildPlugin)
  // Buttons ask Backstage's permission framework, as in an app.
  .registerApi(
    createApiFactory({
      api: permissionApiRef,
      deps: {
        discovery: discoveryApiRef,
        identity: identityApiRef,
        config: configApiRef,
      },
      factory: deps => IdentityPermissionApi.create(deps),
    }),
  )
  .addPage({
    path: '/openchoreo-builds',
    title: 'Builds',
    element: <OpenChoreoBuildsPage />,
  })
  .addPage({
    path: '/entity-builds',
    title: 'Builds tab',
    element: (
      <EntityProvider entity={sandboxComponent}>
        <EntityOpenChoreoBuildsContent />
      </EntityProvider>
    ),
  })
  .render();
