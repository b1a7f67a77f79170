import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { RunDiagnosis } from '@openchoreo-build/plugin-openchoreo-build-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { OpenChoreoBuildClient, openChoreoBuildApiRef } from '../../api';
import { mockBuildApi, runDetail } from '../../testUtils/mockApi';
import { mockPermissionApi } from '../../__testUtils__/mockPermissions';
import { FreshPermissionCache } from '../../__testUtils__/permissionCache';
import {
  TestRunRoutes,
  runRoutesMountedRoutes,
} from '../../__testUtils__/runRoutes';
import { RunDiagnosisPanel } from './RunDiagnosisPanel';

const Location = () => {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
};

const missingWorkflow: RunDiagnosis = {
  id: 'pending-workflow-missing',
  severity: 'error',
  title: 'ComponentWorkflow docker-retired does not exist',
  detail: 'The run has been Pending for 5 minutes.',
  fix: 'Create the ComponentWorkflow docker-retired in namespace default.',
};
const stuckPod: RunDiagnosis = {
  id: 'pod-stuck',
  severity: 'warning',
  title: 'Step push-step is stuck in ContainerCreating',
  detail: 'Container main has been waiting for 3 minutes.',
  fix: 'kubectl describe pod p -n openchoreo-ci-default lists the events.',
};
const eventsUnreadable: RunDiagnosis = {
  id: 'events-unreadable',
  severity: 'info',
  title: 'Kubernetes events could not be read',
  detail: 'The build plane answered HTTP 403.',
  fix: 'Grant the agent get/list on events.',
};
const buildFailed: RunDiagnosis = {
  id: 'build-failed',
  severity: 'error',
  title: 'Building the image failed (step build-step)',
  detail: 'Step build-step failed (Error (exit code 125)).',
  fix: 'Check the Dockerfile path.',
  logRef: {
    // The step's id (what `?step=` takes); its name is for people.
    step: 'b',
    stepName: 'build-step',
    line: 2,
    text: 'Error: stat /mnt/vol/source/Dockerfile: no such file or directory',
  },
};

function renderPanel(
  diagnosis: RunDiagnosis[],
  route: string,
  onOpenLog?: (step: string, line: number) => void,
) {
  return renderInTestApp(
    <Routes>
      <Route
        path="/builds/*"
        element={
          <>
            <RunDiagnosisPanel diagnosis={diagnosis} onOpenLog={onOpenLog} />
            <Location />
          </>
        }
      />
    </Routes>,
    { initialRouteEntries: [route] },
  );
}

