import { renderTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import plugin from './alpha';
import { openChoreoBuildApiRef, type OpenChoreoBuildApi } from './api';

function healthyApi(): OpenChoreoBuildApi {
  return { getHealth: jest.fn(async () => ({ status: 'ok' as const })) };
}

describe('openchoreo-build plugin (new frontend system)', () => {
  it('serves the Builds page at /openchoreo-builds', async () => {
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/openchoreo-builds'],
      apis: [[openChoreoBuildApiRef, healthyApi()]],
    });
    expect(
      await screen.findByRole('heading', { name: 'Builds', level: 1 }),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('backend-status')).toHaveTextContent(
      'Connected to the OpenChoreo Build backend (ok)',
    );
  });

  it('serves the Build planes page at /openchoreo-build-planes', async () => {
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/openchoreo-build-planes'],
      apis: [[openChoreoBuildApiRef, healthyApi()]],
    });
    expect(
      await screen.findByRole('heading', { name: 'Build planes', level: 1 }),
    ).toBeInTheDocument();
  });

  it('shows the backend error when the backend cannot be reached', async () => {
    const api: OpenChoreoBuildApi = {
      getHealth: jest.fn(async () => {
        throw new Error('backend is down');
      }),
    };
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/openchoreo-builds'],
      apis: [[openChoreoBuildApiRef, api]],
    });
    expect(
      (await screen.findAllByText(/backend is down/)).length,
    ).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
