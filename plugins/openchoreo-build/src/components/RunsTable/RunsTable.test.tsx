import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { runSummary } from '../../testUtils/mockApi';
import { formatTime } from '../common/format';
import { RunsTable } from './RunsTable';

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

/** The ISO time `seconds` before now (on the clock the test runs with). */
const secondsAgo = (seconds: number) =>
  new Date(Date.now() - seconds * 1000).toISOString();

type Apis = NonNullable<Parameters<typeof renderInTestApp>[1]>['apis'];

/** Replaces the listed runs, as a live event would (set by {@link Listing}). */
let showRuns: (runs: RunSummary[]) => void = () => {};

/** The table over runs that a test may replace. */
const Listing = (props: { runs: RunSummary[]; showOwner?: boolean }) => {
  const [runs, setRuns] = useState(props.runs);
  showRuns = setRuns;
  return (
    <RunsTable
      runs={runs}
      runLink={run => `/runs/${run.namespace}/${run.name}`}
      showOwner={props.showOwner}
      caption="Builds"
    />
  );
};

function render(
  runs: RunSummary[],
  options: { showOwner?: boolean; apis?: Apis } = {},
) {
  return renderInTestApp(
    <Listing runs={runs} showOwner={options.showOwner} />,
    {
      apis: options.apis,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    },
  );
}

const row = (name: string) => screen.getByTestId(`run-row-${name}`);
/** The cell of `column` (`data-column`) in a run's row. */
const cell = (name: string, column: string) =>
  row(name).querySelector<HTMLElement>(`td[data-column="${column}"]`)!;

