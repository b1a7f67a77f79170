/**
 * JSON Schema of the holos core schemas v1alpha6, one `$defs` entry per Go type, following the
 * CUE form holos generates from the Go types
 * (`internal/generate/platforms/cue.mod/gen/github.com/holos-run/holos/api/core/v1alpha6/types_go_gen.cue@4fa6cb23`)
 * plus the hand-written CUE constraint next to it
 * (`internal/generate/platforms/cue.mod/pkg/github.com/holos-run/holos/api/core/v1alpha6/types.cue@4fa6cb23`).
 *
 * How CUE maps to JSON Schema here:
 * - CUE definitions (`#Artifact`, …) are closed: a field they do not declare is an error, so
 *   every struct type has `additionalProperties: false`. `#Values`, `#Resource` and
 *   `#Kustomization` are `{...}` (open) and stay open.
 * - A field is `required` only when a document must supply it. A field CUE completes by
 *   itself — a constant (`kind: "Values"`), a default (`tempDir: string | *"${TEMP_DIR_PLACEHOLDER}"`),
 *   an open list (`artifacts: [...#Artifact]` exports as `[]`) or a struct whose fields all
 *   complete — is optional and carries that value as `default`; validation fills it in (ajv
 *   `useDefaults`) the way `cue export` would, so a validated document matches `model.ts`.
 */

/**
 * The subset of JSON Schema (draft-07, as ajv 8 reads it) this schema uses.
 *
 * @public
 */
export interface HolosJsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, HolosJsonSchema>;
  title?: string;
  description?: string;
  type?: 'string' | 'boolean' | 'object' | 'array';
  enum?: string[];
  const?: string;
  pattern?: string;
  default?: unknown;
  properties?: Record<string, HolosJsonSchema>;
  required?: string[];
  additionalProperties?: HolosJsonSchema | boolean;
  items?: HolosJsonSchema;
  if?: HolosJsonSchema;
  then?: HolosJsonSchema;
  else?: HolosJsonSchema;
  not?: HolosJsonSchema;
  anyOf?: HolosJsonSchema[];
}

const ref = (name: string, extra: HolosJsonSchema = {}): HolosJsonSchema => ({
  $ref: `#/$defs/${name}`,
  ...extra,
});
const string: HolosJsonSchema = { type: 'string' };
const boolean: HolosJsonSchema = { type: 'boolean' };
const stringList: HolosJsonSchema = { type: 'array', items: string };
const stringMap: HolosJsonSchema = {
  type: 'object',
  additionalProperties: string,
};
const pathList: HolosJsonSchema = {
  type: 'array',
  items: ref('FileOrDirectoryPath'),
  default: [],
};

/** A closed struct (a CUE definition). */
function struct(
  title: string,
  properties: Record<string, HolosJsonSchema>,
  required: string[] = [],
  extra: HolosJsonSchema = {},
): HolosJsonSchema {
  return {
    title,
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
    ...extra,
  };
}

/** The message for a repository url given with an oci:// chart (read by `schemaValidation.ts`). */
export const HOLOS_OCI_REPOSITORY_URL_MESSAGE =
  'must not be set when the chart name is an oci:// reference: holos pulls the chart from the registry ' +
  'and reads the repository only for its auth';

/** @public */
export const HOLOS_V1ALPHA6_SCHEMA_ID =
  'urn:openchoreo-build:holos:core:v1alpha6';

