import type {
  HolosPlanReport,
  HolosTaskId,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  count,
  describeNode,
  findNode,
  type ArtifactPipeline,
} from './pipelineModel';

const Heading = ({ children }: { children: string }) => (
  <Typography variant="h6" component="h3" sx={{ mt: 2, mb: 1 }}>
    {children}
  </Typography>
);

/**
 * How holos would run the plan, computed without running anything: the steps (tasks of one step
 * may run at the same time, artifacts concurrently), which outputs feed which inputs, and the
 * artifacts the plan ends with.
 */
export const DryRunView = (props: {
  plan: HolosPlanReport;
  pipelines: ArtifactPipeline[];
}) => {
  const { plan, pipelines } = props;
  const { dryRun } = plan;
  if (!dryRun) {
    return (
      <Alert severity="info" data-testid="holos-no-dry-run">
        No dry run: the plan does not match the v1alpha6 schema, so there is
        nothing sound to plan. Fix its schema problems first.
      </Alert>
    );
  }
  const name = (id: HolosTaskId) => {
    const node = findNode(pipelines, id);
    return node ? `${describeNode(node)} of artifact ${node.artifact}` : id;
  };
  return (
    <Box data-testid="holos-dry-run">
      {plan.disabled && (
        <Alert severity="info" sx={{ mb: 1 }}>
          The plan is disabled (spec.disabled): holos writes none of its
          artifacts. The steps show what would run once it is enabled.
        </Alert>
      )}
      <Heading>Steps</Heading>
      <Box component="ol" sx={{ m: 0, pl: 3 }} aria-label="Dry run steps">
        {dryRun.steps.map((step, i) => (
          <Box component="li" key={i} sx={{ mb: 1 }} data-testid="holos-step">
            <Typography variant="body2" fontWeight="bold">
              Step {i + 1}:{' '}
              {step.length === 1
                ? '1 task runs'
                : `${count(step.length, 'task')} run concurrently`}
            </Typography>
            <Box component="ul" sx={{ m: 0, pl: 3 }}>
              {step.map(id => {
                const task = dryRun.tasks.find(t => t.id === id);
                return (
                  <Typography component="li" variant="body2" key={id}>
                    {name(id)}
                    {task && task.reads.length > 0 && (
                      <>
                        {' '}
                        — reads <code>{task.reads.join(', ')}</code>
                      </>
                    )}
                    {task && task.writes.length > 0 && (
                      <>
                        {' '}
                        — writes <code>{task.writes.join(', ')}</code>
                      </>
                    )}
                  </Typography>
                );
              })}
            </Box>
          </Box>
        ))}
      </Box>
      <Heading>Data flows</Heading>
      <Table size="small" aria-label="Data flows">
        <TableHead>
          <TableRow>
            <TableCell>Output</TableCell>
            <TableCell>Written by</TableCell>
            <TableCell>Input</TableCell>
            <TableCell>Read by</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {dryRun.flows.map(flow => (
            <TableRow
              key={`${flow.task}-${flow.input}`}
              data-testid="holos-flow"
            >
              <TableCell sx={{ fontFamily: 'monospace' }}>
                {flow.from.length === 0
                  ? '—'
                  : flow.from.map(f => f.output).join(', ')}
              </TableCell>
              <TableCell>
                {flow.from.length === 0 ? (
                  <Chip
                    size="small"
                    color="error"
                    variant="outlined"
                    label="no task writes it"
                  />
                ) : (
                  flow.from.map(f => name(f.task)).join(', ')
                )}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>
                {flow.input}{' '}
                {flow.prefix && (
                  <Chip size="small" variant="outlined" label="by prefix" />
                )}
              </TableCell>
              <TableCell>{name(flow.task)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Heading>Final artifacts</Heading>
      {dryRun.artifacts.length === 0 ? (
        <Typography variant="body2">
          None: the plan is disabled, or its artifacts have no path.
        </Typography>
      ) : (
        <Box component="ul" sx={{ m: 0, pl: 3 }} aria-label="Final artifacts">
          {dryRun.artifacts.map(path => (
            <Typography
              component="li"
              variant="body2"
              fontFamily="monospace"
              key={path}
            >
              {path}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
};
