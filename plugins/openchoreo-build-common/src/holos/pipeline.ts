import { redactGenerator } from './redact';
import type {
  HolosArtifact,
  HolosBuildPlan,
  HolosCommand,
  HolosGenerator,
  HolosTransformer,
  HolosValidator,
} from './model';
import { isRecord } from './normalize';
import { holosTaskId, type HolosPathSegment } from './paths';
import type {
  HolosArtifactReport,
  HolosDataFlow,
  HolosDryRunTask,
} from './report';

/**
 * How holos runs one BuildPlan (`internal/component/v1alpha6/v1alpha6.go@4fa6cb23`, `Build` and
 * `buildArtifact`): every artifact is its own pipeline and the pipelines run concurrently;
 * inside one, all generators run concurrently, then the transformers one after another, then
 * all validators concurrently, then the artifact path is written out of the plan's store.
 * The rules (`rules.ts`) and the dry run (`dryRun.ts`) both read the plan through this file.
 */

/** One task of a plan with where it sits in the document. */
export interface HolosPipelineTask extends HolosDryRunTask {
  /** The node the task comes from (`spec.artifacts[i].generators[j]`, …; the artifact for `write`). */
  segments: HolosPathSegment[];
  /** The inputs as listed (`reads` without duplicates), so a problem can point at the list item. */
  inputs: string[];
  /** True for a Join transformer, which reads each input as one file (see {@link resolveInput}). */
  readsFilesOnly: boolean;
}

const artifactSegments = (index: number): HolosPathSegment[] => [
  'spec',
  'artifacts',
  index,
];

/** The tasks of one artifact, in execution order, with their steps and dependencies. */
export function artifactTasks(
  artifact: HolosArtifact,
  index: number,
): HolosPipelineTask[] {
  const generators = artifact.generators ?? [];
  const transformers = artifact.transformers ?? [];
  const validators = artifact.validators ?? [];
  // Steps are compact: an empty stage takes no step.
  const firstTransformerStep = generators.length > 0 ? 1 : 0;
  const validatorStep = firstTransformerStep + transformers.length;
  const writeStep = validatorStep + (validators.length > 0 ? 1 : 0);

  const generatorTasks = generators.map(
    (generator, j): HolosPipelineTask => ({
      id: holosTaskId(index, 'generator', j),
      artifact: index,
      stage: 'generator',
      index: j,
      kind: generator.kind,
      label: generatorLabel(generator),
      after: [],
      step: 0,
      reads: [],
      writes: [generator.output],
      inputs: [],
      segments: [...artifactSegments(index), 'generators', j],
      readsFilesOnly: false,
    }),
  );
  const generatorIds = generatorTasks.map(task => task.id);
  const transformerTasks = transformers.map(
    (transformer, k): HolosPipelineTask => ({
      id: holosTaskId(index, 'transformer', k),
      artifact: index,
      stage: 'transformer',
      index: k,
      kind: transformer.kind,
      label: transformerLabel(transformer),
      after:
        k === 0 ? generatorIds : [holosTaskId(index, 'transformer', k - 1)],
      step: firstTransformerStep + k,
      reads: unique(transformer.inputs ?? []),
      writes: [transformer.output],
      inputs: transformer.inputs ?? [],
      segments: [...artifactSegments(index), 'transformers', k],
      // join() reads inputs with Store.Get, which has no directory expansion (v1alpha6.go@4fa6cb23).
      readsFilesOnly: transformer.kind === 'Join',
    }),
  );
  const lastTransformer = transformerTasks[transformerTasks.length - 1];
  const beforeValidators = lastTransformer
    ? [lastTransformer.id]
    : generatorIds;
  const validatorTasks = validators.map(
    (validator, v): HolosPipelineTask => ({
      id: holosTaskId(index, 'validator', v),
      artifact: index,
      stage: 'validator',
      index: v,
      kind: validator.kind,
      label: commandLabel(validator.command) ?? `validator ${v}`,
      after: beforeValidators,
      step: validatorStep,
      reads: unique(validator.inputs ?? []),
      writes: [],
      inputs: validator.inputs ?? [],
      segments: [...artifactSegments(index), 'validators', v],
      readsFilesOnly: false,
    }),
  );
  const path = artifact.artifact ?? '';
  const write: HolosPipelineTask = {
    id: holosTaskId(index),
    artifact: index,
    stage: 'write',
    index: 0,
    kind: 'Artifact',
    label: path,
    after:
      validatorTasks.length > 0
        ? validatorTasks.map(task => task.id)
        : beforeValidators,
    step: writeStep,
    reads: path === '' ? [] : [path],
    writes: path === '' ? [] : [path],
    inputs: [],
    segments: artifactSegments(index),
    readsFilesOnly: false,
  };
  return [...generatorTasks, ...transformerTasks, ...validatorTasks, write];
}

