/**
 * Holos core schemas, v1alpha6 (`github.com/holos-run/holos/api/core/v1alpha6`, `api/core/v1alpha6/types.go`).
 * The field names and optionality follow the Go struct tags: a field tagged `omitempty` is optional here.
 * Values are what a `holos show buildplans` or `cue export` document holds. `analyzeHolosText` and
 * `analyzeHolosDocuments` turn unknown input into these types: a value is only typed as a plan
 * after it matched the JSON Schema (`schema.ts`), which also fills in what CUE would (defaults,
 * constants, empty lists), so the fields marked required here are always there.
 */

/**
 * The API version every document of these schemas carries.
 *
 * @public
 */
export const HOLOS_API_VERSION = 'v1alpha6';

/**
 * A file path (`FilePath`).
 *
 * @public
 */
export type HolosFilePath = string;
/**
 * A file or a directory path (`FileOrDirectoryPath`); a directory behaves like `git add .` of its files.
 *
 * @public
 */
export type HolosFileOrDirectoryPath = string;
/**
 * File contents (`FileContent`).
 *
 * @public
 */
export type HolosFileContent = string;
/**
 * File paths to contents (`FileContentMap`), e.g. kustomize patch files.
 *
 * @public
 */
export type HolosFileContentMap = Record<HolosFilePath, HolosFileContent>;
/**
 * A discriminator (`Kind`).
 *
 * @public
 */
export type HolosKind = string;
/**
 * An identifier internal to holos, never written to rendered output (`InternalLabel`).
 *
 * @public
 */
export type HolosInternalLabel = string;
/**
 * One Kubernetes API object (`Resource`).
 *
 * @public
 */
export type HolosResource = Record<string, unknown>;
/**
 * Resources by Kind, then by InternalLabel (`Resources`).
 *
 * @public
 */
export type HolosResources = Record<
  HolosKind,
  Record<HolosInternalLabel, HolosResource>
>;
/**
 * Helm chart values (`Values`).
 *
 * @public
 */
export type HolosValues = Record<string, unknown>;
/**
 * A decoded kustomization.yaml (`Kustomization`): untyped upstream on purpose.
 *
 * @public
 */
export type HolosKustomization = Record<string, unknown>;

/**
 * `Metadata`.
 *
 * @public
 */
