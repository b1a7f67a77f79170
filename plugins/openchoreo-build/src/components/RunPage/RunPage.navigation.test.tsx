import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { openChoreoBuildApiRef } from '../../api';
import {
  componentDetail,
  dockerWorkflow,
  mockBuildApi,
  runDetail,
  runSummary,
  type MockBuildApi,
} from '../../testUtils/mockApi';
import { mockPermissionApi } from '../../__testUtils__/mockPermissions';
import { FreshPermissionCache } from '../../__testUtils__/permissionCache';
import {
  TestRunRoutes,
  runRoutesMountedRoutes,
} from '../../__testUtils__/runRoutes';
import { stubSvgMeasurement } from '../../__testUtils__/svgLayout';
import { rootRouteRef, RUN_PATH, runRouteRef } from '../../routes';
import { RunRoutes } from '../RunRoutes';

// The run page's ways around: breadcrumbs, Copy link, Re-run with changes, the step graph.

stubSvgMeasurement();

const NAME = 'greeter-service-workflow-0000aaaa';

const Location = () => {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
};

/** The run page as the entity tab mounts it, optionally in an app that has the Builds page. */
function renderInEntityTab(
  api: MockBuildApi,
  route = `/builds/runs/default/${NAME}`,
  options: { buildsPageAt?: string } = {},
) {
  return renderInTestApp(
    <FreshPermissionCache>
      <Routes>
        <Route path="/builds/*" element={<TestRunRoutes />} />
      </Routes>
      <Location />
    </FreshPermissionCache>,
    {
      apis: [[openChoreoBuildApiRef, api], mockPermissionApi()],
      mountedRoutes: {
        ...runRoutesMountedRoutes,
        ...(options.buildsPageAt && {
          [options.buildsPageAt]: convertLegacyRouteRef(rootRouteRef),
        }),
      },
      initialRouteEntries: [route],
    },
  );
}

describe('RunPage breadcrumbs', () => {
  it('reads Builds › the component’s builds › the run in the entity tab', async () => {
    renderInEntityTab(mockBuildApi(), undefined, {
      buildsPageAt: '/openchoreo-builds',
    });
    const crumbs = await screen.findByTestId('run-breadcrumbs');
    expect(
      within(crumbs)
        .getAllByRole('link')
        .map(link => [link.textContent, link.getAttribute('href')]),
    ).toEqual([
      ['Builds', '/openchoreo-builds'],
      ['All builds', '/builds'],
    ]);
    expect(within(crumbs).getByText(NAME)).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  it('reads Builds › the organization › the run in the Builds page', async () => {
    renderInTestApp(
      <Routes>
        <Route
          path="/builds/runs/*"
          element={
            <RunRoutes
              runRoute={runRouteRef}
              runPath={RUN_PATH}
              backRoute={rootRouteRef}
              backLabel="All builds"
              list={() => <div>the list</div>}
            />
          }
        />
      </Routes>,
      {
        apis: [[openChoreoBuildApiRef, mockBuildApi()], mockPermissionApi()],
        mountedRoutes: { '/builds': convertLegacyRouteRef(rootRouteRef) },
        initialRouteEntries: [`/builds/runs/default/${NAME}`],
      },
    );
    const crumbs = await screen.findByTestId('run-breadcrumbs');
    expect(
      within(crumbs)
        .getAllByRole('link')
        .map(link => [link.textContent, link.getAttribute('href')]),
    ).toEqual([
      ['Builds', '/builds'],
      ['Organization default', '/builds?namespace=default'],
    ]);
  });
});

describe('RunPage Copy link', () => {
  const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  const originalExecCommand = document.execCommand;
  afterEach(() => {
    if (original) Object.defineProperty(navigator, 'clipboard', original);
    else delete (navigator as { clipboard?: Clipboard }).clipboard;
    document.execCommand = originalExecCommand;
  });
  const clipboard = (writeText: (text: string) => Promise<void>) =>
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText },
    });

  it('copies the absolute link to the shown step and line, and says so', async () => {
    const writeText = jest.fn(async (_text: string) => {});
    clipboard(writeText);
    renderInEntityTab(
      mockBuildApi(),
      `/builds/runs/default/${NAME}?step=node-1&line=7`,
    );
    fireEvent.click(await screen.findByRole('button', { name: /^Copy link/ }));
    const url = `http://localhost/builds/runs/default/${NAME}?step=node-1&line=7`;
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(url));
    expect(await screen.findByTestId('copy-run-link-result')).toHaveTextContent(
      `Link copied: ${url}`,
    );
  });

  it('keeps a linked range of lines in the copied link', async () => {
    const writeText = jest.fn(async (_text: string) => {});
    clipboard(writeText);
    renderInEntityTab(
      mockBuildApi(),
      `/builds/runs/default/${NAME}?step=node-1&line=9-3`,
    );
    fireEvent.click(await screen.findByRole('button', { name: /^Copy link/ }));
    await waitFor(() =>
      expect(writeText).toHaveBeenCalledWith(
        `http://localhost/builds/runs/default/${NAME}?step=node-1&line=3-9`,
      ),
    );
  });

  it('names the step the page picked when the URL names none', async () => {
    const writeText = jest.fn(async (_text: string) => {});
    clipboard(writeText);
    renderInEntityTab(mockBuildApi());
    fireEvent.click(await screen.findByRole('button', { name: /^Copy link/ }));
    // The last step of a finished run is shown by default.
    await waitFor(() =>
      expect(writeText).toHaveBeenCalledWith(
        `http://localhost/builds/runs/default/${NAME}?step=node-3`,
      ),
    );
  });

  it('falls back to the older copy command, and shows the link when both are refused', async () => {
    clipboard(async () => {
      throw new Error('not allowed');
    });
    const execCommand = jest.fn(() => true);
    document.execCommand = execCommand;
    renderInEntityTab(mockBuildApi());
    fireEvent.click(await screen.findByRole('button', { name: /^Copy link/ }));
    expect(await screen.findByTestId('copy-run-link-result')).toHaveTextContent(
      /^Link copied/,
    );
    expect(execCommand).toHaveBeenCalledWith('copy');

    execCommand.mockReturnValue(false);
    fireEvent.click(screen.getByRole('button', { name: /^Copy link/ }));
    await waitFor(() =>
      expect(screen.getByTestId('copy-run-link-result')).toHaveTextContent(
        `Could not copy; select and copy the link: http://localhost/builds/runs/default/${NAME}?step=node-3`,
      ),
    );
  });
});