/** Every task of a plan, artifact by artifact. */
export function planTasks(plan: HolosBuildPlan): HolosPipelineTask[] {
  return plan.spec.artifacts.flatMap((artifact, i) =>
    artifactTasks(artifact, i),
  );
}

/** The paths a task writes into the plan's store (the final write only copies one out). */
export function storeWrites(task: HolosPipelineTask): string[] {
  return task.stage === 'write' ? [] : task.writes;
}

/**
 * Which outputs an input names, as the store reads it (`internal/artifact/artifact.go@4fa6cb23`,
 * `MapStore.Save`): the output with exactly that path if there is one, otherwise — the input is
 * a directory — every output under `input + '/'`. `readsFilesOnly` (Join) allows the exact
 * match only. Undefined when nothing matches.
 */
export function resolveInput(
  input: string,
  producers: readonly HolosPipelineTask[],
  readsFilesOnly = false,
): Pick<HolosDataFlow, 'from' | 'prefix'> | undefined {
  const matches = (test: (output: string) => boolean) =>
    producers.flatMap(task =>
      storeWrites(task)
        .filter(test)
        .map(output => ({ task: task.id, output })),
    );
  const exact = matches(output => output === input);
  if (exact.length > 0) return { from: exact, prefix: false };
  if (readsFilesOnly || input.endsWith('/')) return undefined;
  const prefix = `${input}/`;
  const inside = matches(output => output.startsWith(prefix));
  return inside.length > 0 ? { from: inside, prefix: true } : undefined;
}

/** The tasks of the same artifact that run before `task` and so may feed it. */
export function earlierTasks(
  task: HolosPipelineTask,
  tasks: readonly HolosPipelineTask[],
): HolosPipelineTask[] {
  return tasks.filter(
    other => other.artifact === task.artifact && other.step < task.step,
  );
}

function generatorLabel(generator: HolosGenerator): string {
  switch (generator.kind) {
    case 'Helm':
      return generator.helm?.chart.name ?? generator.output;
    case 'File':
      return generator.file?.source ?? generator.output;
    case 'Command':
      return commandLabel(generator.command) ?? generator.output;
    default:
      return generator.output;
  }
}

function transformerLabel(transformer: HolosTransformer): string {
  return transformer.kind === 'Command'
    ? commandLabel(transformer.command) ?? transformer.output
    : transformer.output;
}

/** `Command.DisplayName`: "The basename of args[0] is used if empty" (types.go@4fa6cb23). */
function commandLabel(command: HolosCommand | undefined): string | undefined {
  if (command?.displayName) return command.displayName;
  const program = command?.args?.[0];
  return program ? program.split('/').pop() || program : undefined;
}

function unique(paths: readonly string[]): string[] {
  return [...new Set(paths)];
}

/**
 * The artifacts of a plan as submitted, for the report. Reads defensively: a plan with schema
 * problems still gets its artifacts listed, with only the items that are objects and only the
 * paths that are strings.
 */
export function artifactReports(plan: unknown): HolosArtifactReport[] {
  const spec = isRecord(plan) ? plan.spec : undefined;
  const artifacts = isRecord(spec) ? spec.artifacts : undefined;
  if (!Array.isArray(artifacts)) return [];
  return artifacts.map((artifact, index) => {
    const a = isRecord(artifact) ? artifact : {};
    // Literal auth values never leave the analysis (see redact.ts).
    const generators = (
      records(a.generators) as unknown as HolosGenerator[]
    ).map(redactGenerator);
    const transformers = records(
      a.transformers,
    ) as unknown as HolosTransformer[];
    const validators = records(a.validators) as unknown as HolosValidator[];
    return {
      index,
      artifact: typeof a.artifact === 'string' ? a.artifact : '',
      skip: a.skip === true,
      generators,
      transformers,
      validators,
      inputs: unique(
        [...transformers, ...validators].flatMap(task => strings(task.inputs)),
      ),
      outputs: [...generators, ...transformers]
        .map(task => task.output)
        .filter((output): output is string => typeof output === 'string'),
    };
  });
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
