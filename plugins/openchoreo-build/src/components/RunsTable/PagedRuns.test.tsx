import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RunListState } from '../../hooks/useRunList';
import { runSummary } from '../../testUtils/mockApi';
import { PagedRuns } from './PagedRuns';

function state(overrides: Partial<RunListState> = {}): RunListState {
  return {
    loading: false,
    retry: jest.fn(),
    nextPage: jest.fn(),
    previousPage: jest.fn(),
    addRun: jest.fn(),
    live: { state: 'open' },
    ...overrides,
  };
}

const page = (
  items = [runSummary()],
  more: Partial<NonNullable<RunListState['value']>> = {},
) => ({
  items,
  page: 0,
  hasNext: false,
  hasPrevious: false,
  ...more,
});

const render = (runs: RunListState) =>
  renderInTestApp(
    <PagedRuns
      runs={runs}
      empty={<div>nothing here</div>}
      runLink={r => `/runs/${r.name}`}
      caption="Builds"
    />,
  );

describe('PagedRuns', () => {
  it('shows progress while loading', async () => {
    await render(state({ loading: true }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows an error with a retry', async () => {
    const runs = state({ error: new Error('backend down') });
    await render(runs);
    expect(screen.getAllByText(/backend down/).length).toBeGreaterThan(0);
    await userEvent.click(
      screen.getByRole('button', { name: /retry|try again/i }),
    );
    expect(runs.retry).toHaveBeenCalled();
  });

  it('shows the empty state when there is no run at all', async () => {
    await render(state({ value: page([]) }));
    expect(screen.getByText('nothing here')).toBeInTheDocument();
  });

  it('keeps the pager on an empty page that has a next one', async () => {
    await render(state({ value: page([], { hasNext: true }) }));
    expect(screen.queryByText('nothing here')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeEnabled();
  });

  it('shows the table and pages with the pager', async () => {
    const runs = state({
      value: page([runSummary({ name: 'r1' })], { page: 1, hasPrevious: true }),
    });
    await render(runs);
    expect(screen.getByRole('table', { name: 'Builds' })).toBeInTheDocument();
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(runs.previousPage).toHaveBeenCalled();
  });
});
