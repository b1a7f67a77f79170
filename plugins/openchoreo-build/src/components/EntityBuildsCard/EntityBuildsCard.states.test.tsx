import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openChoreoBuildApiRef } from '../../api';
import { mockPermissionApi } from '../../__testUtils__/mockPermissions';
import { mockBuildApi, runSummary } from '../../testUtils/mockApi';
import { EntityBuildsCard } from './EntityBuildsCard';
import {
  annotated,
  finished,
  listing,
  renderCard as render,
  secondsAgo,
} from './__testUtils__/renderCard';

describe('EntityBuildsCard: states and Start build', () => {
  it('offers Start build in the empty state, opening the Start build dialog', async () => {
    render(mockBuildApi());
    expect(await screen.findByText('No builds yet')).toBeInTheDocument();
    const start = screen.getByRole('button', { name: 'Start build' });
    await waitFor(() => expect(start).toBeEnabled());
    await userEvent.click(start);
    expect(
      await screen.findByRole('dialog', {
        name: 'Start a build of greeter-service',
      }),
    ).toBeInTheDocument();
  });

  it('shows a started build at once as the latest', async () => {
    const started = runSummary({
      name: 'started-now',
      status: 'Pending',
      createdAt: secondsAgo(1),
      startedAt: undefined,
      completedAt: undefined,
      durationSeconds: undefined,
    });
    const api = mockBuildApi({
      listRuns: listing(finished(3)),
      createRun: jest.fn(async () => started),
    });
    render(api);
    await screen.findByTestId('latest-build');
    const start = screen.getByRole('button', { name: 'Start build' });
    await waitFor(() => expect(start).toBeEnabled());
    await userEvent.click(start);
    const dialog = await screen.findByRole('dialog', {
      name: 'Start a build of greeter-service',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start build' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      within(screen.getByTestId('latest-build')).getByRole('link', {
        name: 'started-now',
      }),
    ).toBeInTheDocument();
  });

  it('disables Start build with the reason when run.create is denied on the entity', async () => {
    render(mockBuildApi({ listRuns: listing(finished(3)) }), {
      permissions: mockPermissionApi(
        (name, ref) =>
          !(
            name === 'openchoreo.build.run.create' &&
            ref === 'component:default/greeter-service'
          ),
      ),
    });
    await screen.findByTestId('latest-build');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Start build' }),
      ).toBeDisabled(),
    );
    expect(
      screen.getByText(/You are not allowed to start builds of this component/),
    ).toBeInTheDocument();
  });

  it('says builds may be hidden when run.read is denied', async () => {
    render(mockBuildApi(), {
      permissions: mockPermissionApi(
        name => name !== 'openchoreo.build.run.read',
      ),
    });
    expect(
      await screen.findByTestId('builds-card-runs-hidden'),
    ).toHaveTextContent(
      /You are not allowed to see the builds of this component.*Builds you may not see are left out\./,
    );
  });

  it('shows the error with what to do, and retries', async () => {
    const listRuns = jest
      .fn()
      .mockRejectedValueOnce(
        Object.assign(new Error('control plane unreachable'), {
          statusCode: 502,
        }),
      )
      .mockResolvedValue({ items: [finished(3)] });
    render(mockBuildApi({ listRuns }));
    expect(await screen.findByTestId('error-state')).toHaveTextContent(
      /could not reach the OpenChoreo cluster/,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('latest-build')).toBeInTheDocument();
  });

  it('shows a progress bar until the runs arrive', async () => {
    let answer: (value: { items: RunSummary[] }) => void = () => {};
    render(
      mockBuildApi({
        listRuns: jest.fn(
          () =>
            new Promise(resolve => {
              answer = resolve;
            }),
        ),
      }),
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    await act(async () => answer({ items: [finished(3)] }));
    expect(await screen.findByTestId('latest-build')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('names the missing annotations, and requests nothing, on an entity without them', async () => {
    const api = mockBuildApi();
    await renderInTestApp(
      <EntityProvider
        entity={{ ...annotated, metadata: { name: 'plain', annotations: {} } }}
      >
        <EntityBuildsCard />
      </EntityProvider>,
      { apis: [[openChoreoBuildApiRef, api], mockPermissionApi()] },
    );
    expect(
      await screen.findByText(/Missing Annotations?/i),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/openchoreo\.io\/component/).length,
    ).toBeGreaterThan(0);
    expect(api.listRuns).not.toHaveBeenCalled();
  });
});
