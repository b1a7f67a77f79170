import type { OpenChoreoBuildTranslate } from '../../translation';
import {
  stageText,
  type ArtifactPipeline,
  type PipelineNode,
} from './pipelineModel';

/*
 * The text and size of the graph's nodes and edge labels. Sizes are computed, not measured: a
 * fixed box keeps the layout stable between renders, and the same numbers give the width the
 * graph needs to be drawn at full size (a wider pipeline scrolls instead of shrinking its text).
 * The texts are in the user's language (`t`), so the sizes follow the text actually shown.
 */

export const NODE_HEIGHT = 60;
export const RANK_MARGIN = 50;
export const PADDING = 16;
const MAX_CHARS = 28;
const CHAR_WIDTH = 7;
const LABEL_CHAR_WIDTH = 6.6;
const MIN_NODE_WIDTH = 140;

/** Long paths keep their end, which names the file. */
export function shorten(text: string): string {
  return text.length > MAX_CHARS ? `…${text.slice(-(MAX_CHARS - 1))}` : text;
}

/** The third line of a node: what is wrong with it, in words (colour is never the only signal). */
export function nodeFlags(
  t: OpenChoreoBuildTranslate,
  node: PipelineNode,
): string {
  const flags: string[] = [];
  if (node.problems.length > 0) {
    const rules = [...new Set(node.problems.map(p => p.rule))];
    flags.push(
      t('holos.flags.problems', {
        count: node.problems.length,
        rules: rules.join(', '),
      }),
    );
  } else if (node.unresolvedInputs.length > 0) {
    flags.push(
      t('holos.count.unresolvedInputs', {
        count: node.unresolvedInputs.length,
      }),
    );
  }
  if (node.markedSkip) flags.push(t('holos.flags.skipIgnored'));
  return flags.join(' · ');
}

/** The three lines of a node and the width of its box. */
export function nodeText(
  t: OpenChoreoBuildTranslate,
  node: PipelineNode,
): {
  title: string;
  label: string;
  flags: string;
  width: number;
} {
  const title = t('holos.node.title', {
    kind: node.kind,
    stage: stageText(t, node.stage),
  });
  const label = shorten(node.label || t('holos.node.noPath'));
  const flags = nodeFlags(t, node);
  const longest = Math.max(title.length, label.length, flags.length);
  return {
    title,
    label,
    flags,
    width: Math.max(MIN_NODE_WIDTH, Math.round(longest * CHAR_WIDTH + 24)),
  };
}

/** The width the whole graph needs: its columns (stages), the labels between them and the margins. */
export function graphWidth(
  t: OpenChoreoBuildTranslate,
  pipeline: ArtifactPipeline,
): number {
  const column = (node: PipelineNode) =>
    node.stage === 'transformer' ? `transformer/${node.index}` : node.stage;
  const widths = new Map<string, number>();
  for (const node of pipeline.nodes) {
    const key = column(node);
    widths.set(key, Math.max(widths.get(key) ?? 0, nodeText(t, node).width));
  }
  const labels = pipeline.edges.reduce(
    (sum, edge) => Math.max(sum, edge.label ? shorten(edge.label).length : 0),
    0,
  );
  const gaps = Math.max(0, widths.size - 1);
  // Dagre gives each labelled edge a rank of its own, so a gap holds a label and two margins.
  const gap =
    labels > 0 ? labels * LABEL_CHAR_WIDTH + 2 * RANK_MARGIN : RANK_MARGIN;
  return (
    [...widths.values()].reduce((a, b) => a + b, 0) + gaps * gap + 2 * PADDING
  );
}
