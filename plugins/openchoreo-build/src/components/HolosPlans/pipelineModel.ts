import {
  holosTaskId,
  type HolosArtifactReport,
  type HolosDryRunTask,
  type HolosGenerator,
  type HolosPlanReport,
  type HolosProblem,
  type HolosTaskId,
  type HolosTransformer,
  type HolosValidationResult,
  type HolosValidator,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { OpenChoreoBuildTranslate } from '../../translation';

/*
 * What the "Render plan" views draw, derived from the analysis the backend answers
 * (`HolosPlanReport`): one graph per artifact. The rules (which input a task reads from where,
 * what is a problem) are decided in -common; this only arranges their answer for drawing.
 */

/** The spec behind a node: the generator, transformer or validator as submitted, or the artifact write. */
export type PipelineTaskSpec =
  | { stage: 'generator'; spec: HolosGenerator }
  | { stage: 'transformer'; spec: HolosTransformer }
  | { stage: 'validator'; spec: HolosValidator }
  | { stage: 'write'; artifact: string };

/** One task of an artifact's pipeline. */
export interface PipelineNode {
  /** The task id (`artifact/<i>/generator/<j>`, …, `artifact/<i>` for the write). */
  id: HolosTaskId;
  artifact: number;
  stage: PipelineTaskSpec['stage'];
  /** Position within its stage. */
  index: number;
  /** `Helm`, `Kustomize`, `Command`, …; `Artifact` for the write. */
  kind: string;
  label: string;
  task: PipelineTaskSpec;
  reads: string[];
  writes: string[];
  problems: HolosProblem[];
  /**
   * Inputs the dry run finds no earlier task of this artifact for (missing, or written only by
   * another artifact: the node's problems say which).
   */
  unresolvedInputs: string[];
  /** The artifact says `skip: true`, which holos v1alpha6 ignores: it is still built and written. */
  markedSkip: boolean;
}

/** An arrow between two tasks of one artifact. */
export interface PipelineEdge {
  from: HolosTaskId;
  to: HolosTaskId;
  /** The path(s) the edge carries; absent for an ordering-only edge. */
  label?: string;
}

/** The graph of one artifact. */
export interface ArtifactPipeline {
  artifact: HolosArtifactReport;
  nodes: PipelineNode[];
  edges: PipelineEdge[];
  /**
   * True when the edges are the dry run's data flows; false when the plan has no dry run (it does
   * not match the schema) and the edges only show the stage order.
   */
  flowsKnown: boolean;
}

/** A task's stage in words: "generator", …, "artifact" for the write. */
export function stageText(
  t: OpenChoreoBuildTranslate,
  stage: PipelineTaskSpec['stage'],
): string {
  return t(`holos.stage.${stage}`);
}

/** A name for a node in text: "Helm generator 1 (podinfo)", "artifact app.gen.yaml". */
export function describeNode(
  t: OpenChoreoBuildTranslate,
  node: PipelineNode,
): string {
  if (node.stage === 'write') {
    return t('holos.node.write', {
      path: node.label || t('holos.node.noPath'),
    });
  }
  return t('holos.node.task', {
    kind: node.kind,
    stage: stageText(t, node.stage),
    position: String(node.index + 1),
    label: node.label,
  });
}

/** The line above a result: "3 plans, 2 valid, 4 problems" (and the platforms when any). */
export function summarizeResult(
  t: OpenChoreoBuildTranslate,
  result: HolosValidationResult,
): string {
  const valid = result.plans.filter(p => p.errors.length === 0).length;
  const problemCount =
    result.plans.reduce((n, p) => n + p.errors.length, 0) +
    result.platforms.reduce((n, p) => n + p.errors.length, 0);
  const plans = t('holos.count.plans', { count: result.plans.length });
  const validText = t('holos.summary.valid', { number: String(valid) });
  const problems = t('holos.count.problems', { count: problemCount });
  if (result.platforms.length === 0) {
    return t('holos.summary.plans', { plans, valid: validText, problems });
  }
  const components = result.platforms.reduce(
    (n, p) => n + p.components.length,
    0,
  );
  return t('holos.summary.plansAndPlatforms', {
    plans,
    valid: validText,
    platforms: t('holos.summary.platformsWithComponents', {
      platforms: t('holos.count.platforms', {
        count: result.platforms.length,
      }),
      components: t('holos.count.components', { count: components }),
    }),
    problems,
  });
}

// What a task reads and writes as the spec says, for a plan without a dry run.
function specIo(task: PipelineTaskSpec): { reads: string[]; writes: string[] } {
  switch (task.stage) {
    case 'generator':
      return { reads: [], writes: [task.spec.output] };
    case 'transformer':
      return { reads: task.spec.inputs ?? [], writes: [task.spec.output] };
    case 'validator':
      return { reads: task.spec.inputs ?? [], writes: [] };
    default:
      return { reads: task.artifact ? [task.artifact] : [], writes: [] };
  }
}

function specKind(task: PipelineTaskSpec): string {
  return task.stage === 'write' ? 'Artifact' : task.spec.kind;
}

function specLabel(task: PipelineTaskSpec): string {
  switch (task.stage) {
    case 'generator':
    case 'transformer':
      return task.spec.output;
    case 'validator':
      return (task.spec.inputs ?? []).join(', ');
    default:
      return task.artifact;
  }
}

/** The tasks of an artifact in holos' order, each with its position within its stage. */
function artifactTasks(
  artifact: HolosArtifactReport,
): Array<{ task: PipelineTaskSpec; index: number }> {
  return [
    ...artifact.generators.map((spec, index) => ({
      task: { stage: 'generator' as const, spec },
      index,
    })),
    ...artifact.transformers.map((spec, index) => ({
      task: { stage: 'transformer' as const, spec },
      index,
    })),
    ...artifact.validators.map((spec, index) => ({
      task: { stage: 'validator' as const, spec },
      index,
    })),
    {
      task: { stage: 'write' as const, artifact: artifact.artifact },
      index: 0,
    },
  ];
}

// Holos runs an artifact's generators concurrently, then its transformers in order, then its
// validators concurrently, then writes the artifact (`buildArtifact`,
// internal/component/v1alpha6/v1alpha6.go@4fa6cb23): the columns of a plan without a dry run.
function stageOrderEdges(nodes: PipelineNode[]): PipelineEdge[] {
  const columns: PipelineNode[][] = [
    nodes.filter(n => n.stage === 'generator'),
    ...nodes.filter(n => n.stage === 'transformer').map(n => [n]),
    nodes.filter(n => n.stage === 'validator'),
    nodes.filter(n => n.stage === 'write'),
  ].filter(column => column.length > 0);
  const edges: PipelineEdge[] = [];
  for (let c = 1; c < columns.length; c++) {
    for (const from of columns[c - 1]) {
      for (const to of columns[c]) edges.push({ from: from.id, to: to.id });
    }
  }
  return edges;
}

function addEdge(
  edges: Map<string, PipelineEdge>,
  from: HolosTaskId,
  to: HolosTaskId,
  label?: string,
) {
  // The graph keeps one edge per pair of nodes: a second path between them joins the label.
  const key = `${from}\u0000${to}`;
  const existing = edges.get(key);
  if (!existing) edges.set(key, { from, to, label });
  else if (label && existing.label !== label) {
    existing.label = existing.label ? `${existing.label}, ${label}` : label;
  }
}

/**
 * One graph per artifact of a plan, with its problems and unresolved inputs at their nodes (`t`
 * words an edge label of an input matched by prefix).
 */
export function buildArtifactPipelines(
  t: OpenChoreoBuildTranslate,
  plan: HolosPlanReport,
): ArtifactPipeline[] {
  const dryRunTasks = new Map<HolosTaskId, HolosDryRunTask>(
    (plan.dryRun?.tasks ?? []).map(task => [task.id, task]),
  );
  return plan.artifacts.map(artifact => {
    const nodes = artifactTasks(artifact).map(({ task, index }) => {
      const id =
        task.stage === 'write'
          ? holosTaskId(artifact.index)
          : holosTaskId(artifact.index, task.stage, index);
      const planned = dryRunTasks.get(id);
      const io = planned ?? specIo(task);
      const node: PipelineNode = {
        id,
        artifact: artifact.index,
        stage: task.stage,
        index,
        kind: planned?.kind ?? specKind(task),
        label: planned?.label ?? specLabel(task),
        task,
        reads: io.reads,
        writes: io.writes,
        problems: plan.errors.filter(p => p.task === id),
        unresolvedInputs: [],
        markedSkip: artifact.skip,
      };
      return node;
    });
    // No dry run (the plan does not match the schema), or (defensively) none for this artifact.
    if (!plan.dryRun || !nodes.some(n => dryRunTasks.has(n.id))) {
      return {
        artifact,
        nodes,
        edges: stageOrderEdges(nodes),
        flowsKnown: false,
      };
    }
    const byId = new Map(nodes.map(n => [n.id, n]));
    const edges = new Map<string, PipelineEdge>();
    const provided = new Set<string>();
    for (const flow of plan.dryRun.flows) {
      if (!byId.has(flow.task)) continue;
      const own = flow.from.filter(f => byId.has(f.task));
      if (own.length > 0) provided.add(`${flow.task}\u0000${flow.input}`);
      for (const source of own) {
        addEdge(
          edges,
          source.task,
          flow.task,
          flow.prefix
            ? t('holos.node.byPrefix', {
                output: source.output,
                input: flow.input,
              })
            : source.output,
        );
      }
    }
    // The dry run lists no flow for an input no earlier task of the artifact writes.
    for (const node of nodes) {
      node.unresolvedInputs = node.reads.filter(
        input => !provided.has(`${node.id}\u0000${input}`),
      );
    }
    // Order without data (a transformer after the one before it, the write after the validators)
    // is drawn too, unlabelled, so the graph shows when each task runs as well as what it reads.
    for (const node of nodes) {
      for (const before of dryRunTasks.get(node.id)?.after ?? []) {
        if (byId.has(before)) addEdge(edges, before, node.id);
      }
    }
    return { artifact, nodes, edges: [...edges.values()], flowsKnown: true };
  });
}

/** The node a problem belongs to, in the pipelines of its plan. */
export function findNode(
  pipelines: ArtifactPipeline[],
  id: HolosTaskId | undefined,
): PipelineNode | undefined {
  if (!id) return undefined;
  for (const pipeline of pipelines) {
    const node = pipeline.nodes.find(n => n.id === id);
    if (node) return node;
  }
  return undefined;
}
