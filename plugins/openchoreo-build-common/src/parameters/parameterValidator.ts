import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonSchema } from '../api/jsonSchema';
import { fieldPath, type FieldError } from './fieldErrors';

/**
 * How a workflow's parameter schemas are read, on the server and in the Start build form alike:
 * every problem reported, `default`s filled into the values (the run carries them), `format`
 * not checked (OpenChoreo does not check it, and `format=shell` is our marker, not a format) and
 * unknown keywords (the `x-openchoreo-…` markers of v1) ignored.
 *
 * @public
 */
export const PARAMETER_AJV_OPTIONS = {
  allErrors: true,
  useDefaults: true,
  strict: false,
  validateFormats: false,
} as const;

/** A workflow's parameter schema that ajv cannot use (e.g. a pattern that is no regular expression). @public */
export class ParameterSchemaError extends Error {
  readonly name = 'ParameterSchemaError';
}

/** One parameter schema, compiled by a {@link ParameterValidator}. @public */
export interface CompiledParameterSchema {
  /** The schema as written (without `$schema`). */
  readonly schema: JsonSchema;
  /**
   * The problems of `value` (filling in the schema's defaults in place), each at its path below
   * `prefix` (`parameters`, `systemParameters`).
   */
  problems(prefix: string, value: unknown): FieldError[];
}

interface Compiled extends CompiledParameterSchema {
  /** The object ajv cached the function under; released with {@link ParameterValidator.release}. */
  readonly ajvKey: object;
}

function segmentsOf(error: ErrorObject): string[] {
  const segments = error.instancePath
    .split('/')
    .filter(Boolean)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required')
    segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties')
    segments.push(String(error.params.additionalProperty));
  return segments;
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

/** The {@link FieldError}s of an ajv validation, below `prefix`. @public */
export function schemaProblems(
  prefix: string,
  validate: ValidateFunction,
  value: unknown,
): FieldError[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(error => ({
    path: fieldPath(prefix, segmentsOf(error)),
    message: describe(error),
  }));
}

/**
 * The one ajv of a process (backend) or form (frontend) for workflow parameter schemas, with
 * {@link PARAMETER_AJV_OPTIONS}. ajv keeps every compiled schema in a strong map of its own, so
 * whoever caches compiled schemas (an LRU, see `LruCache`) releases the ones it drops.
 *
 * @public
 */
export class ParameterValidator {
  private readonly ajv = new Ajv(PARAMETER_AJV_OPTIONS);
  private compileCount = 0;

  /**
   * Compiles `schema`; a schema ajv cannot use is a {@link ParameterSchemaError} naming
   * `workflowLabel` (the chosen workflow is unusable).
   */
  compile(workflowLabel: string, schema: JsonSchema): CompiledParameterSchema {
    const { $schema: _ignored, ...ajvKey } = schema;
    this.compileCount += 1;
    let validate: ValidateFunction;
    try {
      validate = this.ajv.compile(ajvKey);
    } catch (error) {
      const reason =
        error instanceof Error ? error.message.slice(0, 200) : 'invalid schema';
      throw new ParameterSchemaError(
        `the parameter schema of ${workflowLabel} cannot be used (${reason})`,
      );
    }
    const compiled: Compiled = {
      schema: ajvKey,
      ajvKey,
      problems: (prefix, value) => schemaProblems(prefix, validate, value),
    };
    return compiled;
  }

  /** Drops a compiled schema from ajv's own cache. */
  release(compiled: CompiledParameterSchema): void {
    this.ajv.removeSchema((compiled as Compiled).ajvKey);
  }

  /**
   * Whether `value` satisfies `schema`, without filling defaults into it; a schema ajv cannot use
   * satisfies nothing. For a form library choosing among `oneOf`/`anyOf` options.
   */
  isValid(schema: JsonSchema, value: unknown): boolean {
    let compiled: CompiledParameterSchema;
    try {
      compiled = this.compile('a form option', schema);
    } catch {
      return false;
    }
    try {
      return compiled.problems('', structuredClone(value)).length === 0;
    } finally {
      this.release(compiled);
    }
  }

  /** For tests and diagnostics: how often this validator compiled, and how many schemas ajv holds. */
  stats(): { compiles: number; ajvSchemas: number } {
    // ajv has no public size; its cache is read only to prove evictions reach it.
    const cache = (this.ajv as unknown as { _cache?: Map<unknown, unknown> })
      ._cache;
    return { compiles: this.compileCount, ajvSchemas: cache?.size ?? -1 };
  }
}
