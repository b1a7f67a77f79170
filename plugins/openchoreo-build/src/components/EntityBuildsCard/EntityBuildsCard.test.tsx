import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rootRouteRef } from '../../routes';
import { mockBuildApi, runSummary } from '../../testUtils/mockApi';
import { formatTime } from '../common/format';
import {
  BUILDS_PAGE,
  TAB,
  finished,
  listing,
  renderCard as render,
  secondsAgo,
  stripItems,
} from './__testUtils__/renderCard';

describe('EntityBuildsCard', () => {
  it('shows the latest build: status, linked name, branch@commit, relative start, duration and who started it', async () => {
    const api = mockBuildApi({
      listRuns: listing(
        finished(3, {
          trigger: { kind: 'user', userEntityRef: 'user:default/jdoe' },
        }),
        finished(60),
      ),
    });
    render(api);
    const latest = await screen.findByTestId('latest-build');
    expect(within(latest).getByText('Succeeded')).toBeInTheDocument();
    expect(within(latest).getByRole('link', { name: 'run-3' })).toHaveAttribute(
      'href',
      `${TAB}/runs/default/run-3`,
    );
    expect(
      within(latest).getByTestId('latest-build-revision'),
    ).toHaveTextContent('main@a1b2c3d');
    expect(within(latest).getByText('3 minutes ago')).toBeInTheDocument();
    expect(
      within(latest).getByTestId('latest-build-duration'),
    ).toHaveTextContent('2m 30s');
    expect(within(latest).getByText(/^by/)).toHaveTextContent('by jdoe');
    expect(within(latest).getByRole('link', { name: /jdoe/ })).toHaveAttribute(
      'href',
      '/catalog/default/user/jdoe',
    );
    // The card reads the component's newest 20 runs, as the Builds tab reads its first page.
    expect(api.listRuns).toHaveBeenCalledWith({
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
      statuses: [],
      limit: 20,
      cursor: undefined,
    });
  });

  it('shows the absolute start time in a tooltip', async () => {
    const run = finished(3);
    render(mockBuildApi({ listRuns: listing(run) }));
    await userEvent.hover(await screen.findByText('3 minutes ago'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      formatTime(run.startedAt),
    );
  });

  it('says a webhook started a build', async () => {
    render(
      mockBuildApi({
        listRuns: listing(
          finished(3, {
            trigger: { kind: 'webhook', provider: 'github', deliveryId: 'd-1' },
          }),
        ),
      }),
    );
    const latest = await screen.findByTestId('latest-build');
    expect(within(latest).getByText('Triggered')).toBeInTheDocument();
    expect(within(latest).getByText('webhook (github)')).toBeInTheDocument();
  });

  it('leaves the trigger out when nobody knows what started a build', async () => {
    render(mockBuildApi({ listRuns: listing(finished(3)) }));
    const latest = await screen.findByTestId('latest-build');
    expect(within(latest).getByText('Started')).toBeInTheDocument();
    expect(within(latest).queryByText('Triggered')).not.toBeInTheDocument();
  });

  it('draws the last builds oldest first, coloured by status, each naming itself and linking to its run page', async () => {
    render(
      mockBuildApi({
        listRuns: listing(
          runSummary({
            name: 'run-1',
            status: 'Running',
            createdAt: secondsAgo(60),
            startedAt: secondsAgo(60),
            completedAt: undefined,
            durationSeconds: undefined,
          }),
          finished(2, { status: 'Failed' }),
          finished(3, { status: 'Completed' }),
          finished(4),
        ),
      }),
    );
    await screen.findByTestId('build-status-strip');
    const items = stripItems();
    expect(items.map(item => item.dataset.testid)).toEqual([
      'build-strip-item-run-4',
      'build-strip-item-run-3',
      'build-strip-item-run-2',
      'build-strip-item-run-1',
    ]);
    expect(items.map(item => item.dataset.status)).toEqual([
      'Succeeded',
      'Completed',
      'Failed',
      'Running',
    ]);
    const failed = within(items[2]).getByRole('link', {
      name: /^run-2: Failed, 2 minutes ago, 2m 30s$/,
    });
    expect(failed).toHaveAttribute('href', `${TAB}/runs/default/run-2`);
    // Failed and succeeded bars differ in colour.
    const colourOf = (item: HTMLElement) =>
      getComputedStyle(item.querySelector('a > span')!).backgroundColor;
    expect(colourOf(items[2])).not.toBe(colourOf(items[0]));
    expect(colourOf(items[1])).toBe(colourOf(items[0]));
    expect(
      screen.getByRole('list', {
        name: 'Status of the last 4 builds, oldest first',
      }),
    ).toBeInTheDocument();
  });

  it('gives the success rate of the finished builds and a sparkline point for each', async () => {
    render(
      mockBuildApi({
        listRuns: listing(
          runSummary({
            name: 'pending',
            status: 'Pending',
            createdAt: secondsAgo(10),
          }),
          finished(2, { status: 'Failed', durationSeconds: 30 }),
          finished(3, { status: 'Completed', durationSeconds: 90 }),
          finished(4, { durationSeconds: 120 }),
          finished(5, { durationSeconds: 60 }),
        ),
      }),
    );
    expect(await screen.findByTestId('build-success-rate')).toHaveTextContent(
      '75% of the last 4 finished builds succeeded',
    );
    const sparkline = screen.getByRole('img', {
      name: 'Durations of the last 4 finished builds, oldest first: from 30s to 2m 0s',
    });
    expect(
      within(sparkline).getAllByTestId('duration-sparkline-point'),
    ).toHaveLength(4);
  });

  it('says so when none of the builds has finished yet, and draws no sparkline', async () => {
    render(
      mockBuildApi({
        listRuns: listing(
          runSummary({
            name: 'running',
            status: 'Running',
            createdAt: secondsAgo(65),
            startedAt: secondsAgo(65),
            completedAt: undefined,
            durationSeconds: undefined,
          }),
        ),
      }),
    );
    expect(await screen.findByTestId('build-success-rate')).toHaveTextContent(
      'No finished builds yet',
    );
    expect(screen.queryByTestId('duration-sparkline')).not.toBeInTheDocument();
    // A running build's duration counts from its start.
    expect(screen.getByTestId('latest-build-duration')).toHaveTextContent(
      /^1m \d+s$/,
    );
  });

  it('keeps the last 20 builds as new ones arrive live, and shows status changes', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => finished(i + 2));
    const api = mockBuildApi({ listRuns: listing(...twenty) });
    render(api);
    await screen.findByTestId('build-status-strip');
    expect(stripItems()).toHaveLength(20);
    expect(screen.getByTestId('live-indicator')).toHaveTextContent('Live');

    const fresh = runSummary({
      name: 'fresh',
      status: 'Pending',
      createdAt: secondsAgo(5),
      startedAt: undefined,
      completedAt: undefined,
      durationSeconds: undefined,
    });
    act(() => api.emit({ type: 'added', namespace: 'default', run: fresh }));
    const latest = await screen.findByTestId('latest-build');
    expect(
      await within(latest).findByRole('link', { name: 'fresh' }),
    ).toBeInTheDocument();
    const items = stripItems();
    expect(items).toHaveLength(20);
    expect(items[19].dataset.testid).toBe('build-strip-item-fresh');
    // The oldest (run-21) made room.
    expect(items[0].dataset.testid).toBe('build-strip-item-run-20');

    act(() =>
      api.emit({
        type: 'modified',
        namespace: 'default',
        run: { ...fresh, status: 'Failed' },
      }),
    );
    expect(await within(latest).findByText('Failed')).toBeInTheDocument();
    expect(stripItems()[19].dataset.status).toBe('Failed');
    expect(api.listRuns).toHaveBeenCalledTimes(1);
  });

  it('links to the Builds tab', async () => {
    render(mockBuildApi({ listRuns: listing(finished(3)) }));
    expect(
      await screen.findByRole('link', { name: 'View all builds' }),
    ).toHaveAttribute('href', TAB);
  });

  it('links runs to the Builds page when the app has no Builds tab', async () => {
    render(mockBuildApi({ listRuns: listing(finished(3)) }), {
      mounted: { [BUILDS_PAGE]: convertLegacyRouteRef(rootRouteRef) },
    });
    const latest = await screen.findByTestId('latest-build');
    expect(within(latest).getByRole('link', { name: 'run-3' })).toHaveAttribute(
      'href',
      `${BUILDS_PAGE}/runs/default/run-3`,
    );
    expect(
      screen.queryByRole('link', { name: 'View all builds' }),
    ).not.toBeInTheDocument();
  });

  it('still shows the builds, unlinked, when the app has neither the tab nor the page', async () => {
    render(mockBuildApi({ listRuns: listing(finished(3)) }), { mounted: {} });
    const latest = await screen.findByTestId('latest-build');
    expect(within(latest).getByText('run-3')).toBeInTheDocument();
    expect(within(latest).queryByRole('link')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'View all builds' }),
    ).not.toBeInTheDocument();
  });
});
