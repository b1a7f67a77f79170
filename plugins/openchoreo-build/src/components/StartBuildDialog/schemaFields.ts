import type {
  JsonSchema,
  RepositoryFieldRole,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/*
 * A workflow's parameters described as a list of leaves, for the Workflows page's parameter table
 * (the Start build form renders the schema with rjsf instead).
 */

/** What each repository role is called, in the form and the Workflows page. */
export const REPOSITORY_ROLE_LABELS: Record<RepositoryFieldRole, string> = {
  url: 'Repository URL',
  branch: 'Branch',
  commit: 'Commit',
  appPath: 'App path',
  secretRef: 'Git credentials secret',
};

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

/** Constraints in words, e.g. `3 to 10`, `one of: a, b`, `pattern ^x$`. */
export function describeConstraints(field: SchemaField): string[] {
  const s = field.schema;
  const parts: string[] = [];
  if (s.enum) parts.push(`one of: ${s.enum.join(', ')}`);
  if (s.minimum !== undefined && s.maximum !== undefined)
    parts.push(`${s.minimum} to ${s.maximum}`);
  else if (s.minimum !== undefined) parts.push(`at least ${s.minimum}`);
  else if (s.maximum !== undefined) parts.push(`at most ${s.maximum}`);
  if (s.exclusiveMinimum !== undefined)
    parts.push(`more than ${s.exclusiveMinimum}`);
  if (s.exclusiveMaximum !== undefined)
    parts.push(`less than ${s.exclusiveMaximum}`);
  if (s.multipleOf !== undefined) parts.push(`multiple of ${s.multipleOf}`);
  if (s.minLength !== undefined && s.minLength > 1)
    parts.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) parts.push(`max length ${s.maxLength}`);
  if (s.pattern) parts.push(`pattern ${s.pattern}`);
  if (s.minItems !== undefined) parts.push(`min ${s.minItems} items`);
  if (s.maxItems !== undefined) parts.push(`max ${s.maxItems} items`);
  if (s.uniqueItems) parts.push('unique items');
  if (s.format) parts.push(`format ${s.format}`);
  return parts;
}
