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
import { DryRunView } from './DryRunView';
import { NodeDetails } from './NodeDetails';
import { PipelineGraph } from './PipelineGraph';
import {
  buildArtifactPipelines,
  count,
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
          Artifact {artifact.index}:{' '}
          <Box component="span" fontFamily="monospace">
            {artifact.artifact || '(no path)'}
          </Box>
        </Typography>
        {artifact.skip && (
          <Chip
            size="small"
            color="warning"
            variant="outlined"
            label="skip: true (ignored by holos v1alpha6)"
          />
        )}
        {problems > 0 && (
          <Chip
            size="small"
            color="error"
            variant="outlined"
            label={count(problems, 'problem')}
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
          This artifact says skip: true, but holos v1alpha6 never reads skip: it
          still builds and writes this artifact. Remove the artifact from the
          plan if it should not be rendered.
        </Alert>
      )}
      {!pipeline.flowsKnown && (
        <Typography variant="body2" color="text.secondary" paragraph>
          The arrows show the stage order only: without a dry run the data flows
          are unknown.
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
  const pipelines = useMemo(() => buildArtifactPipelines(plan), [plan]);
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
    return node ? describeNode(node) : undefined;
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
          label={`component ${plan.component}`}
        />
        {plan.disabled && <Chip size="small" label="disabled" />}
      </Box>
      {plan.disabled && (
        <Alert severity="info" sx={{ mt: 1 }}>
          This plan is disabled (spec.disabled): holos renders nothing of it.
        </Alert>
      )}
      <Tabs
        value={tab}
        onChange={(_, value: PlanTab) => setTab(value)}
        aria-label={`Views of plan ${plan.name}`}
        sx={{ mb: 2 }}
      >
        <Tab value="pipeline" label="Pipeline" />
        <Tab value="problems" label={`Problems (${plan.errors.length})`} />
        <Tab value="dry-run" label="Dry run" />
      </Tabs>
      {tab === 'pipeline' &&
        (pipelines.length === 0 ? (
          <Typography variant="body2">The plan has no artifacts.</Typography>
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
          label={`Problems of plan ${plan.name}`}
          nodeName={nodeName}
          onSelect={showProblem}
        />
      )}
      {tab === 'dry-run' && <DryRunView plan={plan} pipelines={pipelines} />}
    </Box>
  );
};