describe('RunDiagnosisPanel', () => {
  it('renders nothing when there is nothing to say', async () => {
    await renderPanel([], '/builds/runs/default/x');
    expect(
      screen.queryByRole('region', { name: 'Diagnosis' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows one alert per finding, in order, with its severity, detail and fix', async () => {
    await renderPanel(
      [missingWorkflow, stuckPod, eventsUnreadable],
      '/builds/runs/default/x',
    );
    const panel = screen.getByRole('region', { name: 'Diagnosis' });
    const findings = Array.from(
      panel.querySelectorAll('[data-diagnosis-id]'),
    ) as HTMLElement[];
    expect(findings.map(f => f.dataset.diagnosisId)).toEqual([
      'pending-workflow-missing',
      'pod-stuck',
      'events-unreadable',
    ]);
    // Errors interrupt (role alert); warnings and information do not.
    expect(findings.map(f => f.getAttribute('role'))).toEqual([
      'alert',
      'status',
      'status',
    ]);
    expect(
      findings.map(f => /MuiAlert-color(\w+)/.exec(f.className)?.[1]),
    ).toEqual(['Error', 'Warning', 'Info']);
    const first = within(findings[0]);
    expect(
      first.getByText('ComponentWorkflow docker-retired does not exist'),
    ).toBeInTheDocument();
    expect(
      first.getByText('The run has been Pending for 5 minutes.'),
    ).toBeInTheDocument();
    expect(findings[0]).toHaveTextContent(
      'How to fix it: Create the ComponentWorkflow docker-retired in namespace default.',
    );
    expect(first.queryByRole('link')).not.toBeInTheDocument();
  });

  it('links a log line to the step’s log at that line, keeping the rest of the URL', async () => {
    const onOpenLog = jest.fn();
    await renderPanel(
      [buildFailed],
      '/builds/runs/default/x?step=clone-step&line=9&view=wide',
      onOpenLog,
    );
    expect(
      screen.getByText(
        'Error: stat /mnt/vol/source/Dockerfile: no such file or directory',
      ),
    ).toBeInTheDocument();
    const link = screen.getByRole('link', {
      name: 'Open the log of build-step at line 2',
    });
    expect(link).toHaveAttribute(
      'href',
      '/builds/runs/default/x?step=b&line=2&view=wide',
    );
    await userEvent.click(link);
    expect(onOpenLog).toHaveBeenCalledWith('b', 2);
    expect(screen.getByTestId('location')).toHaveTextContent(
      '/builds/runs/default/x?step=b&line=2&view=wide',
    );
  });
});

describe('the diagnosis on the run page', () => {
  const NAME = 'greeter-service-workflow-0000aaaa';
  const BASE_URL = 'http://backend/api/openchoreo-build';

  /** The step log route answering three lines, then the end. */
  function logsFetchApi() {
    return {
      fetch: jest.fn(async () => {
        const lines = ['Building app-image', 'Error: stat …', 'done'];
        const events = [
          `event: source\ndata: {"source":"live"}\n\n`,
          ...lines.map(
            (text, n) =>
              `id: ${
                n + 1
              }\nevent: line\ndata: {"n":${n},"ts":[null]}\ndata: ${text}\n\n`,
          ),
          `event: end\ndata: {"totalLines":${lines.length}}\n\n`,
        ].join('');
        return new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(events));
              controller.close();
            },
          }),
          { status: 200, headers: { 'Content-Type': 'text/event-stream' } },
        );
      }),
    };
  }

  it('is shown above the steps, and its link opens the failed step’s log at the line', async () => {
    const failed = runDetail({
      status: 'Failed',
      steps: [
        {
          id: 'a',
          name: 'clone-step',
          phase: 'Succeeded',
          outputs: {},
          attempts: [],
        },
        {
          id: 'b',
          name: 'build-step',
          phase: 'Failed',
          outputs: {},
          attempts: [],
        },
      ],
      diagnosis: [buildFailed],
    });
    const api = mockBuildApi({ getRun: jest.fn(async () => failed) });
    const fetchApi = logsFetchApi();
    const client = new OpenChoreoBuildClient({
      discoveryApi: { getBaseUrl: async () => BASE_URL },
      fetchApi,
    });
    api.streamStepLog.mockImplementation((ref, handlers, options) =>
      client.streamStepLog(ref, handlers, options),
    );
    // Not awaited (as in RunPage.test.tsx): the run arrives while findBy* waits inside act().
    renderInTestApp(
      <FreshPermissionCache>
        <Routes>
          <Route path="/builds/*" element={<TestRunRoutes list="list" />} />
        </Routes>
        <Location />
      </FreshPermissionCache>,
      {
        apis: [[openChoreoBuildApiRef, api], mockPermissionApi()],
        mountedRoutes: runRoutesMountedRoutes,
        initialRouteEntries: [`/builds/runs/default/${NAME}`],
      },
    );

    const panel = await screen.findByRole('region', { name: 'Diagnosis' });
    const steps = screen.getByRole('table', { name: 'Steps' });
    // Above the steps.
    expect(
      panel.compareDocumentPosition(steps) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    // The failed step's log is already shown, without a selected line.
    expect(await screen.findByText('done')).toBeInTheDocument();
    expect(document.getElementById('L2')).not.toHaveClass('oc-log-selected');

    await userEvent.click(
      within(panel).getByRole('link', {
        name: 'Open the log of build-step at line 2',
      }),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      `/builds/runs/default/${NAME}?step=b&line=2`,
    );
    // Opened afresh at the line, although that step's log was already open.
    await waitFor(() =>
      expect(document.getElementById('L2')).toHaveClass('oc-log-selected'),
    );
    expect(fetchApi.fetch).toHaveBeenCalledTimes(2);
  });
});
