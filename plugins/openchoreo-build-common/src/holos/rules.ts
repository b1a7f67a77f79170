import type { HolosBuildPlan } from './model';
import { formatHolosPath, type HolosPathSegment } from './paths';
import {
  earlierTasks,
  planTasks,
  resolveInput,
  storeWrites,
  type HolosPipelineTask,
} from './pipeline';
import type { HolosFinding } from './schemaValidation';

/**
 * The cross-field rules of a BuildPlan, each from the `Artifact` documentation of
 * `api/core/v1alpha6/types.go@4fa6cb23` and checked against how holos runs the plan
 * (`internal/component/v1alpha6/v1alpha6.go@4fa6cb23`, `internal/artifact/artifact.go@4fa6cb23`).
 * They run on plans that match the schema.
 */
export function checkHolosPlanRules(plan: HolosBuildPlan): HolosFinding[] {
  const tasks = planTasks(plan);
  return [
    ...checkWriteOnce(tasks),
    ...checkArtifactOutputs(plan, tasks),
    ...checkInputs(tasks),
  ];
}

const outputSegments = (task: HolosPipelineTask): HolosPathSegment[] => [
  ...task.segments,
  'output',
];
const place = (task: HolosPipelineTask) =>
  `${formatHolosPath(task.segments)} (${task.id})`;

/**
 * "Output fields are write-once. It is an error for multiple Generators or Transformers to
 * produce the same Output value within the context of a BuildPlan." (types.go, Artifact) —
 * holos' store refuses a second `Set` of a path (`MapStore.Set`: "already set").
 */
function checkWriteOnce(tasks: readonly HolosPipelineTask[]): HolosFinding[] {
  const firstWriter = new Map<string, HolosPipelineTask>();
  const findings: HolosFinding[] = [];
  for (const task of tasks) {
    for (const output of storeWrites(task)) {
      const first = firstWriter.get(output);
      if (first === undefined) {
        firstWriter.set(output, task);
        continue;
      }
      findings.push({
        rule: 'write-once',
        segments: outputSegments(task),
        message:
          `output "${output}" is written twice: by ${place(
            first,
          )} and by ${place(task)}; ` +
          'outputs are write-once across a BuildPlan, give one of them another path',
      });
    }
  }
  return findings;
}

/**
 * "The Output field of the final Transformer should have the same value as the Artifact
 * field. When there is more than one Generator there should be at least one Transformer to
 * combine outputs into one Artifact file, or the final artifact should be a directory
 * containing the outputs of the generators. If there is a single Generator, it may directly
 * produce the Artifact output." (types.go, Artifact). Holos writes the artifact with
 * `Store.Save(writeTo, artifact)`, which silently writes nothing when no output matches.
 */
function checkArtifactOutputs(
  plan: HolosBuildPlan,
  tasks: readonly HolosPipelineTask[],
): HolosFinding[] {
  const findings: HolosFinding[] = [];
  plan.spec.artifacts.forEach((artifact, index) => {
    const mine = tasks.filter(task => task.artifact === index);
    const generators = mine.filter(task => task.stage === 'generator');
    const transformers = mine.filter(task => task.stage === 'transformer');
    const path = artifact.artifact ?? '';
    const artifactSegments: HolosPathSegment[] = ['spec', 'artifacts', index];
    if (path === '') {
      findings.push({
        rule: 'artifact-output',
        segments: artifactSegments,
        message: `spec.artifacts[${index}] has no artifact path: holos would write nothing for it; set artifact to the file or directory it produces`,
      });
      return;
    }
    const last = transformers[transformers.length - 1];
    if (last !== undefined) {
      if (last.writes[0] !== path) {
        findings.push({
          rule: 'artifact-output',
          segments: outputSegments(last),
          message: `the last transformer writes "${last.writes[0]}" but the artifact is "${path}": the final transformer's output must be the artifact path`,
        });
      }
      return;
    }
    if (generators.length === 0) {
      findings.push({
        rule: 'artifact-output',
        segments: [...artifactSegments, 'artifact'],
        message: `nothing writes the artifact "${path}": add a generator (or transformers) whose output is the artifact path`,
      });
      return;
    }
    for (const generator of generators) {
      const output = generator.writes[0];
      if (output === path || output.startsWith(`${path}/`)) continue;
      findings.push({
        rule: 'artifact-output',
        segments: outputSegments(generator),
        message:
          generators.length === 1
            ? `the only generator writes "${output}" but the artifact is "${path}": without a transformer the generator's output must be the artifact path (or lie inside it as a directory)`
            : `"${output}" is not inside the artifact directory "${path}/": with several generators and no transformer the artifact must be a directory containing every generator output, or a transformer (e.g. Join) must combine them into the artifact`,
      });
    }
  });
  return findings;
}

