import type {
  HolosComponent,
  HolosGenerator,
  HolosTransformer,
  HolosValidator,
} from './model';

/**
 * What `POST /holos/buildplans/validate` and `GET /holos/buildplans` answer, and what the
 * "Render plan" views draw. Produced by `analyzeHolosDocuments` in this package, so the
 * backend and any other caller report the same problems at the same paths.
 */

/**
 * The rule a problem breaks; the UI groups and highlights by it.
 *
 * @public
 */
export type HolosRule =
  /** The document does not match the v1alpha6 JSON Schema (a missing field, a wrong type or kind). */
  | 'schema'
  /** Two tasks of one plan write the same output (outputs are write-once across a plan). */
  | 'write-once'
  /** The artifact's last transformer does not write the artifact path (or no task does). */
  | 'artifact-output'
  /** An input that no earlier task of the same artifact writes (neither the path nor, as a directory, a prefix). */
  | 'missing-input'
  /** An input that only another artifact writes: artifacts run concurrently and must not read each other. */
  | 'cross-artifact'
  /** A task reads an output that is written only later in its own pipeline. */
  | 'input-order';

/**
 * One problem. `path` is relative to its document, dots for fields and `[n]` for list
 * items, e.g. `spec.artifacts[0].transformers[1].output`, and `["key"]` for a map key that is
 * not a plain name (`metadata.labels["holos.run/component.name"]`); '' for the document itself.
 * `task` is the pipeline node it belongs to (see `HolosTaskId`), when it belongs to one.
 *
 * @public
 */
export interface HolosProblem {
  path: string;
  message: string;
  rule: HolosRule;
  task?: HolosTaskId;
  /** 1-based position in the submitted text, when it was YAML or JSON text. */
  line?: number;
  column?: number;
}

/**
 * A pipeline node, named like holos' own task names (`internal/component/v1alpha6/v1alpha6.go`):
 * `artifact/<i>/generator/<j>`, `artifact/<i>/transformer/<k>`, `artifact/<i>/validator/<v>`,
 * and `artifact/<i>` for writing the artifact itself.
 *
 * @public
 */
export type HolosTaskId = string;

/**
 * One artifact of a plan as submitted, with what it reads and writes.
 *
 * @public
 */
export interface HolosArtifactReport {
  /** Position in `spec.artifacts`. */
  index: number;
  /** The artifact path (`artifact`), '' when absent. */
  artifact: string;
  /** `skip` as submitted; holos v1alpha6 ignores it (the artifact is built and written). */
  skip: boolean;
  /**
   * The tasks as submitted (with CUE's defaults filled in). When the plan has schema problems
   * these are the list items that are objects, not checked against the types.
   */
  generators: HolosGenerator[];
  transformers: HolosTransformer[];
  validators: HolosValidator[];
  /** Every path its transformers and validators read, in order, without duplicates. */
  inputs: string[];
  /** Every path its generators and transformers write, in order. */
  outputs: string[];
}

/**
 * Where a task's input comes from.
 *
 * @public
 */
export interface HolosDataFlow {
  /** The consuming task and the input as written. */
  task: HolosTaskId;
  input: string;
  /** The producing tasks and the outputs matched; more than one only for a directory input. */
  from: Array<{ task: HolosTaskId; output: string }>;
  /** True when the input names no output exactly and matched `input + '/'` as a prefix. */
  prefix: boolean;
}

/**
 * One task as holos would run it.
 *
 * @public
 */
export interface HolosDryRunTask {
  id: HolosTaskId;
  artifact: number;
  stage: 'generator' | 'transformer' | 'validator' | 'write';
  /** Position within its stage (0 for `write`). */
  index: number;
  /** The task's kind (`Helm`, `Kustomize`, ...; `Artifact` for `write`). */
  kind: string;
  /** A short human name: the chart, the command's displayName or args[0] basename, the output. */
  label: string;
  /** Tasks that must finish first. */
  after: HolosTaskId[];
  /** 0-based step: tasks with the same step may run at the same time (artifacts run concurrently). */
  step: number;
  reads: string[];
  writes: string[];
}

/**
 * The computed execution of one plan: nothing is executed to compute it.
 *
 * @public
 */
export interface HolosDryRun {
  tasks: HolosDryRunTask[];
  /** Task ids per step, in order: what may run concurrently at each point. */
  steps: HolosTaskId[][];
  flows: HolosDataFlow[];
  /**
   * The artifact paths the plan writes. A disabled plan writes none (its `tasks` still show what
   * would run once enabled). A `skip: true` artifact is still written: holos v1alpha6 never reads
   * `skip` (see `dryRun.ts`).
   */
  artifacts: string[];
}

/**
 * One BuildPlan document.
 *
 * @public
 */
export interface HolosPlanReport {
  /** Position of the document in the submitted stream, 0-based, not counting empty documents. */
  document: number;
  /** `metadata.name`. */
  name: string;
  /** The holos component the plan came from (`metadata.labels["holos.run/component.name"]`, else the name). */
  component: string;
  disabled: boolean;
  errors: HolosProblem[];
  artifacts: HolosArtifactReport[];
  /** Absent when the plan did not match the schema (there is nothing sound to plan). */
  dryRun?: HolosDryRun;
}

/**
 * One Platform document: its components, which holos renders to BuildPlans.
 *
 * @public
 */
export interface HolosPlatformReport {
  document: number;
  name: string;
  errors: HolosProblem[];
  components: HolosComponent[];
}

/**
 * The answer of the validate and read routes.
 *
 * @public
 */
export interface HolosValidationResult {
  /** True when no document has an error. */
  valid: boolean;
  plans: HolosPlanReport[];
  platforms: HolosPlatformReport[];
}

/**
 * `GET /holos/buildplans?entityRef=`: the entity's plans, read from its source location.
 *
 * @public
 */
export interface HolosEntityBuildPlans extends HolosValidationResult {
  entityRef: string;
  /** The resolved location the plans were read from. */
  location: string;
}
