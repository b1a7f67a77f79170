import { createTranslationMessages } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { RunLogPageResponse } from '@openchoreo-build/plugin-openchoreo-build-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openChoreoBuildApiRef } from '../../api';
import { mockBuildApi, runDetail } from '../../testUtils/mockApi';
import { openchoreoBuildTranslationRef } from '../../translation';
import { translationApiWith } from '../../__testUtils__/translationOverrides';
import { offersWholeRunLog, WholeRunLogCard } from './WholeRunLog';

const CLONE = '7f1c2a9e-0000-4000-8000-000000000001';
const BUILD = '7f1c2a9e-0000-4000-8000-000000000002';

/** Two pages of a run's archived lines, as `GET /runs/:ns/:name/logs` answers them. */
const pages: RunLogPageResponse[] = [
  {
    lines: [
      { n: 0, ts: '2025-03-01T10:00:01Z', text: 'Cloning', step: CLONE },
      { n: 1, ts: '2025-03-01T10:00:05Z', text: 'STEP 1/4', step: BUILD },
    ],
    steps: [
      { id: CLONE, name: 'Pod 1 · started 10:00:01' },
      { id: BUILD, name: 'Pod 2 · started 10:00:05' },
    ],
    complete: false,
    nextOffset: 2,
  },
  {
    lines: [
      {
        n: 2,
        ts: '2025-03-01T10:00:06Z',
        text: 'Error: exit 125',
        step: BUILD,
      },
    ],
    steps: [{ id: BUILD, name: 'Pod 2 · started 10:00:05' }],
    complete: true,
    nextOffset: 3,
  },
];

describe('WholeRunLog', () => {
  it('is offered for runs whose steps were rebuilt from the archive', () => {
    expect(offersWholeRunLog(runDetail({ stepsSource: 'argo' }))).toBe(false);
    expect(offersWholeRunLog(runDetail({ stepsSource: 'archive' }))).toBe(true);
    expect(
      offersWholeRunLog(
        runDetail({ stepsSource: 'archive', wholeRunLog: true }),
      ),
    ).toBe(true);
  });

  it('loads every page when the steps cannot be told apart, each line prefixed with its pod', async () => {
    const api = mockBuildApi({
      getRunLogPage: jest.fn(async (_ns: string, _name: string, options) =>
        (options?.offset ?? 0) === 0 ? pages[0] : pages[1],
      ),
    });
    await renderInTestApp(
      <WholeRunLogCard
        run={runDetail({ stepsSource: 'archive', wholeRunLog: true })}
      />,
      { apis: [[openChoreoBuildApiRef, api]] },
    );
    await waitFor(() =>
      expect(screen.getByText(/Error: exit 125/)).toBeInTheDocument(),
    );
    expect(
      screen.getByText(/\[Pod 1 · started 10:00:01\] Cloning/),
    ).toBeInTheDocument();
    expect(api.getRunLogPage.mock.calls.map(call => call[2]?.offset)).toEqual([
      0, 2,
    ]);
  });

  it('waits for a click when the archived steps have names (each has its own log)', async () => {
    const api = mockBuildApi({
      getRunLogPage: jest.fn(async () => pages[1]),
    });
    await renderInTestApp(
      <WholeRunLogCard run={runDetail({ stepsSource: 'archive' })} />,
      { apis: [[openChoreoBuildApiRef, api]] },
    );
    expect(api.getRunLogPage).not.toHaveBeenCalled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show whole-run log' }),
    );
    await waitFor(() =>
      expect(screen.getByText(/Error: exit 125/)).toBeInTheDocument(),
    );
    expect(api.getRunLogPage).toHaveBeenCalledTimes(1);
  });

  it("shows an app's own words for its texts (a translation override of openchoreoBuildTranslationRef)", async () => {
    const api = mockBuildApi({
      getRunLogPage: jest.fn(async () => pages[1]),
    });
    await renderInTestApp(
      <WholeRunLogCard run={runDetail({ stepsSource: 'archive' })} />,
      {
        apis: [
          [openChoreoBuildApiRef, api],
          translationApiWith(
            createTranslationMessages({
              ref: openchoreoBuildTranslationRef,
              messages: {
                'runPageDetails.wholeRunLog.title': 'Gesamtes Protokoll',
                'runPageDetails.wholeRunLog.show':
                  'Gesamtes Protokoll anzeigen',
              },
            }),
          ),
        ],
      },
    );
    expect(screen.getByText('Gesamtes Protokoll')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Show whole-run log' }),
    ).not.toBeInTheDocument();
    // Texts the app leaves alone stay in English.
    expect(
      screen.getByText(/its steps were rebuilt from the observer archive/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Gesamtes Protokoll anzeigen' }),
    );
    await waitFor(() =>
      expect(screen.getByText(/Error: exit 125/)).toBeInTheDocument(),
    );
  });
});
