import type { JsonSchema } from '../api/jsonSchema';
import { fieldPath, type FieldError } from './fieldErrors';

/**
 * Shell syntax refused in parameter strings: OpenChoreo's sample templates paste parameters into
 * `sh -c` scripts, inside double quotes at best, where `$(…)` and backticks still run commands
 * and a newline starts a new one. (NUL cannot be passed to a process at all.)
 */
const SHELL_SUBSTITUTION = /\$\(|`|[\r\n\0]/;

/** What a user is told when a string carries shell syntax its schema does not allow. @public */
export const SHELL_TEXT_MESSAGE =
  'must not contain "$(", backticks or line breaks (the workflow pastes it into a shell script)';

/**
 * The JSON Schema `format` a workflow author gives a parameter that is shell text on purpose
 * (shorthand `string | format=shell`): such values may contain `$(`, backticks and newlines.
 *
 * @public
 */
export const SHELL_TEXT_FORMAT = 'shell';

/** Whether `text` carries no command substitution and no line break. @public */
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
 * A {@link FieldError} below `prefix` for every string in `value` that carries shell syntax its
 * schema (walked along) does not admit, sorted by path. Iterative, so component defaults of any
 * depth cost no stack.
 *
 * @public
 */
export function shellTextProblems(
  prefix: string,
  schema: JsonSchema,
  value: unknown,
): FieldError[] {
  const problems: FieldError[] = [];
  const stack: Array<{
    value: unknown;
    schema: JsonSchema | undefined;
    segments: Array<string | number>;
  }> = [{ value, schema, segments: [] }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (typeof current.value === 'string') {
      if (!isShellInertText(current.value) && !admitsShellText(current.schema))
        problems.push({
          path: fieldPath(prefix, current.segments),
          message: SHELL_TEXT_MESSAGE,
        });
    } else if (Array.isArray(current.value)) {
      current.value.forEach((item, index) =>
        stack.push({
          value: item,
          schema: childSchema(current.schema, index),
          segments: [...current.segments, index],
        }),
      );
    } else if (typeof current.value === 'object' && current.value !== null) {
      for (const [key, item] of Object.entries(current.value)) {
        stack.push({
          value: item,
          schema: childSchema(current.schema, key),
          segments: [...current.segments, key],
        });
      }
    }
  }
  return problems.sort((a, b) =>
    a.path < b.path ? -1 : Number(a.path > b.path),
  );
}
