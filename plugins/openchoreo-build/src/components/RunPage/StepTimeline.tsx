import { Fragment } from 'react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { InfoCard } from '@backstage/core-components';
import type {
  RunDetail,
  RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { durationOf, formatDuration, formatTime } from '../common/format';
import { StepPhase } from '../RunStatus';
import { openchoreoBuildTranslationRef } from '../../translation';

const COLUMNS = 6;

/** Why there are no steps to show. */
function noStepsText(run: RunDetail): string {
  if (run.execution.error)
    return `Steps could not be read: ${run.execution.error}`;
  if (run.execution.expired)
    return "The build plane no longer has this run's steps.";
  if (run.status === 'Pending')
    return 'No steps yet: the build has not started on the build plane.';
  return 'This run has no steps to show.';
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

const StepRow = (props: {
  step: RunStep;
  selected: boolean;
  onSelect: (step: RunStep) => void;
}) => {
  const { step, selected, onSelect } = props;
  const path = pathOf(step);
  return (
    <TableRow selected={selected} data-testid={`step-${step.id}`}>
      <TableCell>
        <Button
          size="small"
          variant={selected ? 'contained' : 'text'}
          aria-pressed={selected}
          aria-describedby={path ? `step-path-${step.id}` : undefined}
          onClick={() => onSelect(step)}
          sx={{ textTransform: 'none' }}
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
      <TableCell>
        <StepPhase phase={step.phase} />
      </TableCell>
      <TableCell>{formatTime(step.startedAt)}</TableCell>
      <TableCell>{formatDuration(durationOf(step))}</TableCell>
      <TableCell>
        {step.attempts.length > 1
          ? `${step.attempts.length} (retried ${step.attempts.length - 1}×)`
          : step.attempts.length || 1}
      </TableCell>
      <TableCell>{step.message ?? '—'}</TableCell>
    </TableRow>
  );
};

/**
 * The steps in order, with phase, timing, message and retries; picking one shows its log.
 * `selected` is a step id. Steps of the workflow's exit handler follow the main steps under an
 * "On exit" divider; a step inside nested templates shows its path (`sub-dag1.fail`) under its name.
 */
export const StepTimeline = (props: {
  run: RunDetail;
  selected?: string;
  onSelect: (step: RunStep) => void;
}) => {
  const { run, selected, onSelect } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const firstExitHandler = run.steps.findIndex(step => step.exitHandler);
  return (
    <InfoCard title={t('runPage.steps')}>
      {run.steps.length === 0 ? (
        <Typography variant="body2">{noStepsText(run)}</Typography>
      ) : (
        <Table size="small" aria-label={t('runPage.steps')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('runPage.stepColumns.step')}</TableCell>
              <TableCell>{t('runPage.stepColumns.phase')}</TableCell>
              <TableCell>{t('runPage.stepColumns.started')}</TableCell>
              <TableCell>{t('runPage.stepColumns.duration')}</TableCell>
              <TableCell>{t('runPage.stepColumns.attempts')}</TableCell>
              <TableCell>{t('runPage.stepColumns.message')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {run.steps.map((step, index) => (
              <Fragment key={step.id}>
                {index === firstExitHandler && (
                  <TableRow data-testid="steps-on-exit">
                    <TableCell colSpan={COLUMNS}>
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
                />
              </Fragment>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
};
