import Ajv from 'ajv';
import type { KObject } from '../apiserver/types';

/** The parts of an openAPIV3Schema the validator navigates; the rest goes to Ajv as it is. */
export interface CrdSchema {
  type?: string;
  properties?: Record<string, CrdSchema>;
  [keyword: string]: unknown;
}

/**
 * The schema made strict: fields a real CRD does not declare would be pruned silently by a real
 * API server, so here they are errors (`additionalProperties: false` wherever the schema lists
 * properties and does not preserve unknown fields). CEL rules are left out (not evaluated).
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && typeof v === 'object' && v) {
      out.properties = Object.fromEntries(
        Object.entries(v).map(([pk, pv]) => [pk, strict(pv)]),
      );
    } else if (k !== 'x-kubernetes-validations') {
      out[k] = strict(v);
    }
  }
  if (
    out.properties &&
    out['x-kubernetes-preserve-unknown-fields'] !== true &&
    out.additionalProperties === undefined
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * A check of objects against a real CRD's `openAPIV3Schema` that also fails on fields the real
 * API server would prune: "would a real cluster keep this object as it is?". Answers one message
 * per problem (`ns/name /path message`), none when the object conforms. Used by tests of the
 * sandbox's seed and of what the backend creates.
 */
export function strictCrdValidator(
  openAPIV3Schema: CrdSchema,
): (obj: KObject) => string[] {
  const schema = strict(openAPIV3Schema) as CrdSchema;
  // ObjectMeta is the API server's, not the CRD's.
  schema.properties = { ...schema.properties, metadata: { type: 'object' } };
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
  });
  const validate = ajv.compile(schema);
  return obj =>
    validate(obj as unknown)
      ? []
      : (validate.errors ?? []).map(
          e =>
            `${obj.metadata.namespace}/${obj.metadata.name} ${e.instancePath} ${e.message}`,
        );
}
