import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { InputError, isError } from '@backstage/errors';
import {
  APP_PATH_PATH,
  BRANCH_NAME_MESSAGE,
  BRANCH_PATH,
  isBranchName,
  isRepositoryUrl,
  REPOSITORY_URL_MESSAGE,
  REPOSITORY_URL_PATH,
  type ComponentWorkflow,
  type JsonSchema,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { workflowSchemas } from '../workflows/workflowModel';
import { LruCache } from './lruCache';

const ajv = new Ajv({
  allErrors: true,
  useDefaults: true,
  strict: false,
  validateFormats: false,
});

/**
 * Shell syntax refused in parameter strings: OpenChoreo's sample templates paste parameters into
 * `sh -c` scripts, inside double quotes at best, where `$(…)` and backticks still run commands
 * and a newline starts a new one. (NUL cannot be passed to a process at all.)
 */
const SHELL_SUBSTITUTION = /\$\(|`|[\r\n\0]/;

/** What a user is told when a string carries shell syntax its schema does not allow. */
export const SHELL_TEXT_MESSAGE =
  'must not contain "$(", backticks or line breaks (the workflow pastes it into a shell script)';

/**
 * The JSON Schema `format` a workflow author gives a parameter that is shell text on purpose
 * (shorthand `string | format=shell`): such values may contain `$(`, backticks and newlines.
 */
export const SHELL_TEXT_FORMAT = 'shell';

/** Whether `text` carries no command substitution and no line break. */
export function isShellInertText(text: string): boolean {
  return !SHELL_SUBSTITUTION.test(text);
}

/**
 * A schema explicitly admits shell syntax when it constrains the value itself: a `pattern` (ajv
 * then holds the value to it), an `enum`, or the {@link SHELL_TEXT_FORMAT} marker.
 */
function admitsShellText(schema: JsonSchema | undefined): boolean {
  return (
    schema?.pattern !== undefined ||
    schema?.enum !== undefined ||
    schema?.format === SHELL_TEXT_FORMAT
  );
}

function childSchema(
  schema: JsonSchema | undefined,
  key: string | number,
): JsonSchema | undefined {
  if (!schema) return undefined;
  if (typeof key === 'number') return schema.items;
  return (
    schema.properties?.[key] ??
    (typeof schema.additionalProperties === 'object'
      ? schema.additionalProperties
      : undefined)
  );
}

/**
 * `prefix.a.b: …` for every string in `value` that carries shell syntax its schema (walked along)
 * does not admit. Iterative, so component defaults of any depth cost no stack.
 */
export function shellTextProblems(
  prefix: string,
  schema: JsonSchema,
  value: unknown,
): string[] {
  const problems: string[] = [];
  const stack: Array<{
    value: unknown;
    schema: JsonSchema | undefined;
    path: string;
  }> = [{ value, schema, path: prefix }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (typeof current.value === 'string') {
      if (!isShellInertText(current.value) && !admitsShellText(current.schema))
        problems.push(`${current.path}: ${SHELL_TEXT_MESSAGE}`);
    } else if (Array.isArray(current.value)) {
      current.value.forEach((item, index) =>
        stack.push({
          value: item,
          schema: childSchema(current.schema, index),
          path: `${current.path}.${index}`,
        }),
      );
    } else if (typeof current.value === 'object' && current.value !== null) {
      for (const [key, item] of Object.entries(current.value)) {
        stack.push({
          value: item,
          schema: childSchema(current.schema, key),
          path: `${current.path}.${key}`,
        });
      }
    }
  }
  return problems.sort();
}

function fieldPath(prefix: string, error: ErrorObject): string {
  const segments = error.instancePath
    .split('/')
    .filter(Boolean)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required')
    segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties')
    segments.push(String(error.params.additionalProperty));
  return [prefix, ...segments].join('.');
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a field of this workflow';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[])
        .map(v => JSON.stringify(v))
        .join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

let compileCount = 0;

function compile(
  wf: ComponentWorkflow,
  schema: JsonSchema,
): { validate: ValidateFunction; compiled: object } {
  return compileSchema(
    `ComponentWorkflow ${wf.metadata?.namespace}/${wf.metadata?.name}`,
    schema,
  );
}

/**
 * Compiles one parameter schema with the shared ajv (defaults applied, formats not checked); a
 * schema ajv cannot use is an InputError naming `workflowLabel`. Release `compiled` with
 * {@link releaseSchema} when the entry holding it is dropped.
 */
export function compileSchema(
  workflowLabel: string,
  schema: JsonSchema,
): { validate: ValidateFunction; compiled: object } {
  const { $schema: _ignored, ...compiled } = schema;
  compileCount += 1;
  try {
    return { validate: ajv.compile(compiled), compiled };
  } catch (error) {
    // A workflow author's schema ajv cannot use (e.g. a pattern that is no regular expression):
    // the chosen workflow is unusable, which is the request's problem to report, not a 500.
    throw new InputError(
      `workflow: the parameter schema of ${workflowLabel} cannot be used (${
        isError(error) ? error.message.slice(0, 200) : 'invalid schema'
      })`,
    );
  }
}

/** Drops a schema compiled by {@link compileSchema} from ajv's own cache. */
export function releaseSchema(compiled: object): void {
  ajv.removeSchema(compiled);
}

/** A workflow version's schemas, compiled once. */
export interface CompiledWorkflow {
  systemParametersSchema: JsonSchema;
  parametersSchema: JsonSchema;
  systemParameters: ValidateFunction;
  parameters: ValidateFunction;
  /** The objects ajv cached the compiled functions under, released when the entry is evicted. */
  ajvKeys: object[];
}

/** Workflow versions kept compiled; each costs tens of KB, so a few dozen orgs' worth is plenty. */
export const COMPILED_WORKFLOWS_CAPACITY = 64;

// ajv keeps every compiled schema in a strong map of its own: an evicted version is removed there
// too, or the cache would bound nothing.
const compiledWorkflows = new LruCache<string, CompiledWorkflow>(
  COMPILED_WORKFLOWS_CAPACITY,
  entry => {
    for (const key of entry.ajvKeys) ajv.removeSchema(key);
  },
);

/**
 * Which version of a workflow this is: its uid and resourceVersion (or generation) when the control
 * plane gave them, else a hash of the schema itself, so a changed schema is never answered from
 * the cache.
 */
function versionKey(wf: ComponentWorkflow): string {
  const { namespace, name, uid, resourceVersion, generation } =
    wf.metadata ?? {};
  const version =
    resourceVersion ??
    (generation === undefined ? undefined : `g${generation}`);
  if (uid && version) return `${namespace}/${name}/${uid}/${version}`;
  return `${namespace}/${name}#${createHash('sha256')
    .update(JSON.stringify(wf.spec?.schema ?? {}))
    .digest('hex')}`;
}

/** The workflow's schemas and validators, compiled on first use of each workflow version. */
export function compiledWorkflow(wf: ComponentWorkflow): CompiledWorkflow {
  const key = versionKey(wf);
  const cached = compiledWorkflows.get(key);
  if (cached) return cached;
  const { systemParametersSchema, parametersSchema } = workflowSchemas(wf);
  const system = compile(wf, systemParametersSchema);
  const params = compile(wf, parametersSchema);
  const entry: CompiledWorkflow = {
    systemParametersSchema,
    parametersSchema,
    systemParameters: system.validate,
    parameters: params.validate,
    ajvKeys: [system.compiled, params.compiled],
  };
  compiledWorkflows.set(key, entry);
  return entry;
}

/** For tests and diagnostics: how many workflow versions are compiled, and how often ajv compiled. */
export function compiledWorkflowStats(): {
  entries: number;
  capacity: number;
  compiles: number;
  ajvSchemas: number;
} {
  // ajv has no public size; its cache is read only to prove evictions reach it.
  const ajvCache = (ajv as unknown as { _cache?: Map<unknown, unknown> })
    ._cache;
  return {
    entries: compiledWorkflows.size,
    capacity: compiledWorkflows.capacity,
    compiles: compileCount,
    ajvSchemas: ajvCache?.size ?? -1,
  };
}

/** Forgets every compiled workflow (tests). */
export function clearCompiledWorkflows(): void {
  compiledWorkflows.clear();
}

/** The value at `path` (`systemParameters.a.b`) inside `systemParameters`. */
function systemParameter(
  systemParameters: Record<string, unknown>,
  path: string,
): unknown {
  let current: unknown = systemParameters;
  for (const key of path.split('.').slice(1)) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The portal's own rules for the repository fields, whatever the workflow's schema says. */
function repositoryProblems(
  systemParameters: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  const url = systemParameter(systemParameters, REPOSITORY_URL_PATH);
  if (typeof url === 'string' && !isRepositoryUrl(url))
    problems.push(`${REPOSITORY_URL_PATH}: ${REPOSITORY_URL_MESSAGE}`);
  const branch = systemParameter(systemParameters, BRANCH_PATH);
  if (typeof branch === 'string' && !isBranchName(branch))
    problems.push(`${BRANCH_PATH}: ${BRANCH_NAME_MESSAGE}`);
  const appPath = systemParameter(systemParameters, APP_PATH_PATH);
  if (typeof appPath === 'string' && !isShellInertText(appPath))
    problems.push(`${APP_PATH_PATH}: ${SHELL_TEXT_MESSAGE}`);
  return problems;
}

/** `prefix.field: problem` for each way `value` fails `validate` (which fills in defaults). */
export function schemaProblems(
  prefix: string,
  validate: ValidateFunction,
  value: unknown,
): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    e => `${fieldPath(prefix, e)}: ${describe(e)}`,
  );
}

/**
 * Validates a run's merged values against the workflow (filling in its defaults in place). First
 * the values as given (the request over the component's defaults): the repository rules and the
 * shell-syntax policy, so a workflow's own defaults are trusted; then the workflow's JSON Schemas.
 * Throws one InputError listing each problem with its field path, e.g.
 * `parameters.docker.filePath: must be string`.
 */
export function validateRunValues(
  workflow: ComponentWorkflow,
  systemParameters: Record<string, unknown>,
  parameters: Record<string, unknown>,
): void {
  const compiled = compiledWorkflow(workflow);
  let problems = [
    ...repositoryProblems(systemParameters),
    // url and branch have their own rules above; everything else follows the schema's policy.
    ...shellTextProblems(
      'systemParameters',
      compiled.systemParametersSchema,
      systemParameters,
    ).filter(
      p =>
        !p.startsWith(`${REPOSITORY_URL_PATH}:`) &&
        !p.startsWith(`${BRANCH_PATH}:`) &&
        !p.startsWith(`${APP_PATH_PATH}:`),
    ),
    ...shellTextProblems('parameters', compiled.parametersSchema, parameters),
  ];
  if (problems.length === 0) {
    problems = [
      ...schemaProblems(
        'systemParameters',
        compiled.systemParameters,
        systemParameters,
      ),
      ...schemaProblems('parameters', compiled.parameters, parameters),
    ];
  }
  if (problems.length > 0)
    throw new InputError(
      `Invalid run request: ${[...new Set(problems)].join('; ')}`,
    );
}

/**
 * Deep merge of plain objects; arrays and scalars from `override` replace. Keys are defined as own
 * properties, so a `__proto__` or `constructor` key is data, never a prototype.
 */
export function deepMerge<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const merged = Object.prototype.hasOwnProperty.call(result, key)
      ? deepMerge(result[key], value)
      : value;
    Object.defineProperty(result, key, {
      value: merged,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
