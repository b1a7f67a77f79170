import { isError } from '@backstage/errors';
import type {
  JsonSchema,
  ShorthandSchema,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  parseShorthand,
  parseTypeExpression,
  type TypeExpression,
} from './shorthand';

export interface ConversionResult {
  schema: JsonSchema;
  /** `path: problem` for every entry that could not be read; such fields are left out. */
  warnings: string[];
}

type TypeTable = Record<string, unknown>;

interface Context {
  types: TypeTable;
  warnings: string[];
  /** Custom types being expanded, to stop recursive definitions. */
  expanding: string[];
}

const NUMERIC_MARKERS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'multipleOf',
] as const;
const STRING_MARKERS = ['pattern', 'title', 'description', 'format'] as const;

function isTree(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Converts a marker value to the JSON type of `schema`; undefined (with a warning) when it cannot. */
function coerce(
  raw: string | true,
  schema: JsonSchema,
  path: string,
  ctx: Context,
): unknown {
  const text = raw === true ? 'true' : raw;
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const value = Number(text);
      if (
        text.trim() === '' ||
        Number.isNaN(value) ||
        (schema.type === 'integer' && !Number.isInteger(value))
      ) {
        ctx.warnings.push(`${path}: "${text}" is not a valid ${schema.type}`);
        return undefined;
      }
      return value;
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      ctx.warnings.push(`${path}: "${text}" is not a boolean`);
      return undefined;
    case 'array': {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed)) return parsed;
      } catch {
        // not JSON: a comma list of items
      }
      if (text.trim() === '') return [];
      return text
        .split(',')
        .map(item => coerce(item.trim(), schema.items ?? {}, path, ctx));
    }
    case 'object':
      try {
        const parsed: unknown = JSON.parse(text);
        if (isTree(parsed)) return parsed;
      } catch {
        // fall through
      }
      ctx.warnings.push(`${path}: "${text}" is not a JSON object`);
      return undefined;
    default:
      return text;
  }
}

function typeSchema(
  expression: TypeExpression,
  path: string,
  ctx: Context,
): JsonSchema {
  switch (expression.kind) {
    case 'primitive':
      if (expression.name === 'object')
        return { type: 'object', additionalProperties: true };
      return { type: expression.name };
    case 'array':
      return { type: 'array', items: typeSchema(expression.items, path, ctx) };
    case 'map':
      return {
        type: 'object',
        additionalProperties: typeSchema(expression.values, path, ctx),
      };
    case 'named': {
      const definition = ctx.types[expression.name];
      if (definition === undefined) {
        ctx.warnings.push(
          `${path}: unknown type "${expression.name}" (not in schema.types)`,
        );
        return {};
      }
      if (ctx.expanding.includes(expression.name)) {
        ctx.warnings.push(
          `${path}: type "${expression.name}" refers to itself`,
        );
        return {};
      }
      ctx.expanding.push(expression.name);
      try {
        return (
          convertNode(definition, `${path}<${expression.name}>`, ctx)?.schema ??
          {}
        );
      } finally {
        ctx.expanding.pop();
      }
    }
    default:
      return {};
  }
}

/** One shorthand string → schema + whether the field is required. */
function convertField(
  definition: string,
  path: string,
  ctx: Context,
): { schema: JsonSchema; required: boolean } | undefined {
  let parsed;
  let schema: JsonSchema;
  try {
    parsed = parseShorthand(definition);
    schema = { ...typeSchema(parseTypeExpression(parsed.type), path, ctx) };
  } catch (error) {
    ctx.warnings.push(
      `${path}: ${isError(error) ? error.message : String(error)}`,
    );
    return undefined;
  }
  let required = true;
  for (const [marker, raw] of parsed.markers) {
    if (marker === 'default') {
      const value = coerce(raw, schema, path, ctx);
      if (value !== undefined) schema.default = value;
      required = false;
    } else if (marker === 'required') {
      required = raw === true || raw === 'true';
    } else if (marker === 'enum') {
      const target =
        schema.type === 'array' && schema.items ? schema.items : schema;
      const values = (raw === true ? '' : raw)
        .split(',')
        .map(v => v.trim())
        .filter(v => v !== '');
      const coerced = values
        .map(v => coerce(v, target, path, ctx))
        .filter(v => v !== undefined);
      target.enum = coerced as Array<string | number | boolean>;
    } else if (marker === 'example') {
      const value = coerce(raw, schema, path, ctx);
      if (value !== undefined) schema.examples = [value];
    } else if (marker === 'uniqueItems') {
      schema.uniqueItems = raw === true || raw === 'true';
    } else if ((NUMERIC_MARKERS as readonly string[]).includes(marker)) {
      const value = Number(raw === true ? NaN : raw);
      if (Number.isNaN(value))
        ctx.warnings.push(`${path}: ${marker}=${String(raw)} is not a number`);
      else (schema as Record<string, unknown>)[marker] = value;
    } else if ((STRING_MARKERS as readonly string[]).includes(marker)) {
      (schema as Record<string, unknown>)[marker] = raw === true ? '' : raw;
    } else {
      ctx.warnings.push(`${path}: unknown marker "${marker}" ignored`);
    }
  }
  return { schema, required };
}

function convertNode(
  node: unknown,
  path: string,
  ctx: Context,
): { schema: JsonSchema; required: boolean } | undefined {
  if (typeof node === 'string') return convertField(node, path, ctx);
  if (isTree(node)) return convertObject(node, path, ctx);
  ctx.warnings.push(
    `${path}: expected a shorthand string or a map, got ${
      node === null ? 'null' : typeof node
    }`,
  );
  return undefined;
}

/**
 * A map of fields → object schema. The object is required when one of its fields is, unless it
 * carries `$default` (the value used when it is left out).
 */
function convertObject(
  tree: Record<string, unknown>,
  path: string,
  ctx: Context,
): { schema: JsonSchema; required: boolean } {
  const schema: JsonSchema = {
    type: 'object',
    properties: {},
    additionalProperties: false,
  };
  const required: string[] = [];
  for (const [field, value] of Object.entries(tree)) {
    if (field === '$default') continue;
    const converted = convertNode(
      value,
      path ? `${path}.${field}` : field,
      ctx,
    );
    if (!converted) continue;
    schema.properties![field] = converted.schema;
    if (converted.required) required.push(field);
  }
  if (required.length > 0) schema.required = required;
  let isRequired = required.length > 0;
  if ('$default' in tree) {
    let value: unknown = tree.$default;
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        ctx.warnings.push(`${path || '(root)'}.$default: not a JSON object`);
        value = undefined;
      }
    }
    if (isTree(value)) schema.default = value;
    isRequired = false;
  }
  return { schema, required: isRequired };
}

/** Converts a shorthand schema tree (`spec.schema.parameters` / `systemParameters`) to JSON Schema. */
export function shorthandToJsonSchema(
  fields: Record<string, ShorthandSchema> | undefined,
  types?: Record<string, ShorthandSchema>,
): ConversionResult {
  const ctx: Context = { types: types ?? {}, warnings: [], expanding: [] };
  const { schema } = convertObject(isTree(fields) ? fields : {}, '', ctx);
  return { schema, warnings: ctx.warnings };
}
