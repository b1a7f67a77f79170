import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { HolosTaskId } from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';
import type { KeyboardEvent } from 'react';
import { useMemo } from 'react';
import { openchoreoBuildTranslationRef } from '../../translation';
import {
  graphWidth,
  NODE_HEIGHT,
  nodeFlags,
  nodeText,
  PADDING,
  RANK_MARGIN,
  shorten,
} from './graphGeometry';
import {
  describeNode,
  type ArtifactPipeline,
  type PipelineNode,
} from './pipelineModel';
import { VISUALLY_HIDDEN } from './styles';

type GraphNode = DependencyGraphTypes.DependencyNode<{ node: PipelineNode }>;
type GraphEdge = DependencyGraphTypes.DependencyEdge<{ fullLabel?: string }>;

const PipelineNodeBox = (props: {
  node: PipelineNode;
  selected: boolean;
  onSelect: (id: HolosTaskId) => void;
}) => {
  const { node, selected, onSelect } = props;
  const theme = useTheme();
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const { title, label, flags, width } = nodeText(t, node);
  const task = describeNode(t, node);
  const flagged = node.problems.length > 0 || node.unresolvedInputs.length > 0;
  let stroke = theme.palette.divider;
  if (flagged) stroke = theme.palette.error.main;
  if (selected) stroke = theme.palette.primary.main;
  const text = theme.palette.text.primary;
  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(node.id);
    }
  };
  return (
    <g
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      // The name starts with the text the node shows (WCAG 2.5.3, "label in name"), then says
      // which task it is.
      aria-label={t('holos.graph.nodeName', {
        shown: [title, label, flags].filter(Boolean).join(' '),
        task,
      })}
      data-testid={`holos-node-${node.id}`}
      data-marked-skip={node.markedSkip ? 'true' : undefined}
      data-flagged={flagged ? 'true' : undefined}
      onClick={() => onSelect(node.id)}
      onKeyDown={onKeyDown}
      style={{ cursor: 'pointer', outline: 'none' }}
    >
      <title>
        {flags ? t('holos.graph.nodeTooltip', { task, flags }) : task}
      </title>
      <rect
        width={width}
        height={NODE_HEIGHT}
        rx={node.stage === 'write' ? 2 : 8}
        // Greyed: the plan asks to skip this artifact (the dashed outline and the card say that
        // holos v1alpha6 builds it anyway); the text keeps its full contrast.
        fill={
          node.markedSkip
            ? theme.palette.action.disabledBackground
            : theme.palette.background.paper
        }
        stroke={stroke}
        strokeWidth={selected || flagged ? 3 : 1}
        // Dashed: the artifact says skip (holos v1alpha6 still builds it; the card says so).
        strokeDasharray={node.markedSkip ? '6 4' : undefined}
      />
      {/* The trailing spaces keep the texts apart as words when read as one (the node's name). */}
      <text x={12} y={18} fill={text} fontWeight="bold" fontSize={12}>
        {`${title} `}
      </text>
      <text x={12} y={35} fill={text} fontSize={12} fontFamily="monospace">
        {`${label} `}
      </text>
      {flags && (
        <text
          x={12}
          y={52}
          fontSize={11}
          fontWeight="bold"
          fill={flagged ? theme.palette.error.main : text}
        >
          {flags}
        </text>
      )}
    </g>
  );
};

const EdgeLabel = ({ edge }: { edge: GraphEdge }) => {
  const theme = useTheme();
  return (
    <text
      fontSize={11}
      fontFamily="monospace"
      fill={theme.palette.text.secondary}
      textAnchor="middle"
    >
      <title>{edge.fullLabel}</title>
      {edge.label}
    </text>
  );
};

