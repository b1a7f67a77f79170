import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  WebhookDeliveriesResponse,
  WebhookDelivery,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OpenChoreoBuildClient, openChoreoBuildApiRef } from '../../api';
import { formatRelativeTime } from '../common/format';
import { RecentDeliveries } from './RecentDeliveries';

const BASE = 'http://backend.test/api/openchoreo-build';
const ROUTE = `${BASE}/components/default/default/greeter-service/autobuild/deliveries?limit=20`;
const target = {
  namespace: 'default',
  project: 'default',
  component: 'greeter-service',
};
const COMMIT = '9fceb02d0ae598e95dc970b74767f19372d61af8';

function delivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: 'log-1',
    receivedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    provider: 'github',
    deliveryId: 'f3f4c0a0-4e0b-11f0-8c5e-1a2b3c4d5e6f',
    event: 'push',
    repository: 'https://github.com/openchoreo/sample-workloads.git',
    branch: 'main',
    commit: COMMIT,
    outcome: 'created',
    message: '1 build(s) started.',
    componentOutcome: 'created',
    runs: [{ namespace: 'default', name: 'greeter-service-workflow-1a2b3c4d' }],
    ...overrides,
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

const answer = (items: WebhookDelivery[]): WebhookDeliveriesResponse => ({
  ...target,
  items,
});

function render(fetch: jest.Mock) {
  return renderInTestApp(
    <RecentDeliveries
      target={target}
      branch="main"
      repository="https://github.com/openchoreo/sample-workloads"
      runLink={run => `/builds/runs/${run.namespace}/${run.name}`}
    />,
    {
      apis: [
        [
          openChoreoBuildApiRef,
          new OpenChoreoBuildClient({
            discoveryApi: { getBaseUrl: async () => BASE },
            fetchApi: { fetch },
          }),
        ],
      ],
    },
  );
}

describe('RecentDeliveries', () => {
  it('lists each delivery with time, provider, branch, short commit, outcome and a link to the run it started', async () => {
    const first = delivery();
    const redelivered = delivery({
      id: 'log-0',
      provider: 'gitlab',
      event: 'Push Hook',
      outcome: 'duplicate',
      componentOutcome: 'duplicate',
      runs: [],
    });
    const fetch = jest.fn(async (_url: string) =>
      json(200, answer([first, redelivered])),
    );
    await render(fetch);
    const table = await screen.findByRole('table', {
      name: 'Recent webhook deliveries',
    });
    expect(fetch.mock.calls[0][0]).toBe(ROUTE);
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['Received', 'Provider', 'Branch', 'Commit', 'Outcome', 'Runs']);

    const row = screen.getByTestId('delivery-row-log-1');
    const cells = within(row).getAllByRole('cell');
    expect(cells.map(c => c.textContent)).toEqual([
      formatRelativeTime(first.receivedAt),
      'GitHub',
      'main',
      '9fceb02',
      'Build started',
      'greeter-service-workflow-1a2b3c4d',
    ]);
    expect(cells[0].textContent).toBe('5 minutes ago');
    expect(row.querySelector('time')).toHaveAttribute(
      'datetime',
      first.receivedAt,
    );
    expect(
      within(row).getByRole('link', {
        name: 'greeter-service-workflow-1a2b3c4d',
      }),
    ).toHaveAttribute(
      'href',
      '/builds/runs/default/greeter-service-workflow-1a2b3c4d',
    );

    const redelivery = within(screen.getByTestId('delivery-row-log-0'))
      .getAllByRole('cell')
      .map(c => c.textContent);
    expect(redelivery.slice(1)).toEqual([
      'GitLab',
      'main',
      '9fceb02',
      'Already built',
      '—',
    ]);
  });

  it('says why a build did not start when the outcome is hovered', async () => {
    await render(
      jest.fn(async () =>
        json(
          200,
          answer([
            delivery({
              outcome: 'failed',
              componentOutcome: 'failed',
              message:
                "0 build(s) started; 1 failed to start (see the portal's log).",
              error: 'parameters.docker.context: must be a string',
              runs: [],
            }),
          ]),
        ),
      ),
    );
    const chip = await screen.findByText('Build not started');
    await userEvent.hover(chip);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'parameters.docker.context: must be a string',
    );
  });

  it('shows what to do when there is no delivery yet', async () => {
    await render(jest.fn(async () => json(200, answer([]))));
    expect(await screen.findByTestId('deliveries-empty')).toHaveTextContent(
      'No deliveries yet: push to main of https://github.com/openchoreo/sample-workloads once the webhook is set up',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a load error with a retry, and refreshes on demand', async () => {
    let status = 503;
    let items = [delivery()];
    const fetch = jest.fn(async () =>
      status === 200
        ? json(200, answer(items))
        : json(status, {
            error: {
              name: 'ServiceUnavailableError',
              message: 'database is unreachable',
            },
            response: { statusCode: status },
          }),
    );
    await render(fetch);
    expect(
      await screen.findByText(
        /Could not load recent deliveries: database is unreachable/,
      ),
    ).toBeInTheDocument();
    status = 200;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('delivery-row-log-1')).toBeInTheDocument();

    items = [delivery({ id: 'log-2' }), ...items];
    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh deliveries' }),
    );
    expect(await screen.findByTestId('delivery-row-log-2')).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledTimes(3);
  });
});
