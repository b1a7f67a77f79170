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

/** The steps in order, with phase, timing, message and retries; picking one shows its log. */
export const StepTimeline = (props: {
  run: RunDetail;
  selected?: string;
  onSelect: (step: RunStep) => void;
}) => {
  const { run, selected, onSelect } = props;
  return (
    <InfoCard title="Steps">
      {run.steps.length === 0 ? (
        <Typography variant="body2">{noStepsText(run)}</Typography>
      ) : (
        <Table size="small" aria-label="Steps">
          <TableHead>
            <TableRow>
              <TableCell>Step</TableCell>
              <TableCell>Phase</TableCell>
              <TableCell>Started</TableCell>
              <TableCell>Duration</TableCell>
              <TableCell>Attempts</TableCell>
              <TableCell>Message</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {run.steps.map(step => {
              const isSelected = step.name === selected;
              return (
                <TableRow
                  key={step.id}
                  selected={isSelected}
                  data-testid={`step-${step.name}`}
                >
                  <TableCell>
                    <Button
                      size="small"
                      variant={isSelected ? 'contained' : 'text'}
                      aria-pressed={isSelected}
                      onClick={() => onSelect(step)}
                      sx={{ textTransform: 'none' }}
                    >
                      {step.name}
                    </Button>
                  </TableCell>
                  <TableCell>
                    <StepPhase phase={step.phase} />
                  </TableCell>
                  <TableCell>{formatTime(step.startedAt)}</TableCell>
                  <TableCell>{formatDuration(durationOf(step))}</TableCell>
                  <TableCell>
                    {step.attempts.length > 1
                      ? `${step.attempts.length} (retried ${
                          step.attempts.length - 1
                        }×)`
                      : step.attempts.length || 1}
                  </TableCell>
                  <TableCell>{step.message ?? '—'}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
};
