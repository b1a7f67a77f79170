import { InputError } from '@backstage/errors';
import type { HolosInputError } from '@openchoreo-build/plugin-openchoreo-build-common';

/** Where unreadable Holos input went wrong (`HolosInputError.at`): document, field path, line, column. */
export type HolosInputPosition = HolosInputError['at'];

/**
 * 400 for Holos text that cannot be analysed (not YAML/JSON, a document of another kind). The
 * message names the position; `at` carries it for the UI (Backstage's error handler serializes
 * the error's own fields: `{"error": {"name": "InputError", "message": …, "at": {…}}}`).
 */
export class HolosPlanInputError extends InputError {
  constructor(message: string, readonly at: HolosInputPosition) {
    super(message);
  }
}

/**
 * A `HolosInputError` from analysing `where` (`body`, or the plans file) as a 400. The analysis'
 * message already names the line, column and document; `at` repeats them for the UI.
 */
export function toPlanInputError(
  error: HolosInputError,
  where: string,
): HolosPlanInputError {
  return new HolosPlanInputError(`${where}: ${error.message}`, {
    ...error.at,
  });
}
