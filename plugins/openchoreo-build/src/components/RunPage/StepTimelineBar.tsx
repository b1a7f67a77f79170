import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  RunStep,
  RunStepPhase,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { SxProps, Theme } from '@mui/material/styles';
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate as Translate,
} from '../../translation';
import { durationBetween, formatDuration, formatTime } from '../common/format';
import type { StepBar, TimelineSegment } from './stepTimelineGeometry';

/** The fill of a segment by phase; failures also carry stripes, so colour is not the only signal. */
function segmentStyle(
  segment: TimelineSegment,
  notRun: boolean,
): SxProps<Theme> {
  if (notRun) {
    return {
      bgcolor: 'transparent',
      border: 1,
      borderStyle: 'dashed',
      borderColor: 'text.disabled',
    };
  }
  const fills: Record<RunStepPhase, string> = {
    Succeeded: 'success.main',
    Failed: 'error.main',
    Error: 'error.main',
    Running: 'info.main',
    Pending: 'action.disabled',
    Skipped: 'action.disabled',
    Omitted: 'action.disabled',
  };
  const failed = segment.phase === 'Failed' || segment.phase === 'Error';
  return {
    bgcolor: fills[segment.phase],
    ...(failed && {
      backgroundImage:
        'repeating-linear-gradient(135deg, rgba(255,255,255,0.35) 0 3px, transparent 3px 7px)',
    }),
  };
}

/** A segment's times in words: exact start and end (or "now"), and how long. */
export function segmentRangeText(
  t: Translate,
  segment: TimelineSegment,
  now: number,
): string {
  const start = formatTime(segment.startedAt);
  if (segment.finishedAt) {
    return t('runTimeline.bar.range', {
      start,
      end: formatTime(segment.finishedAt),
      duration: formatDuration(
        durationBetween(segment.startedAt, segment.finishedAt),
        t,
      ),
    });
  }
  if (segment.ongoing) {
    return t('runTimeline.bar.running', {
      start,
      duration: formatDuration(
        durationBetween(segment.startedAt, undefined, now),
        t,
      ),
    });
  }
  return t('runTimeline.bar.noEnd', { start });
}

/** The tooltip of one segment: the attempt (when retried), its phase and its times. */
function segmentText(t: Translate, segment: TimelineSegment, now: number) {
  const range = segmentRangeText(t, segment, now);
  return segment.attempt === undefined
    ? range
    : t('runTimeline.bar.attempt', {
        number: String(segment.attempt + 1),
        phase: segment.phase,
        range,
      });
}

/** The whole bar in words, for screen readers (the bar is an image of it). */
export function stepBarText(
  t: Translate,
  step: RunStep,
  bar: StepBar,
  now: number,
): string {
  const { segments, notRun } = bar;
  const texts = segments.map(segment => segmentText(t, segment, now));
  let text: string;
  if (segments.length > 1)
    text = t('runTimeline.bar.attempts', {
      number: String(segments.length),
      list: texts.join('; '),
    });
  else if (segments.length === 1) text = texts[0];
  else if (step.phase === 'Pending') text = t('runTimeline.bar.notStarted');
  else text = t('runTimeline.bar.noTimes', { phase: step.phase });
  return notRun
    ? `${t('runTimeline.bar.notRun', { phase: step.phase })}. ${text}`
    : text;
}

/**
 * One step's bar on the run's timeline: a segment per attempt (failed ones striped), running
 * ones growing to now, skipped and omitted steps dashed and labelled; each segment's tooltip
 * gives its exact times.
 */
export const StepTimelineBar = (props: {
  step: RunStep;
  bar: StepBar;
  now: number;
}) => {
  const { step, bar, now } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const label = stepBarText(t, step, bar, now);
  let placeholder: string | undefined;
  if (bar.notRun) placeholder = step.phase;
  else if (bar.segments.length === 0)
    placeholder =
      step.phase === 'Pending'
        ? t('runTimeline.bar.notStarted')
        : t('runTimeline.bar.noTimes', { phase: step.phase });
  return (
    <Box
      role="img"
      aria-label={label}
      data-testid={`step-bar-${step.id}`}
      data-not-run={bar.notRun ? 'true' : undefined}
      sx={{
        position: 'relative',
        height: 20,
        minWidth: 120,
        borderRadius: 0.5,
        bgcolor: 'action.hover',
        opacity: bar.notRun ? 0.8 : 1,
      }}
    >
      {bar.segments.map(segment => (
        <Tooltip
          key={`${segment.attempt ?? 'step'}-${segment.startedAt}`}
          title={segmentText(t, segment, now)}
          // The bar's name says it all; the tooltip must not rename its segment.
          describeChild
        >
          <Box
            component="span"
            data-testid="step-bar-segment"
            data-phase={segment.phase}
            data-attempt={segment.attempt}
            data-ongoing={segment.ongoing ? 'true' : undefined}
            sx={{
              position: 'absolute',
              top: 3,
              bottom: 3,
              left: `${segment.left}%`,
              width: `${segment.width}%`,
              borderRadius: 0.5,
              ...segmentStyle(segment, bar.notRun),
            }}
          />
        </Tooltip>
      ))}
      {placeholder && (
        <Typography
          component="span"
          variant="caption"
          color="text.secondary"
          sx={{
            position: 'absolute',
            inset: 0,
            pl: 1,
            lineHeight: '20px',
            fontStyle: 'italic',
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            ...(bar.notRun &&
              bar.segments.length === 0 && {
                border: 1,
                borderStyle: 'dashed',
                borderColor: 'text.disabled',
                borderRadius: 0.5,
              }),
          }}
          aria-hidden
        >
          {placeholder}
        </Typography>
      )}
    </Box>
  );
};
