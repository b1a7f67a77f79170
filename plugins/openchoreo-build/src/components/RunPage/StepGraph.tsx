import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  RunStep,
  RunStepPhase,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import { useTheme, type Theme } from '@mui/material/styles';
import type { KeyboardEvent } from 'react';
import { useMemo } from 'react';
import { openchoreoBuildTranslationRef } from '../../translation';
import { VISUALLY_HIDDEN } from '../HolosPlans/styles';
import { stepEdges } from './stepGraphModel';

type GraphNode = DependencyGraphTypes.DependencyNode<{ step: RunStep }>;

const NODE_HEIGHT = 48;
const MIN_NODE_WIDTH = 120;
const CHAR_WIDTH = 7.2;
const MAX_LABEL_CHARS = 32;

/** A step's label in its node: its place in nested templates when that says more than its name. */
function labelOf(step: RunStep): string {
  const text = step.displayPath ?? step.name;
  return text.length > MAX_LABEL_CHARS
    ? `…${text.slice(-(MAX_LABEL_CHARS - 1))}`
    : text;
}

/** A node's width: fixed from its text, so the layout does not move between renders. */
function nodeWidth(step: RunStep): number {
  return Math.max(
    MIN_NODE_WIDTH,
    Math.round(labelOf(step).length * CHAR_WIDTH + 24),
  );
}

function outlineOf(theme: Theme, phase: RunStepPhase): string {
  switch (phase) {
    case 'Succeeded':
      return theme.palette.success.main;
    case 'Failed':
    case 'Error':
      return theme.palette.error.main;
    case 'Running':
      return theme.palette.info.main;
    default:
      return theme.palette.text.disabled;
  }
}

const StepNode = (props: {
  step: RunStep;
  selected: boolean;
  onSelect: (step: RunStep) => void;
}) => {
  const { step, selected, onSelect } = props;
  const theme = useTheme();
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const label = labelOf(step);
  const notRun = step.phase === 'Skipped' || step.phase === 'Omitted';
  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(step);
    }
  };
  return (
    <g
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      // Starts with the text shown (WCAG 2.5.3, "label in name").
      aria-label={t('runTimeline.graph.node', {
        name: label,
        phase: step.phase,
      })}
      data-testid={`step-node-${step.id}`}
      data-phase={step.phase}
      onClick={() => onSelect(step)}
      onKeyDown={onKeyDown}
      style={{ cursor: 'pointer', outline: 'none' }}
    >
      <title>{`${step.displayPath ?? step.name}: ${step.phase}`}</title>
      <rect
        width={nodeWidth(step)}
        height={NODE_HEIGHT}
        rx={8}
        fill={
          notRun
            ? theme.palette.action.disabledBackground
            : theme.palette.background.paper
        }
        stroke={
          selected ? theme.palette.primary.main : outlineOf(theme, step.phase)
        }
        strokeWidth={selected ? 3 : 2}
        // Dashed: the step did not run (the phase is written below, too).
        strokeDasharray={notRun ? '6 4' : undefined}
      />
      {/* Trailing spaces keep the texts apart as words when read as one. */}
      <text
        x={12}
        y={20}
        fill={theme.palette.text.primary}
        fontSize={12}
        fontWeight="bold"
        fontFamily="monospace"
      >
        {`${label} `}
      </text>
      <text x={12} y={37} fill={theme.palette.text.secondary} fontSize={11}>
        {step.phase}
      </text>
    </g>
  );
};

/** The graph in words, for screen readers: each step and the steps it starts after. */
const StepGraphSummary = (props: {
  id: string;
  runName: string;
  steps: readonly RunStep[];
}) => {
  const { id, runName, steps } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const names = new Map(steps.map(s => [s.id, s.displayPath ?? s.name]));
  return (
    <Box id={id} sx={VISUALLY_HIDDEN}>
      <p>{t('runTimeline.graph.summary', { name: runName })}</p>
      <ul>
        {steps.map(step => {
          const name = names.get(step.id) ?? step.name;
          const after = (step.dependsOn ?? [])
            .map(dep => names.get(dep))
            .filter((dep): dep is string => Boolean(dep));
          return (
            <li key={step.id}>
              {after.length > 0
                ? t('runTimeline.graph.startsAfter', {
                    step: name,
                    dependencies: after.join(', '),
                  })
                : t('runTimeline.graph.startsFirst', { step: name })}
            </li>
          );
        })}
      </ul>
    </Box>
  );
};

/**
 * The steps as a graph, left to right: an edge from each step to the steps that start after it
 * (`RunStep.dependsOn`). Nodes are buttons: a click (or Enter) selects the step, as in the timeline.
 */
export const StepGraph = (props: {
  runName: string;
  steps: readonly RunStep[];
  selected?: string;
  onSelect: (step: RunStep) => void;
}) => {
  const { runName, steps, selected, onSelect } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  // Stable arrays: the graph lays itself out again whenever they change identity.
  const nodes = useMemo<GraphNode[]>(
    () => steps.map(step => ({ id: step.id, step })),
    [steps],
  );
  const edges = useMemo(() => stepEdges(steps), [steps]);
  const summaryId = `step-graph-summary-${runName}`;
  return (
    <Box
      role="region"
      aria-label={t('runTimeline.graph.region', { name: runName })}
      aria-describedby={summaryId}
      data-testid="step-graph"
      // Focusable so a keyboard can scroll a wide graph (axe: scrollable-region-focusable).
      tabIndex={0}
      sx={{ position: 'relative', overflowX: 'auto' }}
    >
      <StepGraphSummary id={summaryId} runName={runName} steps={steps} />
      <DependencyGraph
        nodes={nodes}
        edges={edges}
        direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
        rankMargin={48}
        nodeMargin={16}
        paddingX={16}
        paddingY={16}
        showArrowHeads
        // Drawn at full size (scrolling sideways when wide) rather than taking over the wheel.
        zoom="disabled"
        allowFullscreen={false}
        renderNode={({ node }) => (
          <StepNode
            step={node.step}
            selected={node.id === selected}
            onSelect={onSelect}
          />
        )}
      />
    </Box>
  );
};