/** @public */
export const holosV1alpha6JsonSchema: HolosJsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: HOLOS_V1ALPHA6_SCHEMA_ID,
  title: 'Holos core schemas v1alpha6: a BuildPlan or a Platform',
  anyOf: [ref('BuildPlan'), ref('Platform')],
  $defs: {
    FilePath: { title: 'FilePath', type: 'string' },
    FileOrDirectoryPath: { title: 'FileOrDirectoryPath', type: 'string' },
    FileContent: { title: 'FileContent', type: 'string' },
    FileContentMap: {
      title: 'FileContentMap',
      type: 'object',
      additionalProperties: ref('FileContent'),
    },
    Kind: { title: 'Kind', type: 'string' },
    InternalLabel: { title: 'InternalLabel', type: 'string' },
    Resource: { title: 'Resource', type: 'object' },
    // #Resources: {[string]: [string]: #Resource} — by Kind, then by InternalLabel.
    Resources: {
      title: 'Resources',
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: ref('Resource'),
      },
    },
    Values: { title: 'Values', type: 'object' },
    Kustomization: { title: 'Kustomization', type: 'object' },
    Metadata: struct(
      'Metadata',
      { name: string, labels: stringMap, annotations: stringMap },
      ['name'],
    ),
    AuthSource: struct('AuthSource', { value: string, fromEnv: string }),
    Auth: struct('Auth', {
      username: ref('AuthSource', { default: {} }),
      password: ref('AuthSource', { default: {} }),
    }),
    // Name and url are optional in Go so that an oci:// chart can carry auth only; types.cue
    // requires the url for any other chart and forbids it for an oci:// one (see Chart).
    Repository: struct('Repository', {
      name: string,
      url: string,
      auth: ref('Auth'),
    }),
    Chart: struct(
      'Chart',
      {
        name: string,
        version: string,
        release: string,
        repository: ref('Repository'),
      },
      ['name', 'version', 'release'],
      {
        if: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', pattern: '^oci://' } },
        },
        then: {
          type: 'object',
          properties: {
            repository: {
              description: HOLOS_OCI_REPOSITORY_URL_MESSAGE,
              not: { type: 'object', required: ['url'] },
            },
          },
        },
        else: {
          type: 'object',
          properties: { repository: { type: 'object', required: ['url'] } },
        },
      },
    ),
    ValueFile: struct(
      'ValueFile',
      {
        name: string,
        kind: { type: 'string', enum: ['Values'], default: 'Values' },
        values: ref('Values'),
      },
      ['name'],
    ),
    Helm: struct(
      'Helm',
      {
        chart: ref('Chart'),
        values: ref('Values', { default: {} }),
        valueFiles: { type: 'array', items: ref('ValueFile') },
        enableHooks: boolean,
        namespace: string,
        apiVersions: stringList,
        kubeVersion: string,
      },
      ['chart'],
    ),
    File: struct('File', { source: ref('FilePath') }, ['source']),
    Command: struct('Command', {
      displayName: string,
      args: stringList,
      isStdoutOutput: boolean,
    }),
    Kustomize: struct('Kustomize', {
      kustomization: ref('Kustomization', { default: {} }),
      files: ref('FileContentMap'),
    }),
    Join: struct('Join', { separator: string }),
    Generator: struct(
      'Generator',
      {
        kind: {
          type: 'string',
          enum: ['Resources', 'Helm', 'File', 'Command'],
        },
        output: ref('FileOrDirectoryPath'),
        resources: ref('Resources'),
        helm: ref('Helm'),
        file: ref('File'),
        command: ref('Command'),
      },
      ['kind', 'output'],
    ),
    Transformer: struct(
      'Transformer',
      {
        kind: { type: 'string', enum: ['Kustomize', 'Join', 'Command'] },
        inputs: pathList,
        output: ref('FileOrDirectoryPath'),
        kustomize: ref('Kustomize'),
        join: ref('Join'),
        command: ref('Command'),
      },
      ['kind', 'output'],
    ),
    Validator: struct('Validator', {
      kind: { type: 'string', enum: ['Command'], default: 'Command' },
      inputs: pathList,
      command: ref('Command'),
    }),
    Artifact: struct('Artifact', {
      artifact: ref('FileOrDirectoryPath'),
      generators: { type: 'array', items: ref('Generator') },
      transformers: { type: 'array', items: ref('Transformer') },
      validators: { type: 'array', items: ref('Validator') },
      skip: boolean,
    }),
    BuildContext: struct('BuildContext', {
      tempDir: { type: 'string', default: '${TEMP_DIR_PLACEHOLDER}' },
      rootDir: { type: 'string', default: '${ROOT_DIR_PLACEHOLDER}' },
      leafDir: { type: 'string', default: '${LEAF_DIR_PLACEHOLDER}' },
      holosExecutable: { type: 'string', default: 'holos' },
    }),
    BuildPlanSpec: struct('BuildPlanSpec', {
      artifacts: { type: 'array', items: ref('Artifact'), default: [] },
      disabled: boolean,
    }),
    BuildPlan: struct(
      'BuildPlan',
      {
        apiVersion: { type: 'string', enum: ['v1alpha6'], default: 'v1alpha6' },
        kind: { type: 'string', enum: ['BuildPlan'] },
        metadata: ref('Metadata'),
        spec: ref('BuildPlanSpec', { default: {} }),
        buildContext: ref('BuildContext', { default: {} }),
      },
      ['kind', 'metadata'],
    ),
    Component: struct(
      'Component',
      {
        name: string,
        path: string,
        parameters: stringMap,
        labels: stringMap,
        annotations: stringMap,
      },
      ['name', 'path'],
    ),
    PlatformSpec: struct('PlatformSpec', {
      components: { type: 'array', items: ref('Component'), default: [] },
    }),
    Platform: struct(
      'Platform',
      {
        apiVersion: { type: 'string', default: 'v1alpha6' },
        kind: { type: 'string', enum: ['Platform'] },
        metadata: ref('Metadata'),
        spec: ref('PlatformSpec', { default: {} }),
      },
      ['kind', 'metadata'],
    ),
  },
};

/** Resolves a local `$ref` (`#/$defs/Name`) of {@link holosV1alpha6JsonSchema}. */
export function resolveHolosSchema(schema: HolosJsonSchema): HolosJsonSchema {
  const name = schema.$ref?.replace('#/$defs/', '');
  return name === undefined
    ? schema
    : holosV1alpha6JsonSchema.$defs?.[name] ?? schema;
}
