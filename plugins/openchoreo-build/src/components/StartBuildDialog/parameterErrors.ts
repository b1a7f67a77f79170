import type {
  FieldError,
  JsonSchema,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { deepEquals } from '@rjsf/utils';

/*
 * Problems inside the parameters form: which of them rjsf can show at a field, and which the
 * user's edit has made stale.
 */

/** The schema node a data path (`buildEnv.0.name`) reaches, if the form renders a field there. */
function nodeAt(
  schema: JsonSchema | undefined,
  path: string,
): JsonSchema | undefined {
  let node = schema;
  for (const key of path.split('.')) {
    if (!node) return undefined;
    if (/^\d+$/.test(key) && node.type === 'array') node = node.items;
    else
      node =
        node.properties?.[key] ??
        (typeof node.additionalProperties === 'object'
          ? node.additionalProperties
          : undefined);
  }
  return node;
}

/**
 * Splits parameter problems (paths relative to `parameters`) into those shown at a field of the
 * form and the rest (e.g. a key the workflow does not have), shown as `parameters.<path>: …`.
 */
export function shownErrors(
  errors: readonly FieldError[],
  schema: JsonSchema | undefined,
): { fields: FieldError[]; general: string[] } {
  const fields: FieldError[] = [];
  const general: string[] = [];
  for (const error of errors) {
    if (error.path && nodeAt(schema, error.path)) fields.push(error);
    else
      general.push(
        `${error.path ? `parameters.${error.path}` : 'parameters'}: ${
          error.message
        }`,
      );
  }
  return { fields, general };
}

function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The problems still standing after an edit of the parameters: those whose value did not change. */
export function keepUnchanged(
  problems: FieldError[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): FieldError[] {
  const kept = problems.filter(problem => {
    if (!problem.path.startsWith('parameters.')) return true;
    const path = problem.path.slice('parameters.'.length);
    return deepEquals(valueAt(before, path), valueAt(after, path));
  });
  return kept.length === problems.length ? problems : kept;
}
