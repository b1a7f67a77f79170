import Ajv, { type ErrorObject } from 'ajv';
import { InputError } from '@backstage/errors';
import type { JsonSchema } from '@openchoreo-build/plugin-openchoreo-build-common';

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, validateFormats: false });
const compiled = new WeakMap<JsonSchema, ReturnType<typeof ajv.compile>>();

function fieldPath(prefix: string, error: ErrorObject): string {
  const segments = error.instancePath.split('/').filter(Boolean).map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  return [prefix, ...segments].join('.');
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a field of this workflow';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Validates `value` against a workflow JSON Schema, filling in defaults in place. Throws an
 * InputError listing each problem with its field path, e.g. `parameters.docker.filePath: must be string`.
 */
export function validateAgainstSchema(prefix: string, schema: JsonSchema, value: unknown): void {
  let validate = compiled.get(schema);
  if (!validate) {
    const { $schema: _ignored, ...rest } = schema;
    validate = ajv.compile(rest);
    compiled.set(schema, validate);
  }
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map(e => `${fieldPath(prefix, e)}: ${describe(e)}`);
  throw new InputError(`Invalid run request: ${[...new Set(problems)].join('; ')}`);
}

/** Deep merge of plain objects; arrays and scalars from `override` replace. */
export function deepMerge<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    result[key] = key in result ? deepMerge(result[key], value) : value;
  }
  return result as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
