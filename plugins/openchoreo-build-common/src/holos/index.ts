/**
 * Holos render plans (core schemas v1alpha6): the model, the report the portal answers with, and
 * the catalog annotation that points an entity at its plans.
 */

/**
 * Catalog annotation naming where an entity's BuildPlans are: a path relative to the entity's
 * source location, or a URL that Backstage's UrlReader can read. The file holds one plan, a
 * Platform, or a stream of plans as `holos show buildplans` prints them.
 *
 * @public
 */
export const HOLOS_BUILDPLANS_ANNOTATION = 'holos.run/buildplans';

export * from './model';
export * from './report';
export {
  analyzeHolosText,
  analyzeHolosDocuments,
  HolosInputError,
  HOLOS_COMPONENT_NAME_LABEL,
  HOLOS_MAX_PROBLEMS_PER_DOCUMENT,
} from './analyze';
export {
  holosV1alpha6JsonSchema,
  HOLOS_V1ALPHA6_SCHEMA_ID,
  type HolosJsonSchema,
} from './schema';
export { HOLOS_MAX_DOCUMENTS, HOLOS_MAX_TEXT_BYTES } from './parse';
export {
  formatHolosPath,
  holosTaskId,
  type HolosPathSegment,
  type HolosTaskStage,
} from './paths';
export { holosDryRun } from './dryRun';
export { HOLOS_REDACTED_VALUE } from './redact';
