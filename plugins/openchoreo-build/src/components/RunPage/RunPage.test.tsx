import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { OpenChoreoBuildClient, openChoreoBuildApiRef } from '../../api';
import {
  mockBuildApi,
  runDetail,
  runSummary,
  type MockBuildApi,
} from '../../testUtils/mockApi';
import {
  mockPermissionApi,
  pendingPermissionApi,
  type PermissionApiMock,
} from '../../__testUtils__/mockPermissions';
import { FreshPermissionCache } from '../../__testUtils__/permissionCache';
import {
  TestRunRoutes,
  runRoutesMountedRoutes,
} from '../../__testUtils__/runRoutes';

const NAME = 'greeter-service-workflow-0000aaaa';

const Location = () => {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
};

const BASE_URL = 'http://backend/api/openchoreo-build';
const logsUrl = (step: string) =>
  `${BASE_URL}/runs/default/${NAME}/steps/${step}/logs`;

/** A `text/event-stream` answer of the step log route that ends (no reconnect). */
function sse(source: string, lines: string[]): Response {
  const events = [
    `event: source\ndata: {"source":"${source}"}\n\n`,
    ...lines.map(
      (text, n) =>
        `id: ${
          n + 1
        }\nevent: line\ndata: {"n":${n},"ts":[null]}\ndata: ${text}\n\n`,
    ),
    `event: end\ndata: {"totalLines":${lines.length}}\n\n`,
  ].join('');
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(events));
      controller.close();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

/** fetchApi for the log viewer: answers each step's log route with `answer(step)`. */
function logsFetchApi(
  answer: (step: string) => Response = () => sse('archive', []),
) {
  return {
    fetch: jest.fn(async (url: RequestInfo | URL) => {
      const match = /\/steps\/([^/]+)\/logs$/.exec(String(url));
      if (!match) throw new Error(`unexpected fetch of ${String(url)}`);
      return answer(decodeURIComponent(match[1]));
    }),
  };
}

function render(
  api: MockBuildApi,
  route = `/builds/runs/default/${NAME}`,
  fetchApi: ReturnType<typeof logsFetchApi> = logsFetchApi(),
  permissions:
    | PermissionApiMock
    | ReturnType<typeof pendingPermissionApi> = mockPermissionApi(),
) {
  // The log viewer's requests go through the real client, so they are checked as HTTP.
  const client = new OpenChoreoBuildClient({
    discoveryApi: { getBaseUrl: async () => BASE_URL },
    fetchApi,
  });
  api.streamStepLog.mockImplementation((ref, handlers, options) =>
    client.streamStepLog(ref, handlers, options),
  );
  api.downloadStepLog.mockImplementation(ref => client.downloadStepLog(ref));
  return renderInTestApp(
    <FreshPermissionCache>
      <Routes>
        <Route path="/builds/*" element={<TestRunRoutes />} />
      </Routes>
      <Location />
    </FreshPermissionCache>,
    {
      apis: [[openChoreoBuildApiRef, api], permissions],
      mountedRoutes: runRoutesMountedRoutes,
      initialRouteEntries: [route],
    },
  );
}

/** The button, once the user's permissions are known to allow it. */
async function enabledButton(name: string) {
  const button = await screen.findByRole('button', { name });
  await waitFor(() => expect(button).toBeEnabled());
  return button;
}

const running = () =>
  runDetail({
    status: 'Running',
    completedAt: undefined,
    durationSeconds: undefined,
    cancellable: true,
    steps: [
      {
        id: 'a',
        name: 'clone-step',
        phase: 'Succeeded',
        outputs: {},
        attempts: [],
        durationSeconds: 4,
      },
      {
        id: 'b',
        name: 'build-step',
        phase: 'Running',
        outputs: {},
        message: 'building image',
        attempts: [
          { nodeId: 'b0', attempt: 0, phase: 'Failed' },
          { nodeId: 'b1', attempt: 1, phase: 'Running' },
        ],
      },
    ],
  });

