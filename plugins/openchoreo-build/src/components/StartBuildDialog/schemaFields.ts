import type { JsonSchema } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { OpenChoreoBuildTranslate } from '../../translation';

/*
 * A workflow's parameters described as a list of leaves, for the Workflows page's parameter table
 * (the Start build form renders the schema with rjsf instead).
 */

/** One leaf of a schema: a scalar, a list or an object without declared properties. */
export interface SchemaField {
  /** Full path, e.g. `parameters.docker.filePath`. */
  path: string;
  schema: JsonSchema;
  required: boolean;
}

/** The leaves of a schema, depth first in schema order. */
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
    fields.push({ path, schema: node, required });
  };
  if (schema) walk({ type: 'object', ...schema }, prefix, false);
  return fields;
}

/**
 * Constraints in words, e.g. `3 to 10`, `one of: a, b`, `pattern ^x$`, in the user's language
 * (`t`, texts under `schemaFields`).
 */
export function describeConstraints(
  t: OpenChoreoBuildTranslate,
  field: SchemaField,
): string[] {
  const s = field.schema;
  const parts: string[] = [];
  const c = (value: unknown) => String(value);
  if (s.enum)
    parts.push(
      t('schemaFields.constraints.oneOf', {
        values: s.enum.join(t('schemaFields.constraints.valueSeparator')),
      }),
    );
  if (s.minimum !== undefined && s.maximum !== undefined)
    parts.push(
      t('schemaFields.constraints.range', {
        minimum: c(s.minimum),
        maximum: c(s.maximum),
      }),
    );
  else if (s.minimum !== undefined)
    parts.push(
      t('schemaFields.constraints.atLeast', { minimum: c(s.minimum) }),
    );
  else if (s.maximum !== undefined)
    parts.push(t('schemaFields.constraints.atMost', { maximum: c(s.maximum) }));
  if (s.exclusiveMinimum !== undefined)
    parts.push(
      t('schemaFields.constraints.moreThan', { value: c(s.exclusiveMinimum) }),
    );
  if (s.exclusiveMaximum !== undefined)
    parts.push(
      t('schemaFields.constraints.lessThan', { value: c(s.exclusiveMaximum) }),
    );
  if (s.multipleOf !== undefined)
    parts.push(
      t('schemaFields.constraints.multipleOf', { value: c(s.multipleOf) }),
    );
  if (s.minLength !== undefined && s.minLength > 1)
    parts.push(
      t('schemaFields.constraints.minLength', { value: c(s.minLength) }),
    );
  if (s.maxLength !== undefined)
    parts.push(
      t('schemaFields.constraints.maxLength', { value: c(s.maxLength) }),
    );
  if (s.pattern)
    parts.push(t('schemaFields.constraints.pattern', { pattern: s.pattern }));
  if (s.minItems !== undefined)
    parts.push(
      t('schemaFields.constraints.minItems', { value: c(s.minItems) }),
    );
  if (s.maxItems !== undefined)
    parts.push(
      t('schemaFields.constraints.maxItems', { value: c(s.maxItems) }),
    );
  if (s.uniqueItems) parts.push(t('schemaFields.constraints.uniqueItems'));
  if (s.format)
    parts.push(t('schemaFields.constraints.format', { format: s.format }));
  return parts;
}
