import { useTranslationRef } from '@backstage/frontend-plugin-api';
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
import { openchoreoBuildTranslationRef } from '../../translation';
import { describeNode, findNode, type ArtifactPipeline } from './pipelineModel';

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
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  if (!dryRun) {
    return (
      <Alert severity="info" data-testid="holos-no-dry-run">
        {t('holos.dryRun.none')}
      </Alert>
    );
  }
  const name = (id: HolosTaskId) => {
    const node = findNode(pipelines, id);
    return node
      ? t('holos.dryRun.taskOfArtifact', {
          task: describeNode(t, node),
          artifact: String(node.artifact),
        })
      : id;
  };
  return (
    <Box data-testid="holos-dry-run">
      {plan.disabled && (
        <Alert severity="info" sx={{ mb: 1 }}>
          {t('holos.dryRun.disabled')}
        </Alert>
      )}
      <Heading>{t('holos.dryRun.stepsHeading')}</Heading>
      <Box
        component="ol"
        sx={{ m: 0, pl: 3 }}
        aria-label={t('holos.dryRun.stepsLabel')}
      >
        {dryRun.steps.map((step, i) => (
          <Box component="li" key={i} sx={{ mb: 1 }} data-testid="holos-step">
            <Typography variant="body2" fontWeight="bold">
              {t('holos.dryRun.step', {
                step: String(i + 1),
                count: step.length,
              })}
            </Typography>
            <Box component="ul" sx={{ m: 0, pl: 3 }}>
              {step.map(id => {
                const task = dryRun.tasks.find(x => x.id === id);
                return (
                  <Typography component="li" variant="body2" key={id}>
                    {name(id)}
                    {task && task.reads.length > 0 && (
                      <>
                        {' '}
                        {t('holos.dryRun.reads')}{' '}
                        <code>{task.reads.join(', ')}</code>
                      </>
                    )}
                    {task && task.writes.length > 0 && (
                      <>
                        {' '}
                        {t('holos.dryRun.writes')}{' '}
                        <code>{task.writes.join(', ')}</code>
                      </>
                    )}
                  </Typography>
                );
              })}
            </Box>
          </Box>
        ))}
      </Box>
      <Heading>{t('holos.dryRun.flowsHeading')}</Heading>
      <Table size="small" aria-label={t('holos.dryRun.flowsLabel')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('holos.dryRun.columns.output')}</TableCell>
            <TableCell>{t('holos.dryRun.columns.writtenBy')}</TableCell>
            <TableCell>{t('holos.dryRun.columns.input')}</TableCell>
            <TableCell>{t('holos.dryRun.columns.readBy')}</TableCell>
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
                    label={t('holos.dryRun.noWriter')}
                  />
                ) : (
                  flow.from.map(f => name(f.task)).join(', ')
                )}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>
                {flow.input}{' '}
                {flow.prefix && (
                  <Chip
                    size="small"
                    variant="outlined"
                    label={t('holos.dryRun.byPrefix')}
                  />
                )}
              </TableCell>
              <TableCell>{name(flow.task)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Heading>{t('holos.dryRun.artifactsHeading')}</Heading>
      {dryRun.artifacts.length === 0 ? (
        <Typography variant="body2">{t('holos.dryRun.noArtifacts')}</Typography>
      ) : (
        <Box
          component="ul"
          sx={{ m: 0, pl: 3 }}
          aria-label={t('holos.dryRun.artifactsLabel')}
        >
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
