import type { JsonSchema } from '@openchoreo-build/plugin-openchoreo-build-common';

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  array: 'an array',
  object: 'an object',
};

/**
 * Checks a value against the JSON Schema subset the backend emits (type, required, enum, pattern,
 * min/max length, minimum/maximum and their exclusive forms, multipleOf, items, min/max/unique
 * items, properties, additionalProperties, min/max properties). Returns problems by field path,
 * worded like the backend's messages so client and server read the same.
 */
export function validateValue(
  schema: JsonSchema,
  value: unknown,
  path: string,
  problems: Record<string, string> = {},
): Record<string, string> {
  const report = (message: string, at = path) => {
    if (!problems[at]) problems[at] = message;
  };
  if (value === undefined) return problems;

  if (schema.type && !hasType(value, schema.type)) {
    report(`must be ${TYPE_WORDS[schema.type] ?? `a ${schema.type}`}`);
    return problems;
  }
  if (schema.enum && !schema.enum.some(allowed => allowed === value)) {
    report(
      `must be one of ${schema.enum.map(v => JSON.stringify(v)).join(', ')}`,
    );
  }
  if (typeof value === 'string') {
    if (
      schema.minLength !== undefined &&
      [...value].length < schema.minLength
    ) {
      report(
        schema.minLength === 1
          ? 'must not be empty'
          : `must have at least ${schema.minLength} characters`,
      );
    }
    if (
      schema.maxLength !== undefined &&
      [...value].length > schema.maxLength
    ) {
      report(`must have at most ${schema.maxLength} characters`);
    }
    if (schema.pattern !== undefined && !safeTest(schema.pattern, value)) {
      report(`must match pattern "${schema.pattern}"`);
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      report(`must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      report(`must be <= ${schema.maximum}`);
    if (
      schema.exclusiveMinimum !== undefined &&
      value <= schema.exclusiveMinimum
    ) {
      report(`must be > ${schema.exclusiveMinimum}`);
    }
    if (
      schema.exclusiveMaximum !== undefined &&
      value >= schema.exclusiveMaximum
    ) {
      report(`must be < ${schema.exclusiveMaximum}`);
    }
    if (
      schema.multipleOf &&
      Math.abs(
        value / schema.multipleOf - Math.round(value / schema.multipleOf),
      ) > 1e-9
    ) {
      report(`must be a multiple of ${schema.multipleOf}`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      report(`must have at least ${schema.minItems} items`);
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      report(`must have at most ${schema.maxItems} items`);
    }
    if (
      schema.uniqueItems &&
      new Set(value.map(v => JSON.stringify(v))).size !== value.length
    ) {
      report('must not have duplicate items');
    }
    if (schema.items) {
      value.forEach((item, i) =>
        validateValue(schema.items!, item, `${path}.${i}`, problems),
      );
    }
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    for (const field of schema.required ?? []) {
      if (value[field] === undefined) report('is required', `${path}.${field}`);
    }
    if (
      schema.minProperties !== undefined &&
      keys.length < schema.minProperties
    ) {
      report(`must have at least ${schema.minProperties} properties`);
    }
    if (
      schema.maxProperties !== undefined &&
      keys.length > schema.maxProperties
    ) {
      report(`must have at most ${schema.maxProperties} properties`);
    }
    for (const key of keys) {
      const property = schema.properties?.[key];
      if (property) {
        validateValue(property, value[key], `${path}.${key}`, problems);
      } else if (schema.additionalProperties === false) {
        report('is not a field of this workflow', `${path}.${key}`);
      } else if (typeof schema.additionalProperties === 'object') {
        validateValue(
          schema.additionalProperties,
          value[key],
          `${path}.${key}`,
          problems,
        );
      }
    }
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(
  value: unknown,
  type: NonNullable<JsonSchema['type']>,
): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return true;
  }
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    try {
      return new RegExp(pattern).test(value);
    } catch {
      return true; // A pattern the browser cannot compile is left to the server.
    }
  }
}

/** A form field generated from a schema leaf. */
export interface SchemaField {
  /** Full path, e.g. `parameters.docker.filePath`. */
  path: string;
  schema: JsonSchema;
  required: boolean;
  /** A label set by the form (e.g. a v1 repository role), before the schema title. */
  label?: string;
  /** How the value is edited. */
  kind: 'text' | 'number' | 'boolean' | 'enum' | 'list' | 'json';
}

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

/** The editable leaves of a schema, depth first in schema order. */
export function schemaFields(
  schema: JsonSchema | undefined,
  prefix: string,
): SchemaField[] {
  const fields: SchemaField[] = [];
  const walk = (node: JsonSchema, path: string, required: boolean) => {
    if (
      node.type === 'object' &&
      node.properties &&
      Object.keys(node.properties).length > 0
    ) {
      for (const [key, child] of Object.entries(node.properties)) {
        walk(child, `${path}.${key}`, (node.required ?? []).includes(key));
      }
      return;
    }
    let kind: SchemaField['kind'] = 'text';
    if (node.enum) kind = 'enum';
    else if (node.type === 'boolean') kind = 'boolean';
    else if (node.type === 'integer' || node.type === 'number') kind = 'number';
    else if (node.type === 'array')
      kind = node.items?.type && SCALARS.has(node.items.type) ? 'list' : 'json';
    else if (node.type === 'object') kind = 'json';
    fields.push({ path, schema: node, required, kind });
  };
  if (schema) walk({ type: 'object', ...schema }, prefix, false);
  return fields;
}

/** The value at a dotted path of a nested object. */
export function getAt(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Sets the value at a dotted path, creating objects on the way. */
export function setAt(
  root: Record<string, unknown>,
  path: string,
  value: unknown,
): void {
  const keys = path.split('.');
  let node = root;
  keys.slice(0, -1).forEach(key => {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]] = value;
}

/** The text a field shows for a value. */
export function toInput(field: SchemaField, value: unknown): string | boolean {
  if (field.kind === 'boolean') return value === true;
  if (value === undefined || value === null) return '';
  if (field.kind === 'list' && Array.isArray(value))
    return value.map(String).join(', ');
  if (field.kind === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

/** The value a field's input stands for, or a problem; `undefined` value for an empty input. */
export function fromInput(
  field: SchemaField,
  input: string | boolean,
): { value?: unknown; error?: string } {
  if (field.kind === 'boolean') return { value: input === true };
  const text = String(input);
  if (text.trim() === '') return {};
  const scalar = (
    raw: string,
    type: JsonSchema['type'],
  ): { value?: unknown; error?: string } => {
    if (type === 'integer' || type === 'number') {
      const n = Number(raw.trim());
      if (!Number.isFinite(n))
        return {
          error: `must be ${type === 'integer' ? 'an integer' : 'a number'}`,
        };
      return { value: n };
    }
    if (type === 'boolean') {
      if (raw.trim() === 'true') return { value: true };
      if (raw.trim() === 'false') return { value: false };
      return { error: 'must be true or false' };
    }
    return { value: raw };
  };
  switch (field.kind) {
    case 'number':
      return scalar(text, field.schema.type);
    case 'enum': {
      const match = field.schema.enum?.find(v => String(v) === text);
      return match === undefined
        ? { error: 'must be one of the listed values' }
        : { value: match };
    }
    case 'list': {
      const items = text
        .split(',')
        .map(s => s.trim())
        .filter(Boolean);
      const values: unknown[] = [];
      for (const item of items) {
        const converted = scalar(item, field.schema.items?.type);
        if (converted.error) return { error: `each item ${converted.error}` };
        values.push(converted.value);
      }
      return { value: values };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: 'must be valid JSON' };
      }
    default:
      return { value: text };
  }
}
