/* eslint-disable no-script-url -- these tests check that javascript: URLs never become links */
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { openChoreoBuildApiRef } from '../../api';
import { mockPermissionApi } from '../../__testUtils__/mockPermissions';
import { FreshPermissionCache } from '../../__testUtils__/permissionCache';
import {
  gitopsRunDetail,
  mockBuildApi,
  runDetail,
  WORKLOAD_CR,
  type MockBuildApi,
} from '../../testUtils/mockApi';
import {
  TestRunRoutes,
  runRoutesMountedRoutes,
} from '../../__testUtils__/runRoutes';

const NAME = 'reading-list-workflow-5e6f7a8b';
const PR = 'https://github.com/openchoreo/sample-gitops/pull/42';

/** The run page of `NAME`; the log viewer's stream never answers (the mock's default). */
function render(api: MockBuildApi, search = '') {
  return renderInTestApp(
    <FreshPermissionCache>
      <Routes>
        <Route path="/builds/*" element={<TestRunRoutes />} />
      </Routes>
    </FreshPermissionCache>,
    {
      apis: [[openChoreoBuildApiRef, api], mockPermissionApi()],
      mountedRoutes: runRoutesMountedRoutes,
      initialRouteEntries: [`/builds/runs/default/${NAME}${search}`],
    },
  );
}

describe('the pull request of a GitOps release run', () => {
  it('is an external link in the summary that opens in a new tab without an opener', async () => {
    render(mockBuildApi({ getRun: jest.fn(async () => gitopsRunDetail()) }));
    const summary = await screen.findByTestId('run-summary');
    expect(within(summary).getByText('Pull request')).toBeInTheDocument();
    const link = within(summary).getByRole('link', {
      name: `Pull request ${PR}, Opens in a new window`,
    });
    expect(link).toHaveAttribute('href', PR);
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it('is not shown for a run that opened none', async () => {
    render(
      mockBuildApi({
        getRun: jest.fn(async () => runDetail({ name: NAME })),
      }),
    );
    const summary = await screen.findByTestId('run-summary');
    expect(within(summary).queryByText('Pull request')).not.toBeInTheDocument();
    expect(within(summary).queryByRole('link')).not.toBeInTheDocument();
  });
});

describe("the selected step's outputs", () => {
  it('lists name and value; a safe URL is a link', async () => {
    // The last step is selected by default on a succeeded run.
    render(mockBuildApi({ getRun: jest.fn(async () => gitopsRunDetail()) }));
    const outputs = await screen.findByLabelText(
      'Outputs of git-commit-push-pr',
    );
    expect(within(outputs).getByText('pull-request-url')).toBeInTheDocument();
    const link = within(outputs).getByRole('link', {
      name: `pull-request-url: ${PR}, Opens in a new window`,
    });
    expect(link).toHaveAttribute('href', PR);
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it('shows short values as text and collapses long ones such as workload-cr', async () => {
    render(
      mockBuildApi({ getRun: jest.fn(async () => gitopsRunDetail()) }),
      '?step=gitops-node-3',
    );
    const outputs = await screen.findByLabelText(
      'Outputs of generate-gitops-resources',
    );
    expect(within(outputs).getByText('workload-cr')).toBeInTheDocument();
    expect(screen.queryByLabelText('Value of workload-cr')).toBeNull();
    const toggle = within(outputs).getByRole('button', {
      name: 'Show workload-cr (9 lines)',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const value = await screen.findByLabelText('Value of workload-cr');
    expect(value.textContent).toBe(WORKLOAD_CR);
    // Scrollable and reachable by keyboard.
    expect(value).toHaveAttribute('tabindex', '0');
    expect(
      within(outputs).getByRole('button', { name: 'Copy workload-cr' }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'push-image' }));
    const pushed = await screen.findByLabelText('Outputs of push-image');
    expect(
      within(pushed).getByText(
        'registry.local/default-reading-list:v1-a1b2c3d4',
      ).tagName,
    ).toBe('CODE');
  });

  it('shows unsafe values as text, never as links', async () => {
    const run = gitopsRunDetail({ pullRequestUrl: undefined });
    run.steps[4].outputs = {
      'pull-request-url': 'javascript:alert(document.cookie)',
      'mirror-url': 'https://[redacted]@github.com/o/r',
    };
    render(mockBuildApi({ getRun: jest.fn(async () => run) }));
    const outputs = await screen.findByLabelText(
      'Outputs of git-commit-push-pr',
    );
    expect(
      within(outputs).getByText('javascript:alert(document.cookie)'),
    ).toBeInTheDocument();
    expect(within(outputs).queryByRole('link')).not.toBeInTheDocument();
    expect(
      within(screen.getByTestId('run-summary')).queryByText('Pull request'),
    ).not.toBeInTheDocument();
  });

  it('is absent for a step without outputs', async () => {
    render(
      mockBuildApi({ getRun: jest.fn(async () => gitopsRunDetail()) }),
      '?step=gitops-node-1',
    );
    expect(await screen.findByText('Log of build-image')).toBeInTheDocument();
    expect(screen.queryByTestId('step-outputs')).not.toBeInTheDocument();
  });
});
