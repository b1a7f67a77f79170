import {
  APP_PATH_PATH,
  BRANCH_PATH,
  COMMIT_PATH,
  COMMIT_SHA_PATTERN,
  REPOSITORY_URL_PATH,
  REPOSITORY_URL_PATTERN,
  readRepositoryFields,
  type ComponentDetail,
  type ComponentWorkflowSummary,
  type CreateRunRequest,
  type FieldError,
  type JsonSchema,
  type JsonValue,
  type RepositoryFieldPaths,
  type RepositoryFieldRole,
  type RunRepository,
  type RunWorkflowConfig,
  type WorkflowKind,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { deepEquals } from '@rjsf/utils';

/*
 * The Start build form's rules, without React: the repository fields it shows, their starting
 * values, the request built from what the user changed, and where each problem goes. The
 * workflow's parameters are an rjsf form (ParametersForm); the run preview and the checks are in
 * runPreview.ts.
 */

/**
 * The system parameters every ComponentWorkflow has (OpenChoreo fixes them), with the run CRD's
 * rules; used while the component's own workflow is not known. No descriptions: the form shows
 * the translated `startBuild.roleHints` for a field whose schema has none.
 */
export const FIXED_SYSTEM_PARAMETERS: JsonSchema = {
  type: 'object',
  properties: {
    repository: {
      type: 'object',
      properties: {
        url: {
          type: 'string',
          pattern: REPOSITORY_URL_PATTERN,
        },
        revision: {
          type: 'object',
          properties: {
            branch: {
              type: 'string',
              minLength: 1,
            },
            commit: {
              type: 'string',
              pattern: COMMIT_SHA_PATTERN,
            },
          },
        },
        appPath: {
          type: 'string',
        },
      },
    },
  },
};

/** What a new run is for. */
export interface StartBuildTarget {
  namespace: string;
  project: string;
  component: string;
}

/**
 * Where the form's defaults come from:
 * - `component`: the Component's `spec.workflow` (the normal case);
 * - `none`: the Component names no workflow: the user picks one and every shown value is sent;
 * - `server`: the Component could not be read (not a 404): unchanged values are left to the server,
 *   which applies the Component's `spec.workflow` itself.
 */
export type DefaultsSource = 'component' | 'none' | 'server';

export function defaultsSourceOf(
  component: ComponentDetail | undefined,
): DefaultsSource {
  if (!component) return 'server';
  return component.workflow ? 'component' : 'none';
}

/** The repository values the form edits: the override both generations take. */
export type RepositoryRole = Exclude<RepositoryFieldRole, 'secretRef'>;

/** The repository inputs, by role; '' is an empty input. */
export type RepositoryInputs = Record<RepositoryRole, string>;

export const REPOSITORY_ROLES: RepositoryRole[] = [
  'url',
  'branch',
  'commit',
  'appPath',
];

/** Where each role goes in the request: the generation-neutral `systemParameters.repository`. */
export const ROLE_PATHS: Record<RepositoryRole, string> = {
  url: REPOSITORY_URL_PATH,
  branch: BRANCH_PATH,
  commit: COMMIT_PATH,
  appPath: APP_PATH_PATH,
};

/** One input of the repository section. */
export interface RepositoryField {
  role: RepositoryRole;
  /** Its path in the request (`systemParameters.repository…`). */
  path: string;
  /** Where the run carries the value: `path` (v0), the marked field in `parameters` (v1). */
  valuePath: string;
  schema: JsonSchema;
  required: boolean;
}

/**
 * The fields upstream's sample workflows mark (`samples/getting-started/ci-workflows/*.yaml@v1.2.3`):
 * where a v1 Component's repository is read from when its own workflow is not listed.
 */
export const SAMPLE_REPOSITORY_FIELDS: RepositoryFieldPaths = {
  url: 'repository.url',
  branch: 'repository.revision.branch',
  commit: 'repository.revision.commit',
  appPath: 'repository.appPath',
  secretRef: 'repository.secretRef',
};

/** The schema of the property at a dotted path, and whether its parent requires it. */
function schemaAt(
  root: JsonSchema | undefined,
  path: string,
): { schema: JsonSchema; required: boolean } | undefined {
  let node = root;
  let required = false;
  for (const key of path.split('.')) {
    const child = node?.properties?.[key];
    if (!child) return undefined;
    required = (node?.required ?? []).includes(key);
    node = child;
  }
  return node ? { schema: node, required } : undefined;
}

/**
 * The repository section. v0 (and while the workflow is unknown): the system parameters' four
 * fields; v1: the roles the workflow marks in its parameters (a role it does not mark is not
 * offered: the server would refuse it).
 */
export function repositoryFieldsFor(
  workflow: ComponentWorkflowSummary | undefined,
): RepositoryField[] {
  const fields: RepositoryField[] = [];
  for (const role of REPOSITORY_ROLES) {
    const path = ROLE_PATHS[role];
    if (workflow?.generation === 'v1') {
      const marked = workflow.repositoryFields?.[role];
      const found = marked && schemaAt(workflow.parametersSchema, marked);
      if (marked && found)
        fields.push({
          role,
          path,
          valuePath: `parameters.${marked}`,
          ...found,
        });
    } else {
      const schema =
        workflow?.systemParametersSchema ?? FIXED_SYSTEM_PARAMETERS;
      const inner = path.replace(/^systemParameters\./, '');
      const found = schemaAt(schema, inner) ?? { schema: {}, required: false };
      // The schema says `revision` is required, not the branch inside it: a branch is needed.
      fields.push({ role, path, valuePath: path, ...found });
    }
  }
  return fields;
}

/**
 * The repository a Component builds, in the override's shape: v0 `systemParameters.repository`;
 * v1 read from its `parameters` through the fields its workflow marks (the samples' fields when
 * that workflow is not listed).
 */
export function componentRepositoryOf(
  defaults: RunWorkflowConfig | undefined,
  markedFields: RepositoryFieldPaths | undefined,
): RunRepository {
  if (!defaults) return {};
  if (defaults.systemParameters?.repository) {
    const r = defaults.systemParameters.repository;
    return {
      url: r.url,
      branch: r.revision?.branch,
      commit: r.revision?.commit,
      appPath: r.appPath,
    };
  }
  return readRepositoryFields(
    defaults.parameters,
    markedFields ?? SAMPLE_REPOSITORY_FIELDS,
  );
}

/** The repository section's starting values: the component's, else the schema's defaults. */
export function repositoryBaseline(
  fields: RepositoryField[],
  componentRepository: RunRepository,
): RepositoryInputs {
  const baseline: RepositoryInputs = {
    url: '',
    branch: '',
    commit: '',
    appPath: '',
  };
  for (const field of fields) {
    const value = componentRepository[field.role] ?? field.schema.default;
    baseline[field.role] = value === undefined ? '' : String(value);
  }
  return baseline;
}

/** The form's starting values. */
export interface FormStart {
  repository: RepositoryInputs;
  parameters: Record<string, unknown>;
}

/**
 * The form's starting values to run a run again with changes: the repository it built (v0
 * `systemParameters.repository`; v1 the fields its workflow marks) and `parameters`, already
 * merged over the schema's defaults by the caller (the run's own when its workflow is picked).
 */
export function formStartFromRun(options: {
  initial: RunWorkflowConfig;
  repositoryFields: RepositoryField[];
  /** The fields the run's workflow marks (v1); the samples' when that workflow is not listed. */
  markedFields: RepositoryFieldPaths | undefined;
  parameters: Record<string, unknown>;
}): FormStart {
  const { initial, repositoryFields, markedFields, parameters } = options;
  return {
    repository: repositoryBaseline(
      repositoryFields,
      componentRepositoryOf(initial, markedFields),
    ),
    parameters,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What `current` changes against `base`: objects key by key, anything else (arrays included,
 * which the server's merge replaces whole) when it differs. A value the user removed is not a
 * change (the server's merge cannot remove one). Undefined when nothing changed.
 */
export function changedValues(base: unknown, current: unknown): unknown {
  if (current === undefined) return undefined;
  if (isPlainObject(current)) {
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(current)) {
      const inner = changedValues(
        isPlainObject(base) ? base[key] : undefined,
        value,
      );
      if (inner !== undefined) changed[key] = inner;
    }
    return Object.keys(changed).length > 0 ? changed : undefined;
  }
  return deepEquals(base, current) ? undefined : current;
}

/** A copy of `values` without the values at `paths` (dotted), and objects left empty by that. */
export function withoutPaths(
  values: Record<string, unknown>,
  paths: string[],
): Record<string, unknown> {
  if (paths.length === 0) return values;
  const copy = structuredClone(values);
  for (const path of paths) {
    const keys = path.split('.');
    const parents: Array<Record<string, unknown>> = [copy];
    for (const key of keys.slice(0, -1)) {
      const next = parents[parents.length - 1][key];
      if (!isPlainObject(next)) break;
      parents.push(next);
    }
    if (parents.length !== keys.length) continue;
    delete parents[parents.length - 1][keys[keys.length - 1]];
    for (let i = parents.length - 1; i > 0; i -= 1) {
      if (Object.keys(parents[i]).length > 0) break;
      delete parents[i - 1][keys[i - 1]];
    }
  }
  return copy;
}

/** The request and the problems found while building it (an emptied required field). */
export interface BuiltRequest {
  request: CreateRunRequest;
  problems: FieldError[];
}

/**
 * Builds the request from what the user changed (`sendAll`: everything shown, when the server has
 * no component values to fall back to or would not apply them).
 */
export function buildRequest(options: {
  target: StartBuildTarget;
  choice: { workflow?: string; workflowKind?: WorkflowKind };
  repositoryFields: RepositoryField[];
  repository: RepositoryInputs;
  repositoryBaseline: RepositoryInputs;
  parameters: Record<string, unknown>;
  parametersBaseline: Record<string, unknown>;
  sendAll: boolean;
}): BuiltRequest {
  const hidden = options.repositoryFields
    .map(f => f.valuePath)
    .filter(p => p.startsWith('parameters.'))
    .map(p => p.slice('parameters.'.length));
  const { target, choice, sendAll } = options;
  const request: CreateRunRequest = { ...target };
  if (choice.workflow) request.workflow = choice.workflow;
  if (choice.workflow && choice.workflowKind)
    request.workflowKind = choice.workflowKind;
  const problems: FieldError[] = [];
  const override: RunRepository = {};
  for (const field of options.repositoryFields) {
    const input = options.repository[field.role];
    if (!sendAll && input === options.repositoryBaseline[field.role]) continue;
    if (input === '' && field.role !== 'commit') {
      // An emptied field would fall back to the component's value on the server: say so here.
      if (field.required)
        problems.push({ path: field.path, message: 'is required' });
      continue;
    }
    // An empty commit is a valid choice: the latest commit of the branch. It is sent as '' so
    // that it overrides the component's commit; the backend then drops it.
    override[field.role] = input;
  }
  const { url, branch, commit, appPath } = override;
  if ([url, branch, commit, appPath].some(v => v !== undefined)) {
    request.systemParameters = {
      repository: {
        ...(url !== undefined && { url }),
        ...((branch !== undefined || commit !== undefined) && {
          revision: {
            ...(branch !== undefined && { branch }),
            ...(commit !== undefined && { commit }),
          },
        }),
        ...(appPath !== undefined && { appPath }),
      },
    };
  }
  // v1: the marked repository fields travel as the override above, not as parameters.
  const shown = withoutPaths(options.parameters, hidden);
  const parameters = (
    sendAll
      ? changedValues(undefined, shown)
      : changedValues(withoutPaths(options.parametersBaseline, hidden), shown)
  ) as { [key: string]: JsonValue } | undefined;
  if (parameters) request.parameters = parameters;
  return { request, problems };
}

/** Where the problems of a request go in the form. */
export interface RoutedProblems {
  repository: Partial<Record<RepositoryRole, string>>;
  /** Paths relative to `parameters` (the rjsf form's data). */
  parameters: FieldError[];
  workflow?: string;
  general: string[];
}

const join = (shown: string | undefined, message: string) =>
  shown ? `${shown}; ${message}` : message;

/**
 * Sends each problem to its field: a repository field (by its request path or, v1, the marked
 * field's path), the workflow picker, or the parameters form; what names no field is general.
 */
export function routeProblems(
  problems: readonly FieldError[],
  repositoryFields: RepositoryField[],
): RoutedProblems {
  const routed: RoutedProblems = {
    repository: {},
    parameters: [],
    general: [],
  };
  for (const problem of problems) {
    const field = repositoryFields.find(
      f => f.path === problem.path || f.valuePath === problem.path,
    );
    if (field) {
      routed.repository[field.role] = join(
        routed.repository[field.role],
        problem.message,
      );
    } else if (problem.path === 'workflow' || problem.path === 'workflowKind') {
      routed.workflow = join(routed.workflow, problem.message);
    } else if (
      problem.path === 'parameters' ||
      problem.path.startsWith('parameters.')
    ) {
      routed.parameters.push({
        path: problem.path.replace(/^parameters\.?/, ''),
        message: problem.message,
      });
    } else {
      routed.general.push(`${problem.path}: ${problem.message}`);
    }
  }
  return routed;
}
