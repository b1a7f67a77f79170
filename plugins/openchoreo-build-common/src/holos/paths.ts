import type { HolosTaskId } from './report';

/**
 * Paths into a document and the pipeline task a path belongs to. Everything that reports a
 * problem builds its path here, so the backend, the UI and the tests see one notation.
 */

/**
 * One step of a path: a field name or a list index.
 *
 * @public
 */
export type HolosPathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * Formats segments as `report.ts` describes: dots for fields, `[n]` for list items, and
 * `["key"]` for a map key that is not a plain name (e.g. `metadata.labels["holos.run/component.name"]`).
 *
 * @public
 */
export function formatHolosPath(segments: readonly HolosPathSegment[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      path += `[${segment}]`;
    } else if (IDENTIFIER.test(segment)) {
      path += path === '' ? segment : `.${segment}`;
    } else {
      path += `[${JSON.stringify(segment)}]`;
    }
  }
  return path;
}

/** Turns an ajv instance path (a JSON pointer, `/spec/artifacts/0`) into segments. */
export function segmentsFromJsonPointer(pointer: string): HolosPathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map(raw => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(segment =>
      /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment,
    );
}

/**
 * The stages of an artifact's pipeline, named as in holos' task names.
 *
 * @public
 */
export type HolosTaskStage = 'generator' | 'transformer' | 'validator';

/**
 * A task id as holos names its tasks (`internal/component/v1alpha6/v1alpha6.go@4fa6cb23`,
 * `buildArtifact`: `artifact/%d/generator/%d`, `artifact/%d/validator/%d`). Holos runs all of
 * an artifact's transformers as one task (`artifact/%d/transformers`); the portal numbers them
 * one by one (`artifact/<i>/transformer/<k>`) so a problem can point at one of them.
 *
 * @public
 */
export function holosTaskId(
  artifact: number,
  stage?: HolosTaskStage,
  index?: number,
): HolosTaskId {
  return stage === undefined
    ? `artifact/${artifact}`
    : `artifact/${artifact}/${stage}/${index ?? 0}`;
}

const STAGE_OF_FIELD: Record<string, HolosTaskStage> = {
  generators: 'generator',
  transformers: 'transformer',
  validators: 'validator',
};

/**
 * The task a BuildPlan path lies in: `spec.artifacts[i].<stage>s[j]…` → that task,
 * any other path under `spec.artifacts[i]` → the artifact's write task `artifact/<i>`.
 */
export function taskIdOfPath(
  segments: readonly HolosPathSegment[],
): HolosTaskId | undefined {
  const [spec, artifacts, artifact, field, index] = segments;
  if (spec !== 'spec' || artifacts !== 'artifacts') return undefined;
  if (typeof artifact !== 'number') return undefined;
  const stage = typeof field === 'string' ? STAGE_OF_FIELD[field] : undefined;
  if (stage !== undefined && typeof index === 'number') {
    return holosTaskId(artifact, stage, index);
  }
  return holosTaskId(artifact);
}
