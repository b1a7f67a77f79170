import { ResponseError } from '@backstage/errors';
import type { FieldError } from '@openchoreo-build/plugin-openchoreo-build-common';

/** The message of an error, preferring the backend's own words from a ResponseError body. */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message ?? error.message;
  }
  if (error && typeof error === 'object' && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}

/** HTTP status of a failed request, when known. */
export function errorStatus(error: unknown): number | undefined {
  if (error instanceof ResponseError) return error.statusCode;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The field errors of a failed request: a 400 from `POST /runs` names each invalid value in
 * `error.fieldErrors` (`[{path, message}]`, path syntax of -common's `FieldError`). Undefined when
 * the error carries none (another status, or a problem that is not about one field).
 */
export function fieldErrorsOf(error: unknown): FieldError[] | undefined {
  if (!(error instanceof ResponseError)) return undefined;
  const listed: unknown = (error.body?.error as { fieldErrors?: unknown })
    ?.fieldErrors;
  if (!Array.isArray(listed)) return undefined;
  const valid = listed.filter(
    (item): item is FieldError =>
      typeof item?.path === 'string' && typeof item?.message === 'string',
  );
  return valid.length > 0
    ? valid.map(({ path, message }) => ({ path, message }))
    : undefined;
}
