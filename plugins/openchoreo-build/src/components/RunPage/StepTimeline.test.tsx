import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  RunDetail,
  RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { runDetail } from '../../testUtils/mockApi';
import { stubSvgMeasurement } from '../../__testUtils__/svgLayout';
import { StepTimeline } from './StepTimeline';

stubSvgMeasurement();

const at = (seconds: number) =>
  new Date(Date.UTC(2026, 0, 10, 10, 0, seconds)).toISOString();

const step = (id: string, overrides: Partial<RunStep> = {}): RunStep => ({
  id,
  name: id,
  phase: 'Succeeded',
  outputs: {},
  attempts: [],
  ...overrides,
});

function render(run: RunDetail, onSelect = jest.fn()) {
  renderInTestApp(<StepTimeline run={run} onSelect={onSelect} />);
  return { onSelect };
}

/** A diamond DAG: A, then B and C side by side, then D after both. */
const diamond = () =>
  runDetail({
    startedAt: at(0),
    completedAt: at(40),
    steps: [
      step('A', { startedAt: at(0), finishedAt: at(10), dependsOn: [] }),
      step('B', { startedAt: at(10), finishedAt: at(20), dependsOn: ['A'] }),
      step('C', {
        phase: 'Failed',
        startedAt: at(10),
        finishedAt: at(30),
        dependsOn: ['A'],
      }),
      step('D', { phase: 'Omitted', dependsOn: ['B', 'C'] }),
    ],
  });

describe('StepTimeline', () => {
  it('draws each step as a bar placed by its times, with the times in words', async () => {
    render(diamond());
    const b = await screen.findByTestId('step-bar-B');
    const segment = within(b).getByTestId('step-bar-segment');
    // 10 s to 20 s of a 40 s run.
    expect(segment).toHaveStyle({ left: '25%', width: '25%' });
    expect(b).toHaveAccessibleName(/to .* \(10s\)$/);
    expect(screen.getByTestId('steps-timeline-span')).toHaveTextContent(
      '(40s)',
    );
  });

  it('shows every attempt of a retried step, failed attempts marked, and the bar names them', async () => {
    render(
      runDetail({
        startedAt: at(0),
        completedAt: at(100),
        steps: [
          step('build', {
            phase: 'Succeeded',
            startedAt: at(0),
            finishedAt: at(100),
            attempts: [
              {
                nodeId: 'b0',
                attempt: 0,
                phase: 'Failed',
                startedAt: at(0),
                finishedAt: at(30),
              },
              {
                nodeId: 'b1',
                attempt: 1,
                phase: 'Succeeded',
                startedAt: at(40),
                finishedAt: at(100),
              },
            ],
          }),
        ],
      }),
    );
    const bar = await screen.findByTestId('step-bar-build');
    const segments = within(bar).getAllByTestId('step-bar-segment');
    expect(
      segments.map(s => [
        s.dataset.attempt,
        s.dataset.phase,
        getComputedStyle(s).left,
      ]),
    ).toEqual([
      ['0', 'Failed', '0%'],
      ['1', 'Succeeded', '40%'],
    ]);
    expect(bar).toHaveAccessibleName(
      /^2 attempts: Attempt 1, Failed: .*; Attempt 2, Succeeded: /,
    );
  });

  it('shows skipped and omitted steps greyed, dashed and labelled', async () => {
    render(diamond());
    const d = await screen.findByTestId('step-bar-D');
    expect(d).toHaveAttribute('data-not-run', 'true');
    expect(d).toHaveTextContent('Omitted');
    expect(d).toHaveAccessibleName(/^Omitted: did not run/);
    expect(within(d).queryByTestId('step-bar-segment')).toBeNull();
  });

  it('moves a running step on with the clock', async () => {
    jest.useFakeTimers({ now: Date.parse(at(30)) });
    try {
      render(
        runDetail({
          status: 'Running',
          startedAt: at(0),
          completedAt: undefined,
          durationSeconds: undefined,
          steps: [
            step('clone', { startedAt: at(0), finishedAt: at(10) }),
            step('build', { phase: 'Running', startedAt: at(10) }),
          ],
        }),
      );
      const row = await screen.findByTestId('step-build');
      expect(row).toHaveTextContent('20s');
      const segment = within(screen.getByTestId('step-bar-build')).getByTestId(
        'step-bar-segment',
      );
      expect(segment).toHaveAttribute('data-ongoing', 'true');
      act(() => {
        jest.advanceTimersByTime(10_000);
      });
      expect(row).toHaveTextContent('30s');
      // The run now spans 40 s, so the finished step's share shrinks.
      expect(
        within(screen.getByTestId('step-bar-clone')).getByTestId(
          'step-bar-segment',
        ),
      ).toHaveStyle({ width: '25%' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('offers a graph for DAG steps, whose nodes select a step', async () => {
    const { onSelect } = render(diamond());
    const toggle = await screen.findByTestId('steps-view-toggle');
    await userEvent.click(
      within(toggle).getByRole('button', { name: 'Graph' }),
    );
    const graph = await screen.findByRole('region', {
      name: /Graph of the steps of/,
    });
    expect(screen.queryByRole('table', { name: 'Steps' })).toBeNull();
    expect(graph).toHaveAccessibleDescription(/D starts after B, C/);
    // The graph draws its nodes once laid out.
    await userEvent.click(
      await within(graph).findByRole('button', { name: 'C, Failed' }),
    );
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 'C' }));
    // Back to the timeline.
    await userEvent.click(
      within(toggle).getByRole('button', { name: 'Timeline' }),
    );
    expect(screen.getByRole('table', { name: 'Steps' })).toBeInTheDocument();
  });

  it('offers no graph for a straight line of steps', async () => {
    render(
      runDetail({
        steps: [
          step('clone', { dependsOn: [] }),
          step('build', { dependsOn: ['clone'] }),
        ],
      }),
    );
    expect(
      await screen.findByRole('table', { name: 'Steps' }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('steps-view-toggle')).toBeNull();
  });
});