describe('RunPage', () => {
  it('shows the summary, conditions and steps of a run', async () => {
    const api = mockBuildApi();
    render(api);
    expect(
      await screen.findByRole('heading', { name: `Build ${NAME}` }),
    ).toBeInTheDocument();
    const summary = screen.getByTestId('run-summary');
    for (const text of [
      'Succeeded',
      'docker',
      'https://github.com/openchoreo/sample-workloads',
      'main',
      'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      'registry.local/default-greeter-service:a1b2c3d',
      '2m 30s',
      'default/default (agent)',
    ]) {
      expect(within(summary).getByText(text)).toBeInTheDocument();
    }
    expect(
      within(screen.getByTestId('run-parameters')).getByText(
        'docker.filePath=/service-go-greeter/Dockerfile',
      ),
    ).toBeInTheDocument();
    const conditions = screen.getByRole('table', { name: 'Conditions' });
    expect(
      within(conditions).getByText('WorkflowSucceeded', {
        selector: 'td:first-child',
      }),
    ).toBeInTheDocument();
    expect(
      within(conditions).getByText('Workflow has succeeded'),
    ).toBeInTheDocument();
    const steps = screen.getByRole('table', { name: 'Steps' });
    expect(within(steps).getAllByRole('row')).toHaveLength(5);
    expect(api.getRun).toHaveBeenCalledWith('default', NAME);
    // Breadcrumbs lead back to the list the user came from (no Builds page is mounted here).
    const crumbs = screen.getByTestId('run-breadcrumbs');
    expect(
      within(crumbs).getByRole('link', { name: 'All builds' }),
    ).toHaveAttribute('href', '/builds');
    expect(within(crumbs).getByText(NAME)).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  it('shows a loading state, then a not-found error with a retry', async () => {
    let fail: (error: Error) => void = () => {};
    const getRun = jest
      .fn()
      .mockImplementationOnce(
        () =>
          new Promise((_, reject) => {
            fail = reject;
          }),
      )
      .mockResolvedValue(runDetail());
    render(mockBuildApi({ getRun }));
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    act(() =>
      fail(
        Object.assign(
          new Error(`ComponentWorkflowRun default/${NAME} not found`),
          { statusCode: 404 },
        ),
      ),
    );
    expect(
      await screen.findByText(new RegExp(`Build ${NAME} was not found`)),
    ).toBeInTheDocument();
    expect(screen.getByText(/may have been deleted/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('run-summary')).toBeInTheDocument();
  });

  it('selects the step from the URL and streams its log, opened at the linked line', async () => {
    const fetchApi = logsFetchApi(step =>
      sse(
        'archive',
        step === 'node-0'
          ? [
              'Cloning into /mnt/vol',
              '\u001b[32mdone\u001b[0m',
              'HEAD is now at a1b2c3d',
            ]
          : [],
      ),
    );
    render(
      mockBuildApi(),
      `/builds/runs/default/${NAME}?step=node-0&line=2`,
      fetchApi,
    );
    const log = await screen.findByTestId('log-lines');
    expect(
      await within(log).findByText('Cloning into /mnt/vol'),
    ).toBeInTheDocument();
    expect(within(log).getByText('done')).toHaveStyle({ color: '#0dbc79' });
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      logsUrl('node-0'),
      expect.anything(),
    );
    expect(fetchApi.fetch).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'clone-step' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByText('Log of clone-step')).toBeInTheDocument();
    expect(screen.getByTestId('log-source')).toHaveTextContent('Archive');
    expect(await screen.findByText('Complete · 3 lines')).toBeInTheDocument();
    // The line from the URL is selected.
    await waitFor(() =>
      expect(document.getElementById('L2')).toHaveClass('oc-log-selected'),
    );
    expect(document.getElementById('L1')).not.toHaveClass('oc-log-selected');
  });

  it('keeps a clicked line in the URL, and starts over without it on another step', async () => {
    const fetchApi = logsFetchApi(step =>
      sse('live', [`${step}: first`, `${step}: second`]),
    );
    render(
      mockBuildApi(),
      `/builds/runs/default/${NAME}?step=node-0`,
      fetchApi,
    );
    expect(await screen.findByText('node-0: second')).toBeInTheDocument();
    expect(screen.getByTestId('log-source')).toHaveTextContent('Live');
    await userEvent.click(screen.getByRole('link', { name: 'Line 2, link' }));
    expect(screen.getByTestId('location')).toHaveTextContent(
      `/builds/runs/default/${NAME}?step=node-0&line=2`,
    );
    expect(document.getElementById('L2')).toHaveClass('oc-log-selected');

    // The URL and the log route name the picked step by its id.
    await userEvent.click(screen.getByRole('button', { name: 'push-step' }));
    expect(screen.getByTestId('location')).toHaveTextContent(
      `/builds/runs/default/${NAME}?step=node-2`,
    );
    expect(screen.getByTestId('location')).not.toHaveTextContent('line=');
    expect(await screen.findByText('node-2: second')).toBeInTheDocument();
    expect(screen.queryByText('node-0: second')).not.toBeInTheDocument();
    expect(screen.getByText('Log of push-step')).toBeInTheDocument();
    expect(fetchApi.fetch).toHaveBeenLastCalledWith(
      logsUrl('node-2'),
      expect.anything(),
    );
    expect(document.getElementById('L2')).not.toHaveClass('oc-log-selected');
  });

  it('opens a linked range selected, and keeps a shift-clicked range in the URL', async () => {
    const fetchApi = logsFetchApi(step =>
      sse(
        'archive',
        [1, 2, 3, 4, 5].map(n => `${step} line ${n}`),
      ),
    );
    render(
      mockBuildApi(),
      `/builds/runs/default/${NAME}?step=node-0&line=4-2`,
      fetchApi,
    );
    expect(await screen.findByText('node-0 line 5')).toBeInTheDocument();
    const selected = () =>
      [1, 2, 3, 4, 5].filter(n =>
        document.getElementById(`L${n}`)?.classList.contains('oc-log-selected'),
      );
    await waitFor(() => expect(selected()).toEqual([2, 3, 4]));

    await userEvent.click(screen.getByRole('link', { name: 'Line 5, link' }));
    expect(screen.getByTestId('location')).toHaveTextContent(
      `/builds/runs/default/${NAME}?step=node-0&line=5`,
    );
    fireEvent.click(screen.getByRole('link', { name: 'Line 1, link' }), {
      shiftKey: true,
    });
    expect(screen.getByTestId('location')).toHaveTextContent(
      `/builds/runs/default/${NAME}?step=node-0&line=1-5`,
    );
    expect(selected()).toEqual([1, 2, 3, 4, 5]);
  });

  it('still shows the log of the step in the URL once the build plane has deleted the steps', async () => {
    const expired = runDetail({
      steps: [],
      stepsSource: 'none',
      execution: { ...runDetail().execution, found: false, expired: true },
    });
    const fetchApi = logsFetchApi(step =>
      sse('archive', [`${step} 1`, `${step} 2`, `${step} 3`]),
    );
    render(
      mockBuildApi({ getRun: jest.fn(async () => expired) }),
      `/builds/runs/default/${NAME}?step=build-step&line=2`,
      fetchApi,
    );
    expect(await screen.findByText('build-step 3')).toBeInTheDocument();
    expect(screen.getByText('Log of build-step')).toBeInTheDocument();
    expect(screen.getByTestId('log-source')).toHaveTextContent('Archive');
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      logsUrl('build-step'),
      expect.anything(),
    );
    await waitFor(() =>
      expect(document.getElementById('L2')).toHaveClass('oc-log-selected'),
    );
  });

  it('says when the URL names a step the run does not have', async () => {
    const fetchApi = logsFetchApi();
    render(
      mockBuildApi(),
      `/builds/runs/default/${NAME}?step=nope-step`,
      fetchApi,
    );
    expect(
      await screen.findByText('This run has no step named nope-step.'),
    ).toBeInTheDocument();
    expect(fetchApi.fetch).not.toHaveBeenCalled();
  });

  it('still resolves a link that names the step (before steps had ids) and reads its log by id', async () => {
    const fetchApi = logsFetchApi(step => sse('live', [`${step}: only`]));
    render(
      mockBuildApi(),
      `/builds/runs/default/${NAME}?step=build-step`,
      fetchApi,
    );
    expect(await screen.findByText('node-1: only')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'build-step' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      logsUrl('node-1'),
      expect.anything(),
    );
  });

  it('tells same-named steps apart by their path, and lists exit-handler steps after an "On exit" divider', async () => {
    const step = (
      id: string,
      name: string,
      displayPath: string,
      exitHandler = false,
    ) => ({
      id,
      name,
      displayPath,
      ...(exitHandler ? { exitHandler } : {}),
      phase: 'Failed' as const,
      outputs: {},
      attempts: [{ nodeId: id, attempt: 0, phase: 'Failed' as const }],
    });
    const nested = runDetail({
      steps: [
        step('wf-11', 'prepare', 'prepare'),
        step('wf-22', 'fail', 'sub-dag1.fail'),
        step('wf-33', 'fail', 'sub-dag2.fail'),
        step('wf-44', 'notify', 'onExit.notify', true),
      ],
    });
    const fetchApi = logsFetchApi(id => sse('archive', [`log of ${id}`]));
    render(
      mockBuildApi({ getRun: jest.fn(async () => nested) }),
      `/builds/runs/default/${NAME}?step=wf-33`,
      fetchApi,
    );
    expect(await screen.findByText('log of wf-33')).toBeInTheDocument();
    expect(screen.getByText('Log of sub-dag2.fail')).toBeInTheDocument();
    const second = screen.getByTestId('step-wf-33');
    expect(within(second).getByText('sub-dag2.fail')).toBeInTheDocument();
    expect(
      within(second).getByRole('button', { name: 'fail' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(
      within(screen.getByTestId('step-wf-22')).getByRole('button', {
        name: 'fail',
      }),
    ).toHaveAttribute('aria-pressed', 'false');
    // A top-level step shows no path; the exit handler's steps come after the divider.
    expect(document.getElementById('step-path-wf-11')).toBeNull();
    expect(document.getElementById('step-path-wf-22')).toHaveTextContent(
      'sub-dag1.fail',
    );
    const rows = within(screen.getByRole('table', { name: 'Steps' }))
      .getAllByRole('row')
      .map(row => row.getAttribute('data-testid'));
    expect(rows.slice(1)).toEqual([
      'step-wf-11',
      'step-wf-22',
      'step-wf-33',
      'steps-on-exit',
      'step-wf-44',
    ]);
    expect(screen.getByTestId('steps-on-exit')).toHaveTextContent('On exit');

    await userEvent.click(
      within(screen.getByTestId('step-wf-44')).getByRole('button', {
        name: 'notify',
      }),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      `/builds/runs/default/${NAME}?step=wf-44`,
    );
    expect(await screen.findByText('log of wf-44')).toBeInTheDocument();
    expect(screen.getByText('Log of onExit.notify')).toBeInTheDocument();
  });

  it('says why a step log cannot be read', async () => {
    const fetchApi = logsFetchApi(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'NotFoundError',
              message: 'Step build-step has no pod yet',
            },
          }),
          {
            status: 404,
            headers: { 'Content-Type': 'application/json' },
          },
        ),
    );
    render(
      mockBuildApi(),
      `/builds/runs/default/${NAME}?step=build-step`,
      fetchApi,
    );
    expect(await screen.findByTestId('log-error')).toHaveTextContent(
      'Step build-step has no pod yet',
    );
    // A 4xx is final: no reconnect loop.
    expect(fetchApi.fetch).toHaveBeenCalledTimes(1);
  });

  it("tells an HTTP refusal without the backend's words by its status, in the app's language", async () => {
    // E.g. a proxy in front of Backstage answering with its own HTML page.
    const fetchApi = logsFetchApi(
      () =>
        new Response('<html>Forbidden</html>', {
          status: 403,
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    render(
      mockBuildApi(),
      `/builds/runs/default/${NAME}?step=build-step`,
      fetchApi,
    );
    expect(await screen.findByTestId('log-error')).toHaveTextContent(
      'The log stream answered HTTP 403.',
    );
  });

  it("says a download got no answer without showing the browser's own error text", async () => {
    const fetchApi = {
      fetch: jest.fn(async (url: RequestInfo | URL) => {
        if (String(url).includes('download=1'))
          throw new TypeError('Failed to fetch');
        return sse('archive', []);
      }),
    };
    render(
      mockBuildApi(),
      `/builds/runs/default/${NAME}?step=build-step`,
      fetchApi,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download log' }),
    );
    const alert = await screen.findByTestId('log-error');
    expect(alert).toHaveTextContent(
      'Download failed: the backend did not answer',
    );
    expect(alert).not.toHaveTextContent('Failed to fetch');
  });

  it('shows retries and the running step by default, and refreshes live on an event', async () => {
    const getRun = jest
      .fn()
      .mockResolvedValueOnce(running())
      .mockResolvedValue(runDetail());
    const api = mockBuildApi({ getRun });
    render(api);
    const build = await screen.findByTestId('step-b');
    expect(within(build).getByText('2 (retried 1×)')).toBeInTheDocument();
    expect(within(build).getByText('building image')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'build-step' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(
      within(screen.getByTestId('run-status')).getByText('Running'),
    ).toBeInTheDocument();

    // An event about another run changes nothing; one about this run reloads it.
    act(() =>
      api.emit({
        type: 'modified',
        namespace: 'default',
        run: runSummary({ name: 'other' }),
      }),
    );
    expect(getRun).toHaveBeenCalledTimes(1);
    act(() =>
      api.emit({
        type: 'modified',
        namespace: 'default',
        run: runSummary({ name: NAME }),
      }),
    );
    expect(
      await within(screen.getByTestId('run-status')).findByText('Succeeded'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(
      `/builds/runs/default/${NAME}`,
    );
  });

  it('re-runs and opens the new run', async () => {
    const api = mockBuildApi({
      rerunRun: jest.fn(async () =>
        runSummary({
          name: 'greeter-service-workflow-rerun001',
          status: 'Pending',
        }),
      ),
    });
    render(api);
    await userEvent.click(await enabledButton('Re-run'));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '/builds/runs/default/greeter-service-workflow-rerun001',
      ),
    );
    expect(api.rerunRun).toHaveBeenCalledWith('default', NAME);
  });

  it('cancels only after confirmation', async () => {
    const api = mockBuildApi({
      getRun: jest.fn(async () => running()),
      cancelRun: jest.fn(async () => ({
        run: runSummary({ status: 'Running' }),
        workflow: {
          name: NAME,
          namespace: 'openchoreo-ci-default',
          buildPlane: 'default/default',
        },
      })),
    });
    render(api);
    await userEvent.click(await enabledButton('Cancel build'));
    const dialog = await screen.findByRole('dialog', {
      name: `Cancel build ${NAME}?`,
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Keep running' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.cancelRun).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Cancel build' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Yes, cancel build' }),
    );
    await waitFor(() =>
      expect(api.cancelRun).toHaveBeenCalledWith('default', NAME),
    );
    expect(
      await screen.findByText(/was told to terminate/),
    ).toBeInTheDocument();
  });

  it('shows why a cancel failed', async () => {
    const api = mockBuildApi({
      getRun: jest.fn(async () => running()),
      cancelRun: jest.fn(async () => {
        throw Object.assign(
          new Error(`Run default/${NAME} has already finished (Succeeded)`),
          { statusCode: 409 },
        );
      }),
    });
    render(api);
    await userEvent.click(await enabledButton('Cancel build'));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Yes, cancel build' }),
    );
    expect(
      await screen.findByText(
        /Could not cancel: Run default\/.* has already finished/,
      ),
    ).toBeInTheDocument();
  });

  it("disables Re-run and Cancel with the reason when denied on the run's entity", async () => {
    const ENTITY = 'component:team-a/greeter';
    const permissions = mockPermissionApi(
      (name, resourceRef) =>
        !(
          [
            'openchoreo.build.run.create',
            'openchoreo.build.run.cancel',
          ].includes(name) && resourceRef === ENTITY
        ),
    );
    render(
      mockBuildApi({
        getRun: jest.fn(async () => ({ ...running(), entityRef: ENTITY })),
      }),
      undefined,
      undefined,
      permissions,
    );
    await screen.findByTestId('run-summary');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Re-run' })).toBeDisabled(),
    );
    expect(screen.getByRole('button', { name: 'Cancel build' })).toBeDisabled();
    expect(
      screen.getByText(
        'You are not allowed to re-run builds of this component (permission openchoreo.build.run.create on component:team-a/greeter)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'You are not allowed to cancel builds of this component (permission openchoreo.build.run.cancel on component:team-a/greeter)',
      ),
    ).toBeInTheDocument();
    expect(permissions.asked).toEqual(
      expect.arrayContaining([
        { permission: 'openchoreo.build.run.create', resourceRef: ENTITY },
        { permission: 'openchoreo.build.run.cancel', resourceRef: ENTITY },
      ]),
    );
  });

  it('allows Cancel but not Re-run when only run.create is denied', async () => {
    render(
      mockBuildApi({ getRun: jest.fn(async () => running()) }),
      undefined,
      undefined,
      mockPermissionApi(name => name !== 'openchoreo.build.run.create'),
    );
    expect(await enabledButton('Cancel build')).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Re-run' })).toBeDisabled();
    expect(
      screen.getByText(
        /You are not allowed to re-run builds of this component/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/You are not allowed to cancel/),
    ).not.toBeInTheDocument();
  });

  it('says that no catalog entity claims the component when the run names none', async () => {
    render(
      mockBuildApi({
        getRun: jest.fn(async () => ({ ...running(), entityRef: undefined })),
      }),
    );
    await screen.findByTestId('run-summary');
    expect(screen.getByRole('button', { name: 'Re-run' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel build' })).toBeDisabled();
    expect(
      screen.getByText(
        'You are not allowed to re-run builds of this component: no catalog entity claims this OpenChoreo component (annotations openchoreo.io/namespace, openchoreo.io/project and openchoreo.io/component), so permission openchoreo.build.run.create cannot be granted through its owner',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^You are not allowed to cancel builds of this component: no catalog entity claims/,
      ),
    ).toBeInTheDocument();
  });

  it('says the permissions are being checked while they are', async () => {
    render(
      mockBuildApi({ getRun: jest.fn(async () => running()) }),
      undefined,
      undefined,
      pendingPermissionApi(),
    );
    await screen.findByTestId('run-summary');
    expect(screen.getByRole('button', { name: 'Re-run' })).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Re-run with changes' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel build' })).toBeDisabled();
    expect(screen.getAllByText('Checking your permissions…')).toHaveLength(3);
  });

  it('explains why a finished run cannot be cancelled', async () => {
    render(mockBuildApi());
    await screen.findByTestId('run-summary');
    expect(screen.getByRole('button', { name: 'Cancel build' })).toBeDisabled();
    expect(
      screen.getByText('This build has already finished (Succeeded)'),
    ).toBeInTheDocument();
  });
});
