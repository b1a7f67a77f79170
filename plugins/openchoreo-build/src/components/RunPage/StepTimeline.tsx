import { Fragment, useMemo, useState } from 'react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { InfoCard } from '@backstage/core-components';
import {
  isTerminalRunStatus,
  type RunDetail,
  type RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import type { Theme } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import {
  durationBetween,
  durationOf,
  formatDuration,
  formatTime,
} from '../common/format';
import { useNow } from '../../hooks/useNow';
import { StepPhase } from '../RunStatus';
import { TruncatedText } from '../common/TruncatedText';
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate,
} from '../../translation';
import { StepGraph } from './StepGraph';
import { stepsFormDag } from './stepGraphModel';
import { StepTimelineBar } from './StepTimelineBar';
import {
  stepBarOf,
  timelineWindow,
  type TimelineWindow,
} from './stepTimelineGeometry';

/**
 * Column widths (undefined: a share of what is left) of the steps table: step, phase, timeline,
 * then started, duration and attempts (wide only), and message.
 */
const COLUMNS_WIDE: Array<string | undefined> = [
  '16%',
  '140px',
  undefined,
  '210px',
  '90px',
  '130px',
  '22%',
];
const COLUMNS_COMPACT: Array<string | undefined> = [
  '20%',
  '140px',
  undefined,
  '25%',
];

/** How often running bars and durations move on. */
const TICK_MS = 1000;

/** The timeline column's caption: the span the bars are drawn against. */
function spanText(
  t: OpenChoreoBuildTranslate,
  window: TimelineWindow,
  running: boolean,
): string {
  const start = new Date(window.start).toISOString();
  const duration = formatDuration(
    durationBetween(start, new Date(window.end).toISOString()),
    t,
  );
  return running
    ? t('runTimeline.spanRunning', { start: formatTime(start), duration })
    : t('runTimeline.span', {
        start: formatTime(start),
        end: formatTime(new Date(window.end).toISOString()),
        duration,
      });
}

/** Why there are no steps to show. */
function noStepsText(t: OpenChoreoBuildTranslate, run: RunDetail): string {
  if (run.execution.error)
    return t('runPageDetails.noSteps.unreadable', {
      error: run.execution.error,
    });
  if (run.execution.expired) return t('runPageDetails.noSteps.expired');
  if (run.status === 'Pending') return t('runPageDetails.noSteps.pending');
  return t('runPageDetails.noSteps.none');
}

/**
 * The step a `?step=` value names: its id (what the page writes), else a display path, else a
 * name (links from before steps had ids; the first step of that name).
 */
export function findStep(
  steps: RunStep[],
  ref: string | undefined,
): RunStep | undefined {
  if (!ref) return undefined;
  return (
    steps.find(step => step.id === ref) ??
    steps.find(step => step.displayPath === ref) ??
    steps.find(step => step.name === ref)
  );
}

/** Where a step sits in nested templates, shown when it says more than the name. */
function pathOf(step: RunStep): string | undefined {
  return step.displayPath && step.displayPath !== step.name
    ? step.displayPath
    : undefined;
}

/** A step's attempts: `1`, or `3 (retried 2×)`. */
function attemptsText(t: OpenChoreoBuildTranslate, step: RunStep): string {
  return step.attempts.length > 1
    ? t('runPageDetails.attemptsRetried', {
        attempts: String(step.attempts.length),
        retries: String(step.attempts.length - 1),
      })
    : String(step.attempts.length || 1);
}

/** One line that never wraps: short values whose words must not break in a narrow column. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

const StepRow = (props: {
  step: RunStep;
  selected: boolean;
  onSelect: (step: RunStep) => void;
  window: TimelineWindow | undefined;
  now: number;
  wide: boolean;
}) => {
  const { step, selected, onSelect, window, now, wide } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const path = pathOf(step);
  const duration = formatDuration(
    step.phase === 'Running' && !step.finishedAt
      ? durationBetween(step.startedAt, undefined, now)
      : durationOf(step),
    t,
  );
  const retried = step.attempts.length > 1;
  return (
    <TableRow selected={selected} data-testid={`step-${step.id}`}>
      <TableCell>
        <Button
          size="small"
          variant={selected ? 'contained' : 'text'}
          aria-pressed={selected}
          aria-describedby={path ? `step-path-${step.id}` : undefined}
          onClick={() => onSelect(step)}
          sx={{ textTransform: 'none', maxWidth: '100%' }}
        >
          {step.name}
        </Button>
        {path && (
          <Typography
            id={`step-path-${step.id}`}
            variant="caption"
            color="text.secondary"
            display="block"
            sx={{ pl: 1 }}
          >
            {path}
          </Typography>
        )}
      </TableCell>
      <TableCell sx={NO_WRAP}>
        <StepPhase phase={step.phase} />
        {/* Narrow, the attempts fold under the phase when there were retries. */}
        {!wide && retried && (
          <Typography variant="caption" color="text.secondary" display="block">
            {attemptsText(t, step)}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <StepTimelineBar
          step={step}
          bar={stepBarOf(window, step, now)}
          now={now}
        />
        {/* Narrow, the start and duration fold under the bar. */}
        {!wide && (
          <TruncatedText
            caption
            title={`${formatTime(step.startedAt)} · ${duration}`}
          >
            {formatTime(step.startedAt)} · {duration}
          </TruncatedText>
        )}
      </TableCell>
      {wide && <TableCell sx={NO_WRAP}>{formatTime(step.startedAt)}</TableCell>}
      {wide && <TableCell sx={NO_WRAP}>{duration}</TableCell>}
      {wide && <TableCell sx={NO_WRAP}>{attemptsText(t, step)}</TableCell>}
      <TableCell>
        <TruncatedText title={step.message ?? '—'}>
          {step.message ?? '—'}
        </TruncatedText>
      </TableCell>
    </TableRow>
  );
};

