import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  HolosPlanReport,
  HolosProblem,
  HolosTaskId,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { openchoreoBuildTranslationRef } from '../../translation';
import { DryRunView } from './DryRunView';
import { NodeDetails } from './NodeDetails';
import { PipelineGraph } from './PipelineGraph';
import {
  buildArtifactPipelines,
  describeNode,
  findNode,
  type ArtifactPipeline,
} from './pipelineModel';
import { ProblemsList } from './ProblemsList';

type PlanTab = 'pipeline' | 'problems' | 'dry-run';

const ArtifactSection = (props: {
  pipeline: ArtifactPipeline;
  selected?: HolosTaskId;
  /** The selection came from elsewhere (a problem): its details take the focus. */
  focusDetails: boolean;
  onSelect: (id: HolosTaskId) => void;
}) => {
  const { pipeline, selected, focusDetails, onSelect } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const { artifact } = pipeline;
  const node = pipeline.nodes.find(n => n.id === selected);
  const problems = pipeline.nodes.reduce((n, x) => n + x.problems.length, 0);
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2, mb: 2 }}
      data-testid={`holos-artifact-${artifact.index}`}
      data-marked-skip={artifact.skip ? 'true' : undefined}
    >
      <Box display="flex" alignItems="center" gap={1} flexWrap="wrap" mb={1}>
        <Typography variant="h6" component="h3">
          {t('holos.artifact.heading', { index: String(artifact.index) })}{' '}
          <Box component="span" fontFamily="monospace">
            {artifact.artifact || t('holos.node.noPath')}
          </Box>
        </Typography>
        {artifact.skip && (
          <Chip
            size="small"
            color="warning"
            variant="outlined"
            label={t('holos.artifact.skipChip')}
          />
        )}
        {problems > 0 && (
          <Chip
            size="small"
            color="error"
            variant="outlined"
            label={t('holos.count.problems', { count: problems })}
          />
        )}
      </Box>
      {artifact.skip && (
        // internal/component/v1alpha6/v1alpha6.go@4fa6cb23: buildArtifact never reads Skip.
        <Alert
          severity="warning"
          sx={{ mb: 1 }}
          data-testid="holos-skip-ignored"
        >
          {t('holos.artifact.skipIgnored')}
        </Alert>
      )}
      {!pipeline.flowsKnown && (
        <Typography variant="body2" color="text.secondary" paragraph>
          {t('holos.artifact.flowsUnknown')}
        </Typography>
      )}
      <PipelineGraph
        pipeline={pipeline}
        selected={selected}
        onSelect={onSelect}
      />
      {node && (
        <Box mt={2}>
          <NodeDetails node={node} takeFocus={focusDetails} />
        </Box>
      )}
    </Paper>
  );
};

/** One plan: its pipelines (one graph per artifact) with node details, its problems and its dry run. */
export const PlanView = ({ plan }: { plan: HolosPlanReport }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const pipelines = useMemo(() => buildArtifactPipelines(t, plan), [t, plan]);
  const [tab, setTab] = useState<PlanTab>('pipeline');
  const [selected, setSelected] = useState<HolosTaskId | undefined>();
  const [focusDetails, setFocusDetails] = useState(false);
  const select = (id: HolosTaskId) => {
    setFocusDetails(false);
    setSelected(current => (current === id ? undefined : id));
  };
  const showProblem = (problem: HolosProblem) => {
    setFocusDetails(true);
    setSelected(problem.task);
    setTab('pipeline');
  };
  const nodeName = (problem: HolosProblem) => {
    const node = findNode(pipelines, problem.task);
    return node ? describeNode(t, node) : undefined;
  };
  return (
    <Box data-testid="holos-plan">
      <Box display="flex" alignItems="center" gap={1} flexWrap="wrap">
        <Typography variant="h5" component="h2">
          {plan.name}
        </Typography>
        <Chip
          size="small"
          variant="outlined"
          label={t('holos.plan.component', { component: plan.component })}
        />
        {plan.disabled && (
          <Chip size="small" label={t('holos.result.disabled')} />
        )}
      </Box>
      {plan.disabled && (
        <Alert severity="info" sx={{ mt: 1 }}>
          {t('holos.plan.disabledAlert')}
        </Alert>
      )}
      <Tabs
        value={tab}
        onChange={(_, value: PlanTab) => setTab(value)}
        aria-label={t('holos.plan.viewsLabel', { name: plan.name })}
        sx={{ mb: 2 }}
      >
        <Tab value="pipeline" label={t('holos.plan.pipelineTab')} />
        <Tab
          value="problems"
          label={t('holos.plan.problemsTab', {
            number: String(plan.errors.length),
          })}
        />
        <Tab value="dry-run" label={t('holos.plan.dryRunTab')} />
      </Tabs>
      {tab === 'pipeline' &&
        (pipelines.length === 0 ? (
          <Typography variant="body2">{t('holos.plan.noArtifacts')}</Typography>
        ) : (
          pipelines.map(pipeline => (
            <ArtifactSection
              key={pipeline.artifact.index}
              pipeline={pipeline}
              selected={selected}
              focusDetails={focusDetails}
              onSelect={select}
            />
          ))
        ))}
      {tab === 'problems' && (
        <ProblemsList
          problems={plan.errors}
          label={t('holos.plan.problemsLabel', { name: plan.name })}
          nodeName={nodeName}
          onSelect={showProblem}
        />
      )}
      {tab === 'dry-run' && <DryRunView plan={plan} pipelines={pipelines} />}
    </Box>
  );
};
