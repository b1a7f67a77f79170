import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { openChoreoBuildApiRef } from '../../api';
import { EntityBuildsContent } from './EntityBuildsContent';

const api = { getHealth: async () => ({ status: 'ok' as const }) };

function component(annotations: Record<string, string>) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'greeter-service', annotations },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

describe('EntityBuildsContent', () => {
  it('names the OpenChoreo component the entity points at', async () => {
    renderInTestApp(
      <EntityProvider
        entity={component({
          'openchoreo.io/namespace': 'default',
          'openchoreo.io/project': 'default',
          'openchoreo.io/component': 'greeter-service',
        })}
      >
        <EntityBuildsContent />
      </EntityProvider>,
      { apis: [[openChoreoBuildApiRef, api]] },
    );
    expect(await screen.findByTestId('openchoreo-ref')).toHaveTextContent(
      'OpenChoreo component greeter-service in project default, organization default.',
    );
  });

  it('tells how to link an entity that lacks the annotations', async () => {
    renderInTestApp(
      <EntityProvider entity={component({})}>
        <EntityBuildsContent />
      </EntityProvider>,
      { apis: [[openChoreoBuildApiRef, api]] },
    );
    expect(
      await screen.findByText(/not linked to an OpenChoreo component/),
    ).toBeInTheDocument();
  });
});
