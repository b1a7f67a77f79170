import type { JsonSchema } from '../api/jsonSchema';
import type {
  CreateRunRequest,
  RunRepository,
  RunWorkflowConfig,
} from '../api/runs';
import type { JsonValue } from '../kubernetes/openchoreo';
import {
  writeRepositoryFields,
  type RepositoryFieldPaths,
  type RepositoryFieldRole,
} from '../rules/repositoryFields';
import {
  APP_PATH_PATH,
  BRANCH_NAME_MESSAGE,
  BRANCH_PATH,
  COMMIT_PATH,
  COMMIT_SHA_MESSAGE,
  dropEmptyCommit,
  isBranchName,
  isCommitSha,
  isRepositoryUrl,
  REPOSITORY_URL_MESSAGE,
  REPOSITORY_URL_PATH,
} from '../rules/runSpecRules';
import { uniqueFieldErrors, type FieldError } from './fieldErrors';
import type { CompiledParameterSchema } from './parameterValidator';
import {
  isShellInertText,
  SHELL_TEXT_MESSAGE,
  shellTextProblems,
} from './shellText';

/*
 * The values a new run carries (the Component's `spec.workflow` with the request over it) and
 * their checks: one definition for `POST /runs` and the Start build form, so the form refuses
 * what the server would and its preview shows what the server creates.
 */

/**
 * A JSON object: a run's parameters.
 *
 * @public
 */
export type JsonObject = { [key: string]: JsonValue };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep merge of plain objects; arrays and scalars from `override` replace. Keys are defined as own
 * properties, so a `__proto__` or `constructor` key is data, never a prototype.
 *
 * @public
 */
