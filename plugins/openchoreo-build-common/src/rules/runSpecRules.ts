/**
 * What OpenChoreo's ComponentWorkflowRun CRD enforces on a run's system parameters, defined once
 * for the start form, the workflow schemas the backend serves and the backend's request
 * validation.
 */

/** Path of the commit field inside a create-run request. @public */
export const COMMIT_PATH = 'systemParameters.repository.revision.commit';
/** Path of the repository URL field inside a create-run request. @public */
export const REPOSITORY_URL_PATH = 'systemParameters.repository.url';

/** `revision.commit`: a 7–40 hex digit SHA (the CRD's pattern). @public */
export const COMMIT_SHA_PATTERN = '^[0-9a-fA-F]{7,40}$';
/** What a user is told when a commit does not match {@link COMMIT_SHA_PATTERN}. @public */
export const COMMIT_SHA_MESSAGE =
  'must be a commit SHA of 7 to 40 hex digits (or empty for the latest)';

/** `repository.url`: the CRD's pattern (http or https). @public */
export const REPOSITORY_URL_PATTERN = '^https?://';
/** What a user is told when a repository URL is not accepted. @public */
export const REPOSITORY_URL_MESSAGE = 'must be an http(s) URL';

/** Whether `value` is an acceptable commit: empty (the latest) or a SHA. @public */
export function isCommitSha(value: string): boolean {
  return value === '' || new RegExp(COMMIT_SHA_PATTERN).test(value);
}

/** Whether `value` is an http(s) URL with a host. @public */
export function isRepositoryUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      Boolean(url.hostname)
    );
  } catch {
    return false;
  }
}

/**
 * "An empty commit means the latest commit of the branch": OpenChoreo's CRD wants the field
 * absent then. Removes an empty `commit` from a revision in place and returns it.
 *
 * @public
 */
export function dropEmptyCommit<T extends { commit?: string }>(
  revision: T | undefined,
): T | undefined {
  if (revision && !revision.commit) delete revision.commit;
  return revision;
}
