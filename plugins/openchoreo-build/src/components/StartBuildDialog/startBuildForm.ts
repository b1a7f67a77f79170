import {
  APP_PATH_PATH,
  BRANCH_PATH,
  COMMIT_PATH,
  COMMIT_SHA_MESSAGE,
  COMMIT_SHA_PATTERN,
  REPOSITORY_URL_MESSAGE,
  REPOSITORY_URL_PATH,
  REPOSITORY_URL_PATTERN,
  readRepositoryFields,
  type ComponentDetail,
  type ComponentWorkflowSummary,
  type CreateRunRequest,
  type JsonSchema,
  type RepositoryFieldPaths,
  type RepositoryFieldRole,
  type RunRepository,
  type RunWorkflowConfig,
  type WorkflowKind,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  errorMessage,
  errorStatus,
  parseFieldErrors,
} from '../../api/fieldErrors';
import {
  fromInput,
  getAt,
  schemaFields,
  setAt,
  toInput,
  validateValue,
  type SchemaField,
} from './schemaValidation';

/*
 * The Start build form's rules, without React: which fields it shows, their starting values, the
 * request built from what the user changed, and where the server's objections go.
 */

/**
 * The system parameters every ComponentWorkflow has (OpenChoreo fixes them), with the run CRD's
 * rules; used while the component's own workflow is not known.
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
          description: 'Git repository URL',
        },
        revision: {
          type: 'object',
          properties: {
            branch: {
              type: 'string',
              minLength: 1,
              description: 'Git branch to build',
            },
            commit: {
              type: 'string',
              pattern: COMMIT_SHA_PATTERN,
              description:
                'Commit SHA; empty builds the latest commit of the branch',
            },
          },
        },
        appPath: {
          type: 'string',
          description: 'Path of the application in the repository',
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

/**
 * One input of the form: a schema leaf, the section it shows in, and the other paths a 400 may
 * name it by. `path` is where its value goes in the request.
 */
export interface FormField extends SchemaField {
  section: 'repository' | 'parameters';
  /** Paths besides `path` the server may report a problem at (v1: the marked field in `parameters`). */
  aliases: string[];
}

/**
 * Where the form puts each repository role of a v1 workflow: the generation-neutral override
 * `systemParameters.repository`, which the backend writes to the fields the workflow marks.
 */
const ROLE_PATHS: Record<Exclude<RepositoryFieldRole, 'secretRef'>, string> = {
  url: REPOSITORY_URL_PATH,
  branch: BRANCH_PATH,
  commit: COMMIT_PATH,
  appPath: APP_PATH_PATH,
};
/** What each repository role is called, in the form and the Workflows page. */
export const REPOSITORY_ROLE_LABELS: Record<RepositoryFieldRole, string> = {
  url: 'Repository URL',
  branch: 'Branch',
  commit: 'Commit',
  appPath: 'App path',
  secretRef: 'Git credentials secret',
};

const ROLE_ORDER: RepositoryFieldRole[] = [
  'url',
  'branch',
  'commit',
  'appPath',
  'secretRef',
];

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

const v0Field = (field: SchemaField): FormField => ({
  ...field,
  section: field.path.startsWith('systemParameters.')
    ? 'repository'
    : 'parameters',
  aliases: [],
});

/**
 * The fields of a v1 workflow: its `parameters` schema, with the fields marked as repository
 * roles first (url, branch, commit, app path, then the credentials secret) under Repository. The
 * four override roles take their `systemParameters.repository` path, so the request carries them
 * as the override (and an emptied commit works as in v0); the secret reference stays a parameter.
 */
function v1Fields(workflow: ComponentWorkflowSummary): FormField[] {
  const marked = workflow.repositoryFields ?? {};
  const roleOf = new Map<string, RepositoryFieldRole>();
  for (const role of ROLE_ORDER) {
    const path = marked[role];
    if (path) roleOf.set(`parameters.${path}`, role);
  }
  const repository: Array<FormField & { role: RepositoryFieldRole }> = [];
  const rest: FormField[] = [];
  for (const field of schemaFields(workflow.parametersSchema, 'parameters')) {
    const role = roleOf.get(field.path);
    if (!role) {
      rest.push({ ...field, section: 'parameters', aliases: [] });
    } else if (role === 'secretRef') {
      repository.push({
        ...field,
        role,
        label: field.schema.title ?? REPOSITORY_ROLE_LABELS.secretRef,
        section: 'repository',
        aliases: [],
      });
    } else {
      repository.push({
        ...field,
        role,
        path: ROLE_PATHS[role],
        section: 'repository',
        aliases: [field.path],
      });
    }
  }
  repository.sort(
    (a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role),
  );
  return [...repository.map(({ role: _role, ...field }) => field), ...rest];
}

/**
 * The form's fields. v0: the workflow's system parameters (the repository) and parameters; v1:
 * its parameters, the marked repository fields first. While the workflow is unknown, the fixed
 * repository fields: the override both generations take.
 */