/** The pipeline in words, for screen readers: every task in order and what flows where. */
const PipelineSummary = (props: { id: string; pipeline: ArtifactPipeline }) => {
  const { id, pipeline } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const names = new Map(pipeline.nodes.map(n => [n.id, describeNode(t, n)]));
  const nameOf = (taskId: HolosTaskId) => names.get(taskId) ?? taskId;
  return (
    <Box id={id} sx={VISUALLY_HIDDEN}>
      <p>{t('holos.graph.summary', { count: pipeline.nodes.length })}</p>
      <ol>
        {pipeline.nodes.map(node => {
          const parts = [
            nameOf(node.id),
            node.reads.length > 0 &&
              t('holos.graph.reads', { paths: node.reads.join(', ') }),
            node.writes.length > 0 &&
              t('holos.graph.writes', { paths: node.writes.join(', ') }),
            nodeFlags(t, node),
          ];
          return <li key={node.id}>{parts.filter(Boolean).join('; ')}</li>;
        })}
      </ol>
      {pipeline.flowsKnown && (
        <ul>
          {pipeline.edges.map(edge => (
            <li key={`${edge.from}-${edge.to}`}>
              {edge.label
                ? t('holos.graph.flowsFromTo', {
                    paths: edge.label,
                    from: nameOf(edge.from),
                    to: nameOf(edge.to),
                  })
                : t('holos.graph.runsAfter', {
                    from: nameOf(edge.from),
                    to: nameOf(edge.to),
                  })}
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
};

/**
 * One artifact's pipeline, left to right: generators in parallel → transformers in order →
 * validators → the artifact. Nodes are buttons: a click (or Enter) selects one for its details.
 */
export const PipelineGraph = (props: {
  pipeline: ArtifactPipeline;
  selected?: HolosTaskId;
  onSelect: (id: HolosTaskId) => void;
}) => {
  const { pipeline, selected, onSelect } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  // Stable arrays: the graph lays itself out again whenever they change identity.
  const nodes = useMemo<GraphNode[]>(
    () => pipeline.nodes.map(node => ({ id: node.id, node })),
    [pipeline],
  );
  const edges = useMemo<GraphEdge[]>(
    () =>
      pipeline.edges.map(e => ({
        from: e.from,
        to: e.to,
        label: e.label && shorten(e.label),
        fullLabel: e.label,
      })),
    [pipeline],
  );
  const summaryId = `holos-pipeline-summary-${pipeline.artifact.index}`;
  return (
    <Box
      role="group"
      aria-label={t('holos.graph.groupLabel', {
        index: String(pipeline.artifact.index),
        path: pipeline.artifact.artifact || t('holos.node.noPath'),
      })}
      aria-describedby={summaryId}
      sx={{ position: 'relative', minHeight: NODE_HEIGHT * 2 }}
    >
      <PipelineSummary id={summaryId} pipeline={pipeline} />
      {/* At least as wide as the graph at full size: a long pipeline scrolls, its text stays legible. */}
      {/* Focusable so a keyboard can scroll it (axe: scrollable-region-focusable). */}
      <Box
        tabIndex={0}
        role="region"
        aria-label={t('holos.graph.regionLabel', {
          index: String(pipeline.artifact.index),
        })}
        sx={{ overflowX: 'auto' }}
      >
        <Box sx={{ minWidth: graphWidth(t, pipeline) }}>
          <DependencyGraph
            nodes={nodes}
            edges={edges}
            direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
            rankMargin={RANK_MARGIN}
            nodeMargin={24}
            paddingX={PADDING}
            paddingY={PADDING}
            labelPosition={DependencyGraphTypes.LabelPosition.RIGHT}
            labelOffset={4}
            showArrowHeads
            // Drawn at full size (scrolling sideways when wide) rather than taking over the mouse
            // wheel or clicks with zoom: an artifact's pipeline is a handful of nodes.
            zoom="disabled"
            allowFullscreen={false}
            renderNode={({ node }) => (
              <PipelineNodeBox
                node={node.node}
                selected={node.id === selected}
                onSelect={onSelect}
              />
            )}
            renderLabel={({ edge }) => <EdgeLabel edge={edge} />}
          />
        </Box>
      </Box>
    </Box>
  );
};
