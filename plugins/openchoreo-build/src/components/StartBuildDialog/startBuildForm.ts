import {
  COMMIT_PATH,
  COMMIT_SHA_MESSAGE,
  COMMIT_SHA_PATTERN,
  REPOSITORY_URL_MESSAGE,
  REPOSITORY_URL_PATH,
  REPOSITORY_URL_PATTERN,
  type ComponentDetail,
  type RunWorkflowConfig,
  type ComponentWorkflowSummary,
  type CreateRunRequest,
  type JsonSchema,
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

/** The form's fields: the workflow's system parameters and parameters (the fixed set while unknown). */
export function fieldsFor(
  workflow: ComponentWorkflowSummary | undefined,
): SchemaField[] {
  if (!workflow)
    return schemaFields(FIXED_SYSTEM_PARAMETERS, 'systemParameters');
  return [
    ...schemaFields(workflow.systemParametersSchema, 'systemParameters'),
    ...schemaFields(workflow.parametersSchema, 'parameters'),
  ];
}

/**
 * The form's starting values: the component's values where the server would apply them (its
 * repository always; its parameters only for its own workflow), else the schema defaults.
 */
export function baselineFor(
  fields: SchemaField[],
  defaults: RunWorkflowConfig | undefined,
  workflowName: string,
): Record<string, string | boolean> {
  const sameWorkflow = Boolean(defaults && defaults.name === workflowName);
  const baseline: Record<string, string | boolean> = {};
  for (const field of fields) {
    const fromComponent =
      defaults && (sameWorkflow || field.path.startsWith('systemParameters.'))
        ? getAt(defaults, field.path)
        : undefined;
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
  workflow: string | undefined,
  fields: SchemaField[],
  inputs: Record<string, string | boolean>,
  baseline: Record<string, string | boolean>,
): { request: CreateRunRequest; errors: Record<string, string> } {
  const request: CreateRunRequest = { ...target };
  if (workflow) request.workflow = workflow;
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
      // (dropEmptyCommit), as the CRD wants the field absent.
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
  if (errors[COMMIT_PATH]) errors[COMMIT_PATH] = COMMIT_SHA_MESSAGE;
  if (errors[REPOSITORY_URL_PATH]?.startsWith('must match'))
    errors[REPOSITORY_URL_PATH] = REPOSITORY_URL_MESSAGE;
  return { request, errors };
}

/**
 * Where to show the problems of a failed create request: a 400 names its fields
 * (`parseFieldErrors`), and those the form shows (`knownFields`) go next to them; the rest, and
 * any other failure, go to the general error list under the form.
 */
export function fieldErrorsFor(
  error: unknown,
  knownFields: ReadonlySet<string>,
): { fields: Record<string, string>; general: string[] } {
  const message = errorMessage(error);
  if (errorStatus(error) !== 400) return { fields: {}, general: [message] };
  const parsed = parseFieldErrors(message);
  const fields: Record<string, string> = {};
  const general = [...parsed.general];
  for (const [path, problem] of Object.entries(parsed.fields)) {
    if (knownFields.has(path)) fields[path] = problem;
    else general.push(`${path}: ${problem}`);
  }
  // A 400 that names no field still needs saying.
  if (general.length === 0 && Object.keys(fields).length === 0)
    general.push(message);
  return { fields, general };
}
