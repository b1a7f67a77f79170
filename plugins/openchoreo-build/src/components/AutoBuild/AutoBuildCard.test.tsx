import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OpenChoreoBuildClient, openChoreoBuildApiRef } from '../../api';
import { AutoBuildCard } from './AutoBuildCard';
import { setupSteps } from './setupSteps';
import { autoBuildState } from '../../testUtils';
import { englishTranslate } from '../../__testUtils__/englishTranslate';

const BASE = 'http://backend.test/api/openchoreo-build';
const ROUTE = `${BASE}/components/default/default/greeter-service/autobuild`;
const target = {
  namespace: 'default',
  project: 'default',
  component: 'greeter-service',
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

/** The card's own routes go to the test's fetch; its deliveries list answers empty. */
function render(fetch: jest.Mock) {
  const routed = async (
    url: RequestInfo | URL,
    init?: RequestInit,
  ): Promise<Response> =>
    String(url).startsWith(`${ROUTE}/deliveries`)
      ? json(200, { ...target, items: [] })
      : fetch(url, init);
  return renderInTestApp(
    <AutoBuildCard target={target} runLink={run => `/runs/${run.name}`} />,
    {
      // The real client over a fake fetch: the card's requests are checked as HTTP.
      apis: [
        [
          openChoreoBuildApiRef,
          new OpenChoreoBuildClient({
            discoveryApi: { getBaseUrl: async () => BASE },
            fetchApi: { fetch: routed },
          }),
        ],
      ],
    },
  );
}

describe('AutoBuildCard', () => {
  it('shows the state, the GitHub webhook URL and setup steps, and switches auto-build off with a PUT', async () => {
    let current = autoBuildState();
    const fetch = jest.fn(async (url: string, init?: RequestInit) => {
      expect(url).toBe(ROUTE);
      if (init?.method === 'PUT') {
        current = {
          ...current,
          autoBuild: JSON.parse(String(init.body)).enabled,
        };
      }
      return json(200, current);
    });
    await render(fetch);
    expect(await screen.findByTestId('autobuild-status')).toHaveTextContent(
      'Auto-build is on',
    );
    expect(screen.getByTestId('autobuild-webhook-url')).toHaveTextContent(
      `${BASE}/webhooks/github`,
    );
    // The sentence is one translated text with the paths and branch interpolated as code.
    expect(
      screen.getByText(/\/service-go-greeter/).closest('p'),
    ).toHaveTextContent(
      'A push builds this component when it changes a file under /service-go-greeter of https://github.com/openchoreo/sample-workloads on branch main. The build uses the pushed commit.',
    );
    const steps = within(
      screen.getByTestId('autobuild-setup-steps'),
    ).getAllByRole('listitem');
    expect(steps.map(s => s.textContent)).toEqual(
      setupSteps(englishTranslate(), 'github', current),
    );
    expect(steps[1]).toHaveTextContent(`Payload URL: ${BASE}/webhooks/github`);

    const toggle = screen.getByRole('checkbox', { name: 'Auto-build on push' });
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() =>
      expect(screen.getByTestId('autobuild-status')).toHaveTextContent(
        'Auto-build is off',
      ),
    );
    expect(toggle).not.toBeChecked();
    const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT')!;
    expect(JSON.parse(String(put[1]!.body))).toEqual({ enabled: false });
  });

  it('shows each provider’s URL and steps in its tab', async () => {
    await render(jest.fn(async () => json(200, autoBuildState())));
    await screen.findByTestId('autobuild-status');
    await userEvent.click(screen.getByRole('tab', { name: 'GitLab' }));
    expect(screen.getByTestId('autobuild-webhook-url')).toHaveTextContent(
      `${BASE}/webhooks/gitlab`,
    );
    expect(
      screen.getByText(/Secret token: the value of key "gitlab-secret"/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Bitbucket' }));
    expect(screen.getByTestId('autobuild-webhook-url')).toHaveTextContent(
      `${BASE}/webhooks/bitbucket`,
    );
    expect(
      screen.getByText(/X-Hub-Signature, HMAC-SHA256/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Copy Bitbucket setup steps' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Copy webhook URL' }),
    ).toBeInTheDocument();
  });

  it('disables the switch with the reason when the user lacks the permission', async () => {
    await render(
      jest.fn(async () =>
        json(
          200,
          autoBuildState({
            autoBuild: false,
            canUpdate: false,
            requireBranchMatch: false,
          }),
        ),
      ),
    );
    expect(await screen.findByTestId('autobuild-status')).toHaveTextContent(
      'Auto-build is off',
    );
    expect(
      screen.getByRole('checkbox', { name: 'Auto-build on push' }),
    ).toBeDisabled();
    expect(
      screen.getByText(/permission openchoreo\.build\.autobuild\.update/),
    ).toBeInTheDocument();
    expect(screen.getByText(/on any branch/)).toBeInTheDocument();
  });

  it('keeps the state and shows the backend’s message when the switch is refused', async () => {
    const fetch = jest.fn(async (_url: string, init?: RequestInit) =>
      init?.method === 'PUT'
        ? json(403, {
            error: {
              name: 'NotAllowedError',
              message: 'You are not allowed to switch auto-build',
            },
            response: { statusCode: 403 },
          })
        : json(200, autoBuildState()),
    );
    await render(fetch);
    await userEvent.click(
      await screen.findByRole('checkbox', { name: 'Auto-build on push' }),
    );
    expect(
      await screen.findByTestId('autobuild-update-error'),
    ).toHaveTextContent('You are not allowed to switch auto-build');
    expect(screen.getByTestId('autobuild-status')).toHaveTextContent(
      'Auto-build is on',
    );
  });

  it('shows a load error with a retry', async () => {
    let fail = true;
    const fetch = jest.fn(async () =>
      fail
        ? json(503, {
            error: {
              name: 'ServiceUnavailableError',
              message: 'control plane is unreachable',
            },
            response: { statusCode: 503 },
          })
        : json(200, autoBuildState()),
    );
    await render(fetch);
    expect(
      await screen.findByText(/control plane is unreachable/),
    ).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('autobuild-status')).toHaveTextContent(
      'Auto-build is on',
    );
  });

  it('says why no push can build the component when its workflow names no repository', async () => {
    const problem =
      'workflow dockerfile-builder schema missing x-openchoreo-component-parameter-repository-url extension';
    const fetch = jest.fn(async () =>
      json(200, autoBuildState({ repositoryProblem: problem })),
    );
    await render(fetch);
    expect(
      await screen.findByTestId('autobuild-repository-problem'),
    ).toHaveTextContent(`No push can build this component: ${problem}`);
  });

  it('shows no repository warning when the repository is known', async () => {
    await render(jest.fn(async () => json(200, autoBuildState())));
    await screen.findByTestId('autobuild-status');
    expect(
      screen.queryByTestId('autobuild-repository-problem'),
    ).not.toBeInTheDocument();
  });
});