describe('RunPage Re-run with changes', () => {
  it('opens the start form prefilled from the run and opens the new run', async () => {
    const api = mockBuildApi({
      getRun: jest.fn(async () =>
        runDetail({
          spec: {
            owner: { projectName: 'default', componentName: 'greeter-service' },
            workflow: {
              name: 'docker',
              systemParameters: {
                repository: {
                  url: 'https://github.com/openchoreo/sample-workloads',
                  revision: { branch: 'feature/x' },
                  appPath: '/service-go-greeter',
                },
              },
            },
          },
        }),
      ),
      getComponent: jest.fn(async () => componentDetail()),
      listComponentWorkflows: jest.fn(async () => ({
        items: [dockerWorkflow()],
      })),
      createRun: jest.fn(async () =>
        runSummary({ name: 'greeter-service-workflow-changed1' }),
      ),
    });
    renderInEntityTab(api);
    const button = await screen.findByRole('button', {
      name: 'Re-run with changes',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByLabelText('Branch', { exact: false }),
    ).toHaveValue('feature/x');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start build' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '/builds/runs/default/greeter-service-workflow-changed1',
      ),
    );
    expect(api.createRun).toHaveBeenCalledWith(
      expect.objectContaining({
        component: 'greeter-service',
        systemParameters: {
          repository: { revision: { branch: 'feature/x' } },
        },
      }),
    );
  });

  it('says why when the run names no component', async () => {
    renderInEntityTab(
      mockBuildApi({
        getRun: jest.fn(async () =>
          runDetail({
            project: undefined,
            component: undefined,
            spec: { owner: {} },
          }),
        ),
      }),
    );
    const button = await screen.findByRole('button', {
      name: 'Re-run with changes',
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/names no component/);
  });
});

describe('RunPage step graph', () => {
  it('selects a step from the graph into the URL', async () => {
    const step = (id: string, dependsOn: string[]) => ({
      id,
      name: id,
      phase: 'Succeeded' as const,
      outputs: {},
      attempts: [],
      dependsOn,
    });
    renderInEntityTab(
      mockBuildApi({
        getRun: jest.fn(async () =>
          runDetail({
            steps: [
              step('A', []),
              step('B', ['A']),
              step('C', ['A']),
              step('D', ['B', 'C']),
            ],
          }),
        ),
      }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Graph' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'B, Succeeded' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        `/builds/runs/default/${NAME}?step=B`,
      ),
    );
    expect(screen.getByText('Log of B')).toBeInTheDocument();
  });
});