export interface HolosMetadata {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * `AuthSource`: a literal value or the name of an environment variable.
 *
 * @public
 */
export interface HolosAuthSource {
  value?: string;
  fromEnv?: string;
}

/**
 * `Auth`: HTTP basic auth for a Helm repository.
 *
 * @public
 */
export interface HolosAuth {
  username: HolosAuthSource;
  password: HolosAuthSource;
}

/**
 * `Repository`: a Helm chart repository. Name and url are optional upstream since the oci://
 * support (`api/core/v1alpha6/types.go@4fa6cb23`): the url is required unless the chart name is
 * an oci:// reference, and must be absent when it is (`types.cue`); the schema checks both.
 *
 * @public
 */
export interface HolosRepository {
  name?: string;
  url?: string;
  auth?: HolosAuth;
}

/**
 * `Chart`.
 *
 * @public
 */
export interface HolosChart {
  name: string;
  version: string;
  release: string;
  repository?: HolosRepository;
}

/**
 * `ValueFile`: one values file produced from CUE.
 *
 * @public
 */
export interface HolosValueFile {
  name: string;
  kind: 'Values';
  values?: HolosValues;
}

/**
 * `Helm` generator.
 *
 * @public
 */
export interface HolosHelm {
  chart: HolosChart;
  values: HolosValues;
  valueFiles?: HolosValueFile[];
  enableHooks?: boolean;
  namespace?: string;
  apiVersions?: string[];
  kubeVersion?: string;
}

/**
 * `File` generator: copies a file of the component directory.
 *
 * @public
 */
export interface HolosFile {
  source: HolosFilePath;
}

/**
 * `Command`: a task run as a system command from the platform root.
 *
 * @public
 */
export interface HolosCommand {
  displayName?: string;
  args?: string[];
  isStdoutOutput?: boolean;
}

/**
 * `Kustomize` transformer.
 *
 * @public
 */
export interface HolosKustomize {
  kustomization: HolosKustomization;
  files?: HolosFileContentMap;
}

/**
 * `Join` transformer: concatenates its inputs with a separator.
 *
 * @public
 */
export interface HolosJoin {
  separator?: string;
}

/**
 * The kinds a `Generator` may have (`cue:"\"Resources\" | \"Helm\" | \"File\" | \"Command\""`).
 *
 * @public
 */
export const HOLOS_GENERATOR_KINDS = [
  'Resources',
  'Helm',
  'File',
  'Command',
] as const;
/** @public */
export type HolosGeneratorKind = (typeof HOLOS_GENERATOR_KINDS)[number];

/**
 * The kinds a `Transformer` may have.
 *
 * @public
 */
export const HOLOS_TRANSFORMER_KINDS = [
  'Kustomize',
  'Join',
  'Command',
] as const;
/** @public */
export type HolosTransformerKind = (typeof HOLOS_TRANSFORMER_KINDS)[number];

/**
 * The kinds a `Validator` may have.
 *
 * @public
 */
export const HOLOS_VALIDATOR_KINDS = ['Command'] as const;
/** @public */
export type HolosValidatorKind = (typeof HOLOS_VALIDATOR_KINDS)[number];

/**
 * `Generator`: only the member named by `kind` is used.
 *
 * @public
 */
export interface HolosGenerator {
  kind: HolosGeneratorKind;
  output: HolosFileOrDirectoryPath;
  resources?: HolosResources;
  helm?: HolosHelm;
  file?: HolosFile;
  command?: HolosCommand;
}

/**
 * `Transformer`: only the member named by `kind` is used.
 *
 * @public
 */
export interface HolosTransformer {
  kind: HolosTransformerKind;
  inputs: HolosFileOrDirectoryPath[];
  output: HolosFileOrDirectoryPath;
  kustomize?: HolosKustomize;
  join?: HolosJoin;
  command?: HolosCommand;
}

/**
 * `Validator`.
 *
 * @public
 */
export interface HolosValidator {
  kind: HolosValidatorKind;
  inputs: HolosFileOrDirectoryPath[];
  command?: HolosCommand;
}

/**
 * `Artifact`: one rendered manifest file or directory.
 *
 * @public
 */
export interface HolosArtifact {
  artifact?: HolosFileOrDirectoryPath;
  generators?: HolosGenerator[];
  transformers?: HolosTransformer[];
  validators?: HolosValidator[];
  skip?: boolean;
}

/**
 * `BuildContext`: values holos injects just before it evaluates a plan.
 *
 * @public
 */
export interface HolosBuildContext {
  tempDir: string;
  rootDir: string;
  leafDir: string;
  holosExecutable: string;
}

/**
 * `BuildPlanSpec`.
 *
 * @public
 */
export interface HolosBuildPlanSpec {
  artifacts: HolosArtifact[];
  disabled?: boolean;
}

/**
 * `BuildPlan`.
 *
 * @public
 */
export interface HolosBuildPlan {
  apiVersion: typeof HOLOS_API_VERSION;
  kind: 'BuildPlan';
  metadata: HolosMetadata;
  spec: HolosBuildPlanSpec;
  buildContext: HolosBuildContext;
}

/**
 * `Component` of a Platform.
 *
 * @public
 */
export interface HolosComponent {
  name: string;
  path: string;
  parameters?: Record<string, string>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * `PlatformSpec`.
 *
 * @public
 */
export interface HolosPlatformSpec {
  components: HolosComponent[];
}

/**
 * `Platform`.
 *
 * @public
 */
export interface HolosPlatform {
  apiVersion: string;
  kind: 'Platform';
  metadata: HolosMetadata;
  spec: HolosPlatformSpec;
}