export function deepMerge<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const merged = Object.prototype.hasOwnProperty.call(result, key)
      ? deepMerge(result[key], value)
      : value;
    Object.defineProperty(result, key, {
      value: merged,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result as T;
}

/**
 * A v0 run's values (ComponentWorkflowRun `spec.workflow`): the Component's system parameters
 * with the request's over them (an empty commit dropped: the latest of the branch), and its
 * parameters with the request's over them when the run uses the Component's own workflow (another
 * workflow starts from its schema defaults). `workflow` is undefined when neither names one.
 *
 * @public
 */
export function componentWorkflowRunValues(
  defaults: RunWorkflowConfig | undefined,
  request: Pick<
    CreateRunRequest,
    'workflow' | 'systemParameters' | 'parameters'
  >,
): {
  workflow: string | undefined;
  systemParameters: Record<string, unknown>;
  parameters: Record<string, unknown>;
} {
  const workflow = request.workflow ?? defaults?.name;
  const systemParameters = deepMerge<Record<string, unknown>>(
    structuredClone(
      (defaults?.systemParameters ?? {}) as Record<string, unknown>,
    ),
    // Copies: the result is changed in place (empty commit dropped, schema defaults filled in).
    structuredClone(request.systemParameters),
  );
  const repository = systemParameters.repository;
  if (isPlainObject(repository) && isPlainObject(repository.revision))
    dropEmptyCommit(repository.revision as { commit?: string });
  const sameWorkflow = defaults?.name === workflow;
  const parameters = deepMerge<Record<string, unknown>>(
    structuredClone(
      sameWorkflow
        ? ((defaults?.parameters ?? {}) as Record<string, unknown>)
        : {},
    ),
    structuredClone(request.parameters),
  );
  return { workflow, systemParameters, parameters };
}

/** The repository override of a request (the v0 `systemParameters` shape the API keeps). @public */
export function repositoryOverrideOf(
  request: Pick<CreateRunRequest, 'systemParameters'>,
): RunRepository {
  const repository = request.systemParameters?.repository;
  return {
    url: repository?.url,
    branch: repository?.revision?.branch,
    commit: repository?.revision?.commit,
    appPath: repository?.appPath,
  };
}

/**
 * A v1 run's parameters (WorkflowRun `spec.workflow.parameters`): the Component's with the
 * request's over them, the repository override written to the fields the Workflow marks. A role
 * the override sets but the Workflow does not mark is returned in `unmarked` (a 400).
 *
 * @public
 */
export function workflowRunParameters(
  defaults: RunWorkflowConfig | undefined,
  request: Pick<CreateRunRequest, 'systemParameters' | 'parameters'>,
  paths: RepositoryFieldPaths,
): { parameters: JsonObject; unmarked: RepositoryFieldRole[] } {
  const merged = deepMerge<JsonObject>(
    structuredClone(defaults?.parameters ?? {}),
    structuredClone(request.parameters),
  );
  return writeRepositoryFields(merged, paths, repositoryOverrideOf(request));
}

/** One part of a run's values and the schema it follows. @public */
export interface RunValuesSection {
  /** Where the values sit in the request: `systemParameters` or `parameters`. */
  prefix: 'systemParameters' | 'parameters';
  /** The workflow's schema; undefined when it declares none (only the portal's rules apply). */
  schema: CompiledParameterSchema | undefined;
  /** The values; the schema's defaults are filled into them. */
  values: Record<string, unknown>;
}

/**
 * Full paths of the repository fields the portal holds to its own rules whatever the schema says
 * (URL form, git branch name, commit SHA, shell-inert app path). v0: {@link V0_REPOSITORY_RULE_PATHS}; v1:
 * the marked fields below `parameters.`.
 *
 * @public
 */
export interface RepositoryRulePaths {
  url?: string;
  branch?: string;
  commit?: string;
  appPath?: string;
}

/** The repository fields of a v0 run. @public */
export const V0_REPOSITORY_RULE_PATHS: RepositoryRulePaths = {
  url: REPOSITORY_URL_PATH,
  branch: BRANCH_PATH,
  commit: COMMIT_PATH,
  appPath: APP_PATH_PATH,
};

function valueAt(sections: RunValuesSection[], path: string): unknown {
  const [prefix, ...keys] = path.split('.');
  let node: unknown = sections.find(s => s.prefix === prefix)?.values;
  for (const key of keys) {
    if (!isPlainObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function repositoryProblems(
  sections: RunValuesSection[],
  paths: RepositoryRulePaths,
): FieldError[] {
  const rules: Array<[string | undefined, (v: string) => boolean, string]> = [
    [paths.url, isRepositoryUrl, REPOSITORY_URL_MESSAGE],
    [paths.branch, isBranchName, BRANCH_NAME_MESSAGE],
    [paths.commit, isCommitSha, COMMIT_SHA_MESSAGE],
    [paths.appPath, isShellInertText, SHELL_TEXT_MESSAGE],
  ];
  const problems: FieldError[] = [];
  for (const [path, holds, message] of rules) {
    const value = path ? valueAt(sections, path) : undefined;
    if (path && typeof value === 'string' && !holds(value))
      problems.push({ path, message });
  }
  return problems;
}

/**
 * Checks a run's values: first as given (the repository rules and the shell-syntax policy, so a
 * workflow's own defaults are trusted), then against the workflow's schemas (filling in their
 * defaults). A field with a problem of the first kind gets no schema problem on top (one message
 * per field, the more specific one). Returns every problem, or none.
 *
 * @public
 */
export function runValueProblems(
  sections: RunValuesSection[],
  repository: RepositoryRulePaths,
): FieldError[] {
  const ruled = new Set(
    [
      repository.url,
      repository.branch,
      repository.commit,
      repository.appPath,
    ].filter(Boolean),
  );
  const asGiven = [
    ...repositoryProblems(sections, repository),
    // The repository fields have their own rules above; everything else follows the schema's policy.
    ...sections.flatMap(section =>
      shellTextProblems(
        section.prefix,
        section.schema?.schema ?? ({} as JsonSchema),
        section.values,
      ).filter(problem => !ruled.has(problem.path)),
    ),
  ];
  const named = new Set(asGiven.map(problem => problem.path));
  const bySchema = sections
    .flatMap(
      section => section.schema?.problems(section.prefix, section.values) ?? [],
    )
    .filter(problem => !named.has(problem.path));
  return uniqueFieldErrors([...asGiven, ...bySchema]);
}