/**
 * Inputs: "Generator Output values are used as Transformer Inputs"; "Each Transformer is
 * executed sequentially starting after all generators have completed"; "One Artifact must not
 * use an output of another Artifact as an input"; "When the input field references an absent
 * file, a / is appended and the resulting value is used as a prefix match against all previous
 * task outputs" (types.go, Artifact). Validators run after the last transformer and may read any
 * output of their artifact (`buildArtifact`). Join reads files only (`join`: `Store.Get`).
 */
function checkInputs(tasks: readonly HolosPipelineTask[]): HolosFinding[] {
  const findings: HolosFinding[] = [];
  for (const task of tasks) {
    if (task.stage !== 'transformer' && task.stage !== 'validator') continue;
    task.inputs.forEach((input, n) => {
      // A path listed twice is reported once, at its first place.
      if (task.inputs.indexOf(input) !== n) return;
      const finding = checkInput(task, input, tasks);
      if (finding === undefined) return;
      findings.push({ ...finding, segments: [...task.segments, 'inputs', n] });
    });
  }
  return findings;
}

function checkInput(
  task: HolosPipelineTask,
  input: string,
  tasks: readonly HolosPipelineTask[],
): Omit<HolosFinding, 'segments'> | undefined {
  const earlier = earlierTasks(task, tasks);
  if (resolveInput(input, earlier, task.readsFilesOnly) !== undefined) {
    return undefined;
  }
  if (input.endsWith('/')) {
    return {
      rule: 'missing-input',
      message: `input "${input}" ends in "/": holos refuses such paths ("path must not end in a /"); name the directory without the trailing slash`,
    };
  }
  if (task.readsFilesOnly && resolveInput(input, earlier) !== undefined) {
    return {
      rule: 'missing-input',
      message: `input "${input}" names a directory, but a Join transformer reads each input as one file: list the files, or use a Kustomize or Command transformer`,
    };
  }
  const later = tasks.filter(
    other =>
      other.artifact === task.artifact &&
      other.step >= task.step &&
      other.stage !== 'write',
  );
  const laterMatch = resolveInput(input, later, task.readsFilesOnly);
  if (laterMatch !== undefined) {
    const writer = later.find(other => other.id === laterMatch.from[0].task)!;
    const when =
      writer.id === task.id
        ? 'this transformer itself'
        : `${place(writer)}, which runs later`;
    return {
      rule: 'input-order',
      message: `input "${input}" is written by ${when}: transformers run in order, so an input must be written by a generator or an earlier transformer`,
    };
  }
  const others = tasks.filter(other => other.artifact !== task.artifact);
  const otherMatch = resolveInput(input, others, task.readsFilesOnly);
  if (otherMatch !== undefined) {
    const writer = others.find(other => other.id === otherMatch.from[0].task)!;
    return {
      rule: 'cross-artifact',
      message: `input "${input}" is written only by another artifact, ${place(
        writer,
      )}: artifacts run concurrently and one artifact must not read another's outputs; produce it in this artifact`,
    };
  }
  return {
    rule: 'missing-input',
    message: `input "${input}" is not written by any earlier task of this artifact (neither as a file nor as a directory "${input}/…"): add a generator or transformer whose output it is`,
  };
}
