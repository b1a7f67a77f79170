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
    // The page and its tabs load lazily, and the page renders again meanwhile: query afresh until
    // the tab it was sent to is drawn selected, then read the heading from that settled page.
    await waitFor(
      () =>
        expect(screen.getByRole('tab', { name: tab })).toHaveAttribute(
          'aria-selected',
          'true',
        ),
      { timeout: 15_000 },
    );
    expect(
      screen.getByRole('heading', { name: 'Builds', level: 1 }),
    ).toBeInTheDocument();
  });
});
