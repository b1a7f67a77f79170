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

/** Path of the branch field inside a create-run request. @public */
export const BRANCH_PATH = 'systemParameters.repository.revision.branch';
/** Path of the application path field inside a create-run request. @public */
export const APP_PATH_PATH = 'systemParameters.repository.appPath';

/*
 * OpenChoreo's sample workflow templates paste the repository URL and the branch unquoted into
 * `sh -c` scripts (`BRANCH={{workflow.parameters.branch}}`), so the portal accepts only values that
 * are inert in a shell: an allowlist of characters, not a list of dangerous ones.
 */

/**
 * `repository.url`: an http(s) URL (an optional user name, no password, no query or fragment) or
 * an scp-like git URL (`git@github.com:org/repo.git`), over characters that mean nothing to a
 * shell. Widened from the CRD's `^https?://`; OpenChoreo v0.9's CRD itself accepts http(s) only.
 * @public
 */
export const REPOSITORY_URL_PATTERN =
  '^(?:https?://(?:[A-Za-z0-9][A-Za-z0-9._~-]*@)?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%+@=,-]+)+/?' +
  '|[A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?:(?!-)[A-Za-z0-9._~%+@=,/-]+)$';
/** What a user is told when a repository URL is not accepted. @public */
export const REPOSITORY_URL_MESSAGE =
  'must be an http(s) URL such as https://github.com/org/repo (no password, query or shell characters) or a git URL such as git@github.com:org/repo.git';

/** Longest accepted branch name (git has no limit; Kubernetes labels and file systems do). @public */
export const BRANCH_NAME_MAX_LENGTH = 255;

/**
 * `revision.branch`: what `git check-ref-format --branch` accepts (no `..`, `@{`, `//`, leading `-`,
 * `/` or `.`, trailing `/`, `.` or `.lock`, no `/.`), restricted to letters, digits and `._/+@,=-`
 * so the name is inert in a shell. @public
 */
export const BRANCH_NAME_PATTERN =
  '^(?![-/.])(?!.*\\.\\.)(?!.*//)(?!.*/\\.)(?!.*\\.lock(?:/|$))(?!@$)[A-Za-z0-9._/+@,=-]{1,255}(?<![/.])$';
/** What a user is told when a branch name is not accepted. @public */
export const BRANCH_NAME_MESSAGE =
  'must be a git branch name of letters, digits and . _ / + @ , = - (no "..", "//", "/.", no leading "-", "/" or ".", no trailing "/", "." or ".lock")';

/** Whether `value` is an acceptable commit: empty (the latest) or a SHA. @public */
export function isCommitSha(value: string): boolean {
  return value === '' || new RegExp(COMMIT_SHA_PATTERN).test(value);
}

const repositoryUrl = new RegExp(REPOSITORY_URL_PATTERN);

/**
 * Whether `value` is an http(s) URL with a host and a path, or an scp-like git URL, as
 * {@link REPOSITORY_URL_PATTERN} describes. @public
 */
export function isRepositoryUrl(value: string): boolean {
  if (value.length > 2048 || !repositoryUrl.test(value)) return false;
  if (!/^https?:/.test(value)) return true;
  try {
    const url = new URL(value);
    // The pattern already excludes a password; the parser confirms the host and port are real.
    return Boolean(url.hostname) && !url.password;
  } catch {
    return false;
  }
}

const branchName = new RegExp(BRANCH_NAME_PATTERN);

/** Whether `value` is an acceptable branch name ({@link BRANCH_NAME_PATTERN}). @public */
export function isBranchName(value: string): boolean {
  return branchName.test(value);
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
