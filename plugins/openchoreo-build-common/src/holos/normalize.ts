import {
  holosV1alpha6JsonSchema,
  resolveHolosSchema,
  type HolosJsonSchema,
} from './schema';

/**
 * Reads a document as holos' Go encoders may have written it, before schema validation.
 *
 * `holos show buildplans --format=json` encodes the Go structs with `encoding/json`
 * (`internal/holos/types.go@4fa6cb23`, `NewEncoder`), whose `omitempty` never omits a struct and
 * writes a nil map or slice as `null`. So every Generator carries `helm`, `file` and `command`
 * members full of empty strings whatever its kind, and a Helm chart without a repository
 * carries `repository: {auth: {username: {}, password: {}}}`. Holos ignores those members
 * ("Ignored unless kind is Helm", `api/core/v1alpha6/types.go@4fa6cb23`); the YAML encoder
 * (`gopkg.in/yaml.v3`) already leaves them out. This pass makes the JSON form read like the
 * YAML one: in the schema's closed structs it drops `null` fields and optional struct fields
 * whose every value is Go's zero value. It never looks inside open values (`values`,
 * `resources`, `kustomization`), where `null` and empty strings mean something.
 *
 * Mutates `value`; callers pass a copy.
 */
export function dropGoZeroValues(value: unknown, definition: string): void {
  const schema = holosV1alpha6JsonSchema.$defs?.[definition];
  if (schema !== undefined) normalize(value, schema);
}

function normalize(value: unknown, schemaOrRef: HolosJsonSchema): void {
  const schema = resolveHolosSchema(schemaOrRef);
  if (Array.isArray(value)) {
    if (schema.items !== undefined) {
      for (const item of value) normalize(item, schema.items);
    }
    return;
  }
  if (!isRecord(value) || schema.properties === undefined) return;
  const required = new Set(schema.required ?? []);
  for (const [field, fieldSchema] of Object.entries(schema.properties)) {
    if (!Object.prototype.hasOwnProperty.call(value, field)) continue;
    const fieldValue = value[field];
    const resolved = resolveHolosSchema(fieldSchema);
    const isStruct = resolved.properties !== undefined;
    if (
      fieldValue === null ||
      (isStruct && !required.has(field) && isGoZero(fieldValue))
    ) {
      delete value[field];
      continue;
    }
    normalize(fieldValue, fieldSchema);
  }
}

/** Go's zero value as JSON: `""`, `false`, `0`, `null`, `[]`, or an object of only those. */
function isGoZero(value: unknown): boolean {
  if (value === null || value === '' || value === false || value === 0) {
    return true;
  }
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.values(value).every(isGoZero);
  return false;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