export function fieldsFor(
  workflow: ComponentWorkflowSummary | undefined,
): FormField[] {
  if (!workflow)
    return schemaFields(FIXED_SYSTEM_PARAMETERS, 'systemParameters').map(
      v0Field,
    );
  if (workflow.generation === 'v1') return v1Fields(workflow);
  return [
    ...schemaFields(workflow.systemParametersSchema, 'systemParameters'),
    ...schemaFields(workflow.parametersSchema, 'parameters'),
  ].map(v0Field);
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

const ROLE_BY_PATH = new Map(
  Object.entries(ROLE_PATHS).map(([role, path]) => [
    path,
    role as keyof typeof ROLE_PATHS,
  ]),
);

/**
 * The form's starting values: the component's values where the server would apply them (its
 * repository always; its parameters only for its own workflow), else the schema defaults.
 */
export function baselineFor(
  fields: FormField[],
  defaults: RunWorkflowConfig | undefined,
  options: { sameWorkflow: boolean; componentRepository: RunRepository },
): Record<string, string | boolean> {
  const { sameWorkflow, componentRepository } = options;
  const baseline: Record<string, string | boolean> = {};
  for (const field of fields) {
    const role = ROLE_BY_PATH.get(field.path);
    let fromComponent: unknown;
    if (defaults && sameWorkflow) {
      fromComponent = getAt(defaults, field.aliases[0] ?? field.path);
    } else if (defaults && role) {
      fromComponent = componentRepository[role];
    }
    baseline[field.path] = toInput(
      field,
      fromComponent !== undefined ? fromComponent : field.schema.default,
    );
  }
  return baseline;
}

/** Builds the request from the fields the user changed, or the problems found in them. */
export function buildRequest(
  target: StartBuildTarget,
  choice: { workflow?: string; workflowKind?: WorkflowKind },
  fields: FormField[],
  inputs: Record<string, string | boolean>,
  baseline: Record<string, string | boolean>,
): { request: CreateRunRequest; errors: Record<string, string> } {
  const request: CreateRunRequest = { ...target };
  if (choice.workflow) request.workflow = choice.workflow;
  if (choice.workflow && choice.workflowKind)
    request.workflowKind = choice.workflowKind;
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const input = inputs[field.path];
    if (input === undefined || input === baseline[field.path]) continue;
    const { value, error } = fromInput(field, input);
    if (error) {
      errors[field.path] = error;
      continue;
    }
    if (value === undefined) {
      // An empty commit is a valid choice (see isCommitSha): the latest commit of the branch. It
      // is sent as '' so that it overrides the component's commit; the backend then drops it
      // (dropEmptyCommit; for v1 writeRepositoryFields), as the CRD wants the field absent.
      if (field.path === COMMIT_PATH)
        setAt(request as unknown as Record<string, unknown>, field.path, '');
      else if (field.required) errors[field.path] = 'is required';
      continue;
    }
    const problems = validateValue(field.schema, value, field.path);
    if (Object.keys(problems).length > 0) {
      Object.assign(errors, problems);
      continue;
    }
    setAt(request as unknown as Record<string, unknown>, field.path, value);
  }
  // The shared wording rather than the schema's raw "must match pattern …".
  if (errors[COMMIT_PATH]?.startsWith('must match'))
    errors[COMMIT_PATH] = COMMIT_SHA_MESSAGE;
  if (errors[REPOSITORY_URL_PATH]?.startsWith('must match'))
    errors[REPOSITORY_URL_PATH] = REPOSITORY_URL_MESSAGE;
  return { request, errors };
}

/**
 * Which form field each path of a server's objection belongs to: a field's own path and its
 * aliases (v1: the marked field inside `parameters`), plus `extra` (e.g. `workflow`).
 */
export function errorRoutes(
  fields: FormField[],
  extra: Record<string, string> = {},
): Map<string, string> {
  const routes = new Map(Object.entries(extra));
  for (const field of fields) {
    routes.set(field.path, field.path);
    for (const alias of field.aliases) routes.set(alias, field.path);
  }
  return routes;
}

/** The field a problem's path belongs to, and where inside it when the field is edited whole. */
function routeOf(
  path: string,
  routes: ReadonlyMap<string, string>,
): { field: string; within?: string } | undefined {
  const exact = routes.get(path);
  if (exact) return { field: exact };
  // A problem inside a field the form edits whole (JSON or a list), e.g. `parameters.buildEnv.0.name`.
  let best: string | undefined;
  for (const key of routes.keys()) {
    if (path.startsWith(`${key}.`) && (!best || key.length > best.length))
      best = key;
  }
  return best
    ? { field: routes.get(best)!, within: path.slice(best.length + 1) }
    : undefined;
}

/**
 * Where to show the problems of a failed create request: a 400 names its fields
 * (`parseFieldErrors`), and those the form shows (`routes`, see {@link errorRoutes}) go next to
 * them; the rest, and any other failure, go to the general error list under the form.
 */
export function fieldErrorsFor(
  error: unknown,
  routes: ReadonlyMap<string, string>,
): { fields: Record<string, string>; general: string[] } {
  const message = errorMessage(error);
  if (errorStatus(error) !== 400) return { fields: {}, general: [message] };
  const parsed = parseFieldErrors(message);
  const fields: Record<string, string> = {};
  const general = [...parsed.general];
  for (const [path, problem] of Object.entries(parsed.fields)) {
    const route = routeOf(path, routes);
    if (!route) {
      general.push(`${path}: ${problem}`);
      continue;
    }
    const text = route.within ? `${route.within}: ${problem}` : problem;
    const shown = fields[route.field];
    fields[route.field] = shown ? `${shown}; ${text}` : text;
  }
  // A 400 that names no field still needs saying.
  if (general.length === 0 && Object.keys(fields).length === 0)
    general.push(message);
  return { fields, general };
}
