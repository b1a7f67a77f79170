import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import plugin from './alpha';
import { openChoreoBuildApiRef } from './api';
import { dockerWorkflow, mockBuildApi, runSummary } from './testUtils/mockApi';
import { mockPermissionApi } from './__testUtils__/mockPermissions';

/**
 * How long to wait for a page of the test app: the page and its tabs load lazily, and the first
 * load of their modules takes seconds on a busy machine. While a tab loads, the page above it
 * renders again: read the heading once the tab's content is there.
 */
const PAGE_LOADED = { timeout: 15_000 };

const findBuildsHeading = () =>
  screen.findByRole('heading', { name: 'Builds', level: 1 }, PAGE_LOADED);
const buildsHeading = () =>
  screen.getByRole('heading', { name: 'Builds', level: 1 });

describe('openchoreo-build plugin (new frontend system)', () => {
  it('serves the Builds page at /openchoreo-builds, landing on Runs, with run links through the run route ref', async () => {
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/openchoreo-builds'],
      apis: [
        [
          openChoreoBuildApiRef,
          mockBuildApi({
            listRuns: jest.fn(async () => ({ items: [runSummary()] })),
          }),
        ],
        mockPermissionApi(),
      ],
    });
    expect(await findBuildsHeading()).toBeInTheDocument();
    expect(
      await screen.findByRole('link', {
        name: 'greeter-service-workflow-0000aaaa',
      }),
    ).toHaveAttribute(
      'href',
      '/openchoreo-builds/runs/default/greeter-service-workflow-0000aaaa',
    );
    expect(screen.getByRole('tab', { name: 'Runs' })).toHaveAttribute(
      'href',
      '/openchoreo-builds/runs',
    );
  });

  it('deep-links to a run page', async () => {
    renderTestApp({
      features: [plugin],
      initialRouteEntries: [
        '/openchoreo-builds/runs/default/greeter-service-workflow-0000aaaa?step=build-step',
      ],
      apis: [[openChoreoBuildApiRef, mockBuildApi()], mockPermissionApi()],
    });
    expect(
      await screen.findByRole(
        'heading',
        { name: 'Build greeter-service-workflow-0000aaaa' },
        PAGE_LOADED,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'build-step' }),
    ).toHaveAttribute('aria-pressed', 'true');
  });

  it('serves the Build planes sub-page at /openchoreo-builds/build-planes', async () => {
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/openchoreo-builds/build-planes'],
      apis: [[openChoreoBuildApiRef, mockBuildApi()], mockPermissionApi()],
    });
    expect(
      await screen.findByText('No build planes', {}, PAGE_LOADED),
    ).toBeInTheDocument();
    expect(buildsHeading()).toBeInTheDocument();
  });

  it('serves the Workflows sub-page at /openchoreo-builds/workflows', async () => {
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/openchoreo-builds/workflows'],
      apis: [
        [
          openChoreoBuildApiRef,
          mockBuildApi({
            listWorkflows: jest.fn(async () => ({ items: [dockerWorkflow()] })),
          }),
        ],
        mockPermissionApi(),
      ],
    });
    expect(
      await screen.findByTestId('workflow-default-docker', {}, PAGE_LOADED),
    ).toBeInTheDocument();
    expect(buildsHeading()).toBeInTheDocument();
  });

  it('serves the Render plans sub-page at /openchoreo-builds/render-plans', async () => {
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/openchoreo-builds/render-plans'],
      apis: [[openChoreoBuildApiRef, mockBuildApi()], mockPermissionApi()],
    });
    expect(
      await screen.findByRole(
        'textbox',
        { name: 'Plan text (YAML or JSON)' },
        PAGE_LOADED,
      ),
    ).toBeInTheDocument();
    expect(buildsHeading()).toBeInTheDocument();
  });

  it('offers the Render plan tab at /holos only to entities with the holos.run/buildplans annotation', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-content:openchoreo-build/holos'),
    );
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Render plan',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    const entity = (annotations: Record<string, string>) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'podinfo', annotations },
    });
    expect(filter(entity({ 'holos.run/buildplans': 'plans.yaml' }))).toBe(true);
    expect(filter(entity({}))).toBe(false);
  });

  it('shows the backend error when the backend cannot be reached', async () => {
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/openchoreo-builds'],
      apis: [
        [
          openChoreoBuildApiRef,
          mockBuildApi({
            listRuns: jest.fn(async () => {
              throw new Error('backend is down');
            }),
          }),
        ],
        mockPermissionApi(),
      ],
    });
    expect(
      (await screen.findAllByText(/backend is down/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
  });
});
