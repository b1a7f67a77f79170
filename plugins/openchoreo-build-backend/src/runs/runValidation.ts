import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  formatFieldErrors,
  LruCache,
  ParameterSchemaError,
  ParameterValidator,
  runValueProblems,
  V0_REPOSITORY_RULE_PATHS,
  type CompiledParameterSchema,
  type ComponentWorkflow,
  type FieldError,
  type JsonSchema,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { workflowSchemas } from '../workflows/workflowModel';

/*
 * The backend's use of the one parameter validator in -common (`parameters/`): a process-wide
 * ajv, compiled workflow versions kept in a bounded cache, and the 400 that carries the problems.
 */

// The shell rule lives with the validator in -common; re-exported for the body schema (zod).
export {
  isShellInertText,
  SHELL_TEXT_FORMAT,
  SHELL_TEXT_MESSAGE,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * 400 naming the fields it is about. The message lists `path: problem; …` for people and logs;
 * `fieldErrors` carries the same problems for the Start build form (Backstage's error handler
 * serializes the error's own fields:
 * `{"error": {"name": "InputError", "message": …, "fieldErrors": [{path, message}]}}`).
 */
export class FieldInputError extends InputError {
  constructor(message: string, readonly fieldErrors: FieldError[]) {
    super(message);
  }
}

/** Throws a {@link FieldInputError} (`Invalid run request: …`) when there are problems. */
export function throwIfProblems(problems: FieldError[]): void {
  if (problems.length > 0)
    throw new FieldInputError(
      `Invalid run request: ${formatFieldErrors(problems)}`,
      problems,
    );
}

const validator = new ParameterValidator();

/**
 * Compiles one parameter schema with the shared validator; a schema ajv cannot use is a 400 at
 * `workflow` naming `workflowLabel`. Release it with {@link releaseSchema} when the entry holding
 * it is dropped.
 */
export function compileSchema(
  workflowLabel: string,
  schema: JsonSchema,
): CompiledParameterSchema {
  try {
    return validator.compile(workflowLabel, schema);
  } catch (error) {
    // The chosen workflow is unusable, which is the request's problem to report, not a 500.
    if (error instanceof ParameterSchemaError)
      throw new InputError(`workflow: ${error.message}`);
    throw error;
  }
}

/** Drops a schema compiled by {@link compileSchema} from ajv's own cache. */
export function releaseSchema(compiled: CompiledParameterSchema): void {
  validator.release(compiled);
}

/** A workflow version's schemas, compiled once. */
export interface CompiledWorkflow {
  systemParameters: CompiledParameterSchema;
  parameters: CompiledParameterSchema;
}

/** Workflow versions kept compiled; each costs tens of KB, so a few dozen orgs' worth is plenty. */
export const COMPILED_WORKFLOWS_CAPACITY = 64;

// ajv keeps every compiled schema in a strong map of its own: an evicted version is removed there
// too, or the cache would bound nothing.
const compiledWorkflows = new LruCache<string, CompiledWorkflow>(
  COMPILED_WORKFLOWS_CAPACITY,
  entry => {
    releaseSchema(entry.systemParameters);
    releaseSchema(entry.parameters);
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

/** The workflow's schemas, compiled on first use of each workflow version. */
export function compiledWorkflow(wf: ComponentWorkflow): CompiledWorkflow {
  const key = versionKey(wf);
  const cached = compiledWorkflows.get(key);
  if (cached) return cached;
  const label = `ComponentWorkflow ${wf.metadata?.namespace}/${wf.metadata?.name}`;
  const { systemParametersSchema, parametersSchema } = workflowSchemas(wf);
  const systemParameters = compileSchema(label, systemParametersSchema);
  const parameters = compileSchema(label, parametersSchema);
  const entry: CompiledWorkflow = { systemParameters, parameters };
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
  return {
    entries: compiledWorkflows.size,
    capacity: compiledWorkflows.capacity,
    ...validator.stats(),
  };
}

/** Forgets every compiled workflow (tests). */
export function clearCompiledWorkflows(): void {
  compiledWorkflows.clear();
}

/**
 * Validates a v0 run's merged values against the workflow (filling in its defaults in place) with
 * the -common rules (`runValueProblems`). Throws a {@link FieldInputError} listing each
 * problem with its field path, e.g. `parameters.docker.filePath: must be string`.
 */
export function validateRunValues(
  workflow: ComponentWorkflow,
  systemParameters: Record<string, unknown>,
  parameters: Record<string, unknown>,
): void {
  const compiled = compiledWorkflow(workflow);
  throwIfProblems(
    runValueProblems(
      [
        {
          prefix: 'systemParameters',
          schema: compiled.systemParameters,
          values: systemParameters,
        },
        {
          prefix: 'parameters',
          schema: compiled.parameters,
          values: parameters,
        },
      ],
      V0_REPOSITORY_RULE_PATHS,
    ),
  );
}
