import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { dropGoZeroValues } from './normalize';
import {
  formatHolosPath,
  segmentsFromJsonPointer,
  type HolosPathSegment,
} from './paths';
import type { HolosRule } from './report';
import {
  HOLOS_V1ALPHA6_SCHEMA_ID,
  holosV1alpha6JsonSchema,
  type HolosJsonSchema,
} from './schema';

/** A problem before it is placed in the submitted text (see `analyze.ts`). */
export interface HolosFinding {
  segments: HolosPathSegment[];
  message: string;
  rule: HolosRule;
}

/** The document kinds the schema validates. */
export type HolosDocumentKind = 'BuildPlan' | 'Platform';

let compiled: Record<HolosDocumentKind, ValidateFunction> | undefined;

/** Compiles the schema once, on first use (ajv compiles to code; the schema is ours, never input). */
function validatorFor(kind: HolosDocumentKind): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true });
    ajv.addSchema(holosV1alpha6JsonSchema);
    const get = (name: HolosDocumentKind): ValidateFunction => {
      const validate = ajv.getSchema(
        `${HOLOS_V1ALPHA6_SCHEMA_ID}#/$defs/${name}`,
      );
      if (validate === undefined) {
        throw new Error(`the holos schema has no definition ${name}`);
      }
      return validate;
    };
    compiled = { BuildPlan: get('BuildPlan'), Platform: get('Platform') };
  }
  return compiled[kind];
}

/**
 * Validates one document against its definition. Mutates `value` the way holos reads it:
 * Go zero values dropped (`normalize.ts`), CUE defaults filled in. Returns one finding per
 * problem, with a message that names the field and says what was expected.
 */
export function validateHolosSchema(
  kind: HolosDocumentKind,
  value: unknown,
): HolosFinding[] {
  dropGoZeroValues(value, kind);
  const validate = validatorFor(kind);
  if (validate(value)) return [];
  const findings: HolosFinding[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const finding = describeError(error);
    if (finding === undefined) continue;
    const key = `${formatHolosPath(finding.segments)}\n${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  object: 'an object (a map of fields)',
  array: 'a list',
};

/** "a Chart", "an Artifact": the Go type a schema stands for. */
function named(schema: HolosJsonSchema): string {
  const title = schema.title ?? 'value';
  return `${/^[AEIOU]/i.test(title) ? 'an' : 'a'} ${title}`;
}

function describeError(error: ErrorObject): HolosFinding | undefined {
  const at = segmentsFromJsonPointer(error.instancePath);
  const parent = (error.parentSchema ?? {}) as HolosJsonSchema;
  const finding = (segments: HolosPathSegment[], text: string) => ({
    segments,
    rule: 'schema' as const,
    message: `${formatHolosPath(segments) || 'the document'} ${text}`,
  });
  switch (error.keyword) {
    case 'if':
      // "must match then/else": the branch's own error says what is wrong.
      return undefined;
    case 'required': {
      const field = String(error.params.missingProperty);
      if (parent.title === undefined && field === 'url') {
        // The else branch of Chart's oci:// condition (types.cue).
        return finding(
          [...at, field],
          'is required: a chart repository needs a url unless the chart name is an oci:// reference',
        );
      }
      const needs = (parent.required ?? []).join(', ');
      return finding(
        [...at, field],
        `is required: ${named(parent)} needs ${needs}`,
      );
    }
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      const known = Object.keys(parent.properties ?? {}).join(', ');
      return finding(
        [...at, field],
        `is an unknown field: ${named(parent)} has only ${known}`,
      );
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as string[]) ?? [];
      const expected =
        allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`;
      return finding(
        at,
        `must be ${expected} (got ${describeValue(error.data, at)})`,
      );
    }
    case 'type':
      return finding(
        at,
        `must be ${
          TYPE_NAMES[String(error.params.type)] ?? error.params.type
        } (got ${describeValue(error.data, at)})`,
      );
    case 'not': {
      // `not: {required: [field]}`: the field must be absent; point at it.
      const forbidden = parent.not?.required ?? [];
      return finding(
        forbidden.length === 1 ? [...at, forbidden[0]] : at,
        parent.description ?? 'is not allowed here',
      );
    }
    default:
      return finding(at, error.message ?? 'does not match the schema');
  }
}

function describeValue(
  value: unknown,
  at: readonly HolosPathSegment[],
): string {
  if (value === null) return 'null';
  // Under a Helm repository's `auth` a value may be a credential: say its type, never the value.
  if (at.includes('auth') && typeof value !== 'object')
    return `a ${typeof value}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
