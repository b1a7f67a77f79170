import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import openchoreoBuildPlugin from '@openchoreo-build/plugin-openchoreo-build/alpha';
import { openChoreoBuildApiRef } from '@openchoreo-build/plugin-openchoreo-build';
import { MockOpenChoreoBuildApi } from '@openchoreo-build/plugin-openchoreo-build/testUtils';
import { screen, waitFor } from '@testing-library/react';
import { redirectsModule } from '.';

describe('redirects of the former Builds pages', () => {
  it.each([
    ['/openchoreo-build-planes', 'Build planes'],
    ['/openchoreo-workflows?namespace=default', 'Workflows'],
    ['/openchoreo-holos', 'Render plans'],
  ])('sends %s to its tab of the Builds page', async (from, tab) => {
    renderTestApp({
      features: [openchoreoBuildPlugin, redirectsModule],
      initialRouteEntries: [from],
      apis: [
        [openChoreoBuildApiRef, new MockOpenChoreoBuildApi()],
        mockApis.permission(),
      ],
    });
    expect(
      await screen.findByRole('heading', { name: 'Builds', level: 1 }),
    ).toBeInTheDocument();
    const selected = await screen.findByRole('tab', { name: tab });
    // The tab is drawn before the header matches it to the location it was sent to.
    await waitFor(() =>
      expect(selected).toHaveAttribute('aria-selected', 'true'),
    );
  });
});
