import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { StatusCause } from './errors';
import { isRecord } from './types';

export type OpenApiSchema = Record<string, unknown>;

const ajv = new Ajv({
  strict: false,
  allErrors: true,
  validateFormats: false,
  useDefaults: true,
  // Kubernetes schemas repeat `$ref`-free structures; no need for schema ids.
  addUsedSchema: false,
});

/**
 * Rewrites Kubernetes structural-schema extensions into plain JSON Schema that
 * ajv understands (`nullable`, `x-kubernetes-int-or-string`).
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!isRecord(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isRecord(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]),
      );
    } else if (
      key === 'example' ||
      key === 'description' ||
      key.startsWith('x-kubernetes-validations')
    ) {
      continue;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (out['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
  }
  return out;
}

export interface CompiledSchema {
  /** Returns the pruned, defaulted object and the validation causes (empty when valid). */
  check(obj: Record<string, unknown>): {
    value: Record<string, unknown>;
    causes: StatusCause[];
  };
}

function fieldPath(instancePath: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) path += `[${part}]`;
    else path += path ? `.${part}` : part;
  }
  return path;
}

function show(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : JSON.stringify(value) ?? 'null';
}

function valueAt(obj: unknown, instancePath: string): unknown {
  let current = obj;
  for (const part of instancePath.split('/').slice(1)) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isRecord(current))
      current = current[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    else return undefined;
  }
  return current;
}

/** Turns ajv errors into Kubernetes-style `details.causes`. */
function toCauses(errs: ErrorObject[], obj: unknown): StatusCause[] {
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  for (const e of errs) {
    // anyOf/oneOf wrappers duplicate the inner errors' information.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if')
      continue;
    const base = fieldPath(e.instancePath);
    const value = valueAt(obj, e.instancePath);
    let cause: StatusCause;
    switch (e.keyword) {
      case 'required': {
        const missing = String(
          (e.params as { missingProperty: string }).missingProperty,
        );
        cause = {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: base ? `${base}.${missing}` : missing,
        };
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] })
          .allowedValues;
        cause = {
          reason: 'FieldValueNotSupported',
          message: `Unsupported value: ${show(
            value,
          )}: supported values: ${allowed.map(show).join(', ')}`,
          field: base,
        };
        break;
      }
      case 'type':
        cause = {
          reason: 'FieldValueTypeInvalid',
          message: `Invalid value: ${show(
            value,
          )}: ${base} in body must be of type ${String(
            (e.params as { type: unknown }).type,
          )}: ${show(typeof value)}`,
          field: base,
        };
        break;
      case 'pattern':
        cause = {
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${show(
            value,
          )}: ${base} in body should match '${String(
            (e.params as { pattern: string }).pattern,
          )}'`,
          field: base,
        };
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'multipleOf': {
        const p = e.params as {
          comparison?: string;
          limit?: number;
          multipleOf?: number;
        };
        const words: Record<string, string> = {
          '>=': 'greater than or equal to',
          '<=': 'less than or equal to',
          '>': 'greater than',
          '<': 'less than',
        };
        const text =
          e.keyword === 'multipleOf'
            ? `a multiple of ${p.multipleOf}`
            : `${words[p.comparison ?? '>='] ?? p.comparison} ${p.limit}`;
        cause = {
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${show(
            value,
          )}: ${base} in body should be ${text}`,
          field: base,
        };
        break;
      }
      case 'minLength':
      case 'maxLength': {
        const limit = (e.params as { limit: number }).limit;
        const text =
          e.keyword === 'minLength' ? `at least ${limit}` : `at most ${limit}`;
        cause = {
          reason:
            e.keyword === 'maxLength'
              ? 'FieldValueTooLong'
              : 'FieldValueInvalid',
          message: `Invalid value: ${show(
            value,
          )}: ${base} in body should be ${text} chars long`,
          field: base,
        };
        break;
      }
      case 'minItems':
      case 'maxItems': {
        const limit = (e.params as { limit: number }).limit;
        cause = {
          reason:
            e.keyword === 'maxItems'
              ? 'FieldValueTooMany'
              : 'FieldValueInvalid',
          message: `Invalid value: ${
            Array.isArray(value) ? value.length : 0
          }: ${base} in body should have ${
            e.keyword === 'minItems' ? 'at least' : 'at most'
          } ${limit} items`,
          field: base,
        };
        break;
      }
      default:
        cause = {
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${show(value)}: ${e.message ?? 'invalid'}`,
          field: base,
        };
    }
    const key = `${cause.field}|${cause.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      causes.push(cause);
    }
  }
  return causes;
}

/**
 * Drops fields the schema does not declare, as the API server does for
 * structural schemas, unless `x-kubernetes-preserve-unknown-fields` is set.
 */
export function prune(value: unknown, schema: unknown, root = false): unknown {
  if (!isRecord(schema)) return value;
  if (Array.isArray(value)) {
    return isRecord(schema.items)
      ? value.map(v => prune(v, schema.items))
      : value;
  }
  if (!isRecord(value)) return value;
  // apiVersion/kind/metadata of the root and of embedded objects are always kept.
  const keepMeta = root || schema['x-kubernetes-embedded-resource'] === true;
  const props = isRecord(schema.properties) ? schema.properties : undefined;
  const additional = schema.additionalProperties;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (
      keepMeta &&
      (key === 'apiVersion' || key === 'kind' || key === 'metadata')
    ) {
      out[key] = v;
    } else if (props && key in props) {
      out[key] = prune(v, props[key]);
    } else if (isRecord(additional)) {
      out[key] = prune(v, additional);
    } else if (
      preserve ||
      additional === true ||
      (!props && additional === undefined && !schema.type)
    ) {
      out[key] = v;
    }
  }
  return out;
}

export function compileSchema(openApiV3Schema: OpenApiSchema): CompiledSchema {
  const jsonSchema = toJsonSchema(openApiV3Schema) as Record<string, unknown>;
  // metadata is validated by the server itself, never by the CRD schema.
  if (isRecord(jsonSchema.properties)) {
    jsonSchema.properties = {
      ...jsonSchema.properties,
      metadata: { type: 'object' },
    };
  }
  const validate: ValidateFunction = ajv.compile(jsonSchema);
  return {
    check(obj) {
      // `obj` is the API server's private copy of the request (core.ts), so pruning builds on
      // it without another deep copy: the value shares the parts the schema leaves alone.
      const value = prune(obj, openApiV3Schema, true) as Record<
        string,
        unknown
      >;
      const ok = validate(value);
      return {
        value,
        causes: ok ? [] : toCauses(validate.errors ?? [], value),
      };
    },
  };
}