describe('RunsTable', () => {
  it('tells the start relatively, with the absolute time in a tooltip', async () => {
    const run = runSummary({
      name: 'r1',
      createdAt: secondsAgo(3 * 60),
      startedAt: secondsAgo(3 * 60),
    });
    await render([run]);
    const started = within(cell('r1', 'started')).getByText('3 minutes ago');
    expect(started).toHaveAttribute('dateTime', run.startedAt);
    await userEvent.hover(started);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      formatTime(run.startedAt),
    );
  });

  it.each([
    [
      'GitHub',
      'https://github.com/acme/api.git',
      'acme/api',
      'https://github.com/acme/api',
      `https://github.com/acme/api/commit/${SHA}`,
      'https://github.com/acme/api/tree/feature/login',
    ],
    [
      'GitLab (a subgroup, SSH form)',
      'git@gitlab.com:acme/platform/api.git',
      'acme/platform/api',
      'https://gitlab.com/acme/platform/api',
      `https://gitlab.com/acme/platform/api/-/commit/${SHA}`,
      'https://gitlab.com/acme/platform/api/-/tree/feature/login',
    ],
    [
      'Bitbucket',
      'ssh://git@bitbucket.org/acme/api.git',
      'acme/api',
      'https://bitbucket.org/acme/api',
      `https://bitbucket.org/acme/api/commits/${SHA}`,
      'https://bitbucket.org/acme/api/branch/feature/login',
    ],
  ])(
    'links the branch, commit and repository to %s',
    async (_, url, name, repository, commit, branch) => {
      await render([
        runSummary({
          name: 'r1',
          repository: { url, branch: 'feature/login', commit: SHA },
        }),
      ]);
      const source = within(cell('r1', 'branch'));
      // A link to another site tells screen readers it opens a new window.
      const external = (text: string) => ({
        name: `${text}, Opens in a new window`,
      });
      expect(
        source.getByRole('link', external('feature/login')),
      ).toHaveAttribute('href', branch);
      expect(source.getByRole('link', external('a1b2c3d'))).toHaveAttribute(
        'href',
        commit,
      );
      expect(source.getByRole('link', external(name))).toHaveAttribute(
        'href',
        repository,
      );
    },
  );

  it('shows the source of an unknown host, or a hostile URL, as plain text without credentials', async () => {
    await render([
      runSummary({
        name: 'self-hosted',
        repository: {
          url: 'https://deploy:s3cret@gitea.local/acme/api.git',
          branch: 'main',
          commit: SHA,
        },
      }),
      runSummary({
        name: 'hostile',
        // eslint-disable-next-line no-script-url -- checks that it never becomes a link
        repository: { url: 'javascript:alert(1)', branch: 'main' },
      }),
    ]);
    const selfHosted = cell('self-hosted', 'branch');
    expect(within(selfHosted).queryByRole('link')).not.toBeInTheDocument();
    expect(selfHosted).toHaveTextContent('main');
    expect(selfHosted).toHaveTextContent('a1b2c3d · gitea.local/acme/api');
    expect(selfHosted.innerHTML).not.toContain('s3cret');
    const hostile = cell('hostile', 'branch');
    expect(within(hostile).queryByRole('link')).not.toBeInTheDocument();
    expect(hostile.innerHTML).not.toContain('javascript');
  });

  it('says who or what started each run', async () => {
    await render([
      runSummary({
        name: 'by-user',
        trigger: { kind: 'user', userEntityRef: 'user:default/guest' },
      }),
      runSummary({
        name: 'by-webhook',
        trigger: { kind: 'webhook', provider: 'github', deliveryId: 'd-42' },
      }),
      runSummary({ name: 'unknown' }),
    ]);
    expect(
      within(cell('by-user', 'trigger')).getByRole('link', { name: 'guest' }),
    ).toHaveAttribute('href', '/catalog/default/user/guest');
    const webhook = within(cell('by-webhook', 'trigger')).getByText(
      'GitHub webhook',
    );
    await userEvent.hover(webhook);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Delivery d-42',
    );
    expect(cell('unknown', 'trigger')).toHaveTextContent(/^—$/);
  });

  it('links the component and project to the catalog entities that claim them, and folds the owner under the component', async () => {
    const claimed = runSummary({
      name: 'claimed',
      namespace: 'acme',
      project: 'shop',
      component: 'cart',
    });
    const unclaimed = runSummary({
      name: 'unclaimed',
      namespace: 'acme',
      project: 'shop',
      component: 'nobody-claims-me',
    });
    await render([claimed, unclaimed], {
      showOwner: true,
      apis: [
        catalogApiMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              // Named unlike the catalog module would: the annotations decide, not the name.
              metadata: {
                name: 'shopping-cart',
                namespace: 'acme',
                annotations: {
                  'openchoreo.io/namespace': 'acme',
                  'openchoreo.io/project': 'shop',
                  'openchoreo.io/component': 'cart',
                },
              },
              spec: { system: 'shop' },
            },
          ],
        }),
      ],
    });
    const component = within(cell('claimed', 'component'));
    expect(
      await component.findByRole('link', { name: 'cart' }),
    ).toHaveAttribute('href', '/catalog/acme/component/shopping-cart');
    expect(component.getByRole('link', { name: 'shop' })).toHaveAttribute(
      'href',
      '/catalog/acme/system/shop',
    );
    expect(component.getByTestId('run-owner-caption')).toHaveTextContent(
      'acme / shop',
    );
    const other = cell('unclaimed', 'component');
    expect(other).toHaveTextContent('nobody-claims-me');
    expect(within(other).queryByRole('link')).not.toBeInTheDocument();
  });

  it('truncates a long run name with the whole name in a tooltip', async () => {
    const name = `build-${'x'.repeat(80)}`;
    await render([runSummary({ name })]);
    const link = within(cell(name, 'run')).getByRole('link', { name });
    await userEvent.hover(link);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(name);
  });

  describe('on a wide screen', () => {
    const matchMedia = window.matchMedia;
    beforeEach(() => {
      window.matchMedia = (query: string) =>
        ({
          matches: true,
          media: query,
          onchange: null,
          addEventListener: () => {},
          removeEventListener: () => {},
          addListener: () => {},
          removeListener: () => {},
          dispatchEvent: () => false,
        } as MediaQueryList);
    });
    afterEach(() => {
      window.matchMedia = matchMedia;
    });

    it('gives every value its own column', async () => {
      await render([runSummary({ name: 'r1' })], { showOwner: true });
      expect(
        screen.getAllByRole('columnheader').map(header => header.textContent),
      ).toEqual([
        'Status',
        'Run',
        'Organization',
        'Project',
        'Component',
        'Workflow',
        'Branch',
        'Commit',
        'Triggered by',
        'Started',
        'Duration',
      ]);
      expect(screen.queryByTestId('run-owner-caption')).not.toBeInTheDocument();
    });
  });

  it('folds organization, project, workflow and commit into other columns on a narrower screen', async () => {
    await render([runSummary({ name: 'r1' })], { showOwner: true });
    expect(
      screen.getAllByRole('columnheader').map(header => header.textContent),
    ).toEqual([
      'Status',
      'Run',
      'Component',
      'Branch',
      'Triggered by',
      'Started',
      'Duration',
    ]);
    expect(cell('r1', 'run')).toHaveTextContent('docker');
    expect(cell('r1', 'component')).toHaveTextContent('default / default');
  });

  describe('with a clock', () => {
    beforeEach(() => {
      jest.useFakeTimers({ now: Date.parse('2026-01-10T10:00:00Z') });
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('ticks the duration of a running build every second, and of none once it finished', async () => {
      const running = runSummary({
        name: 'running',
        status: 'Running',
        createdAt: '2026-01-10T09:59:50Z',
        startedAt: '2026-01-10T09:59:50Z',
        completedAt: undefined,
        durationSeconds: undefined,
      });
      await render([running]);
      expect(cell('running', 'duration')).toHaveTextContent('10s');
      act(() => jest.advanceTimersByTime(3_000));
      expect(cell('running', 'duration')).toHaveTextContent('13s');

      act(() =>
        showRuns([
          {
            ...running,
            status: 'Succeeded',
            completedAt: '2026-01-10T10:00:05Z',
            durationSeconds: 15,
          },
        ]),
      );
      act(() => jest.advanceTimersByTime(5_000));
      expect(cell('running', 'duration')).toHaveTextContent('15s');
    });

    it('shows no duration for a finished build without an end time', async () => {
      await render([
        runSummary({
          name: 'failed',
          status: 'Failed',
          completedAt: undefined,
          durationSeconds: undefined,
        }),
      ]);
      expect(cell('failed', 'duration')).toHaveTextContent('—');
    });
  });
});
