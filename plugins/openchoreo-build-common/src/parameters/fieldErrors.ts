/**
 * One problem with a value of a run request, at the field it concerns. The `POST /runs` 400 body
 * carries a list of them (`error.fieldErrors`), the Start build form shows each at its field.
 *
 * `path` syntax: the request's property names joined with `.`, array items by their decimal
 * index, starting at the request's top level: `parameters.docker.filePath`,
 * `parameters.buildEnv.0.name`, `systemParameters.repository.revision.commit`, `workflow`.
 *
 * @public
 */
export interface FieldError {
  path: string;
  message: string;
}

/** The path of a value `segments` below `prefix`, in the {@link FieldError} syntax. @public */
export function fieldPath(
  prefix: string,
  segments: ReadonlyArray<string | number>,
): string {
  return [prefix, ...segments.map(String)].filter(Boolean).join('.');
}

/** The same list without repeats (same path and message), first occurrence first. @public */
export function uniqueFieldErrors(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter(error => {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `path: message; path: message`: the human summary of field errors in a 400's message. @public */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  return uniqueFieldErrors(errors)
    .map(error => `${error.path}: ${error.message}`)
    .join('; ');
}