/** How the steps are shown: the timeline table, or (for DAG workflows) the graph. */
export type StepsView = 'timeline' | 'graph';

const StepTable = (props: {
  run: RunDetail;
  selected?: string;
  onSelect: (step: RunStep) => void;
}) => {
  const { run, selected, onSelect } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const running = !isTerminalRunStatus(run.status);
  // Ticks only while the run goes on: a finished run's timeline does not re-render.
  const now = useNow(TICK_MS, running);
  const window = useMemo(() => timelineWindow(run, run.steps, now), [run, now]);
  const firstExitHandler = run.steps.findIndex(step => step.exitHandler);
  // As the runs table: from the theme's xl breakpoint (1920 px screens) every value has its
  // column; below it start, duration and attempts fold into the phase and timeline cells.
  const wide = useMediaQuery((theme: Theme) => theme.breakpoints.up('xl'), {
    noSsr: true,
  });
  const columns = wide ? COLUMNS_WIDE : COLUMNS_COMPACT;
  return (
    <Table
      size="small"
      aria-label={t('runPage.steps')}
      data-layout={wide ? 'wide' : 'compact'}
      // A fixed layout gives each column its width: long messages end in "…" instead of
      // squeezing the short columns until their words break.
      sx={{ tableLayout: 'fixed' }}
    >
      <colgroup>
        {columns.map((width, index) => (
          <col key={index} style={width ? { width } : undefined} />
        ))}
      </colgroup>
      <TableHead>
        <TableRow>
          <TableCell>{t('runPage.stepColumns.step')}</TableCell>
          <TableCell sx={NO_WRAP}>{t('runPage.stepColumns.phase')}</TableCell>
          <TableCell>
            {t('runTimeline.timelineColumn')}
            {window && (
              <Typography
                variant="caption"
                display="block"
                color="text.secondary"
                data-testid="steps-timeline-span"
              >
                {spanText(t, window, running)}
              </Typography>
            )}
          </TableCell>
          {wide && (
            <TableCell sx={NO_WRAP}>
              {t('runPage.stepColumns.started')}
            </TableCell>
          )}
          {wide && (
            <TableCell sx={NO_WRAP}>
              {t('runPage.stepColumns.duration')}
            </TableCell>
          )}
          {wide && (
            <TableCell sx={NO_WRAP}>
              {t('runPage.stepColumns.attempts')}
            </TableCell>
          )}
          <TableCell>{t('runPage.stepColumns.message')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {run.steps.map((step, index) => (
          <Fragment key={step.id}>
            {index === firstExitHandler && (
              <TableRow data-testid="steps-on-exit">
                <TableCell colSpan={columns.length}>
                  <Typography variant="overline" color="text.secondary">
                    {t('runPage.onExit')}
                  </Typography>
                </TableCell>
              </TableRow>
            )}
            <StepRow
              step={step}
              selected={step.id === selected}
              onSelect={onSelect}
              window={window}
              now={now}
              wide={wide}
            />
          </Fragment>
        ))}
      </TableBody>
    </Table>
  );
};

/**
 * The steps in order, with phase, a timeline bar (attempts, running and skipped steps visible),
 * timing, message and retries; picking one shows its log. `selected` is a step id. Steps of the
 * workflow's exit handler follow the main steps under an "On exit" divider; a step inside nested
 * templates shows its path (`sub-dag1.fail`) under its name. When the steps are not a straight
 * line (`stepsFormDag`), a toggle offers them as a graph too, where a click selects a step alike.
 */
export const StepTimeline = (props: {
  run: RunDetail;
  selected?: string;
  onSelect: (step: RunStep) => void;
}) => {
  const { run, selected, onSelect } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const [view, setView] = useState<StepsView>('timeline');
  const dag = stepsFormDag(run.steps);
  const shown: StepsView = dag ? view : 'timeline';
  const toggle = dag && (
    <ToggleButtonGroup
      exclusive
      size="small"
      value={shown}
      aria-label={t('runTimeline.views.label')}
      data-testid="steps-view-toggle"
      onChange={(_event, next: StepsView | null) => {
        if (next) setView(next);
      }}
    >
      <ToggleButton value="timeline">
        {t('runTimeline.views.timeline')}
      </ToggleButton>
      <ToggleButton value="graph">{t('runTimeline.views.graph')}</ToggleButton>
    </ToggleButtonGroup>
  );
  let content;
  if (run.steps.length === 0)
    content = <Typography variant="body2">{noStepsText(t, run)}</Typography>;
  else if (shown === 'graph')
    content = (
      <StepGraph
        runName={run.name}
        steps={run.steps}
        selected={selected}
        onSelect={onSelect}
      />
    );
  else
    content = <StepTable run={run} selected={selected} onSelect={onSelect} />;
  return (
    <InfoCard title={t('runPage.steps')} action={toggle || undefined}>
      {content}
    </InfoCard>
  );
};
