import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ComponentDetail,
  ComponentWorkflowRunConfig,
  ComponentWorkflowSummary,
  CreateRunRequest,
  JsonSchema,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import { openChoreoBuildApiRef } from '../../api';
import { errorMessage, errorStatus, parseFieldErrors } from '../../api/fieldErrors';
import { useComponent } from '../../hooks/useComponent';
import { useWorkflows } from '../../hooks/usePlatform';
import { ErrorState } from '../common/ErrorState';
import { SchemaFieldInput } from './SchemaFieldInput';
import {
  fromInput,
  getAt,
  schemaFields,
  setAt,
  toInput,
  validateValue,
  type SchemaField,
} from './schemaValidation';

export const COMMIT_PATH = 'systemParameters.repository.revision.commit';
const COMMIT_MESSAGE = 'must be a commit SHA of 7 to 40 hex digits (or empty for the latest)';
const URL_PATH = 'systemParameters.repository.url';

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
        url: { type: 'string', pattern: '^https?://', description: 'Git repository URL' },
        revision: {
          type: 'object',
          properties: {
            branch: { type: 'string', minLength: 1, description: 'Git branch to build' },
            commit: {
              type: 'string',
              pattern: '^[0-9a-fA-F]{7,40}$',
              description: 'Commit SHA; empty builds the latest commit of the branch',
            },
          },
        },
        appPath: { type: 'string', description: 'Path of the application in the repository' },
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

/** Props of {@link StartBuildDialog}. */
export interface StartBuildDialogProps {
  open: boolean;
  onClose: () => void;
  /** The component to build; its `spec.workflow` (read when the dialog opens) gives the defaults. */
  target: StartBuildTarget;
  onStarted: (run: RunSummary) => void;
}

const DEFAULT_WORKFLOW = '';
const WORKFLOW_PATH = 'workflow';

/**
 * Where the form's defaults come from:
 * - `component`: the Component's `spec.workflow` (the normal case);
 * - `none`: the Component names no workflow: the user picks one and every shown value is sent;
 * - `server`: the Component could not be read (not a 404): unchanged values are left to the server,
 *   which applies the Component's `spec.workflow` itself.
 */
export type DefaultsSource = 'component' | 'none' | 'server';

export function defaultsSourceOf(component: ComponentDetail | undefined): DefaultsSource {
  if (!component) return 'server';
  return component.workflow ? 'component' : 'none';
}

function fieldsFor(workflow: ComponentWorkflowSummary | undefined): SchemaField[] {
  if (!workflow) return schemaFields(FIXED_SYSTEM_PARAMETERS, 'systemParameters');
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
  defaults: ComponentWorkflowRunConfig | undefined,
  workflowName: string,
): Record<string, string | boolean> {
  const sameWorkflow = Boolean(defaults && defaults.name === workflowName);
  const baseline: Record<string, string | boolean> = {};
  for (const field of fields) {
    const fromComponent =
      defaults && (sameWorkflow || field.path.startsWith('systemParameters.'))
        ? getAt(defaults, field.path)
        : undefined;
    baseline[field.path] = toInput(field, fromComponent !== undefined ? fromComponent : field.schema.default);
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
      // An empty commit means "the latest commit of the branch".
      if (field.path === COMMIT_PATH) setAt(request as unknown as Record<string, unknown>, field.path, '');
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
  if (errors[COMMIT_PATH]) errors[COMMIT_PATH] = COMMIT_MESSAGE;
  if (errors[URL_PATH]?.startsWith('must match')) errors[URL_PATH] = 'must be an http(s) URL';
  return { request, errors };
}

/**
 * Starts a build: a form generated from the workflow's JSON Schemas (system parameters with the
 * branch/commit override, and the workflow's parameters), prefilled from the Component's
 * `spec.workflow`, validated as the server does, with the server's field errors shown on the
 * fields they name.
 */
export const StartBuildDialog = (props: StartBuildDialogProps) => {
  const { open, onClose, target, onStarted } = props;
  const api = useApi(openChoreoBuildApiRef);
  const workflows = useWorkflows(target.namespace);
  const component = useComponent(target, open);
  const componentMissing = errorStatus(component.error) === 404;
  const source = defaultsSourceOf(component.value);
  const defaults = component.value?.workflow;
  const [workflowName, setWorkflowName] = useState<string>(defaults?.name ?? DEFAULT_WORKFLOW);
  const [inputs, setInputs] = useState<Record<string, string | boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (open) setWorkflowName(defaults?.name ?? DEFAULT_WORKFLOW);
  }, [open, defaults?.name]);

  const workflow = workflows.value?.items.find(w => w.name === workflowName);
  const fields = useMemo(() => fieldsFor(workflow), [workflow]);
  const sameAsComponent = Boolean(defaults && defaults.name === workflowName);
  const baseline = useMemo(
    () => baselineFor(fields, defaults, workflowName),
    [fields, defaults, workflowName],
  );

  useEffect(() => {
    setInputs(baseline);
    setErrors({});
    setGeneral([]);
  }, [baseline, open]);

  const setInput = (path: string, value: string | boolean) => {
    setInputs(current => ({ ...current, [path]: value }));
    setErrors(({ [path]: _dropped, ...rest }) => rest);
  };

  const submit = async () => {
    const { request, errors: problems } = buildRequest(
      target,
      workflowName || undefined,
      fields,
      inputs,
      // Without a workflow configuration on the component the server has nothing to fall back
      // to: send every value the form shows (and check the required ones here).
      source === 'none' ? {} : baseline,
    );
    if (source === 'none' && !workflowName) {
      problems[WORKFLOW_PATH] = `is required: ${target.component} has no workflow configuration`;
    }
    setGeneral([]);
    if (Object.keys(problems).length > 0) {
      setErrors(problems);
      return;
    }
    setSubmitting(true);
    try {
      const run = await api.createRun(request);
      onStarted(run);
    } catch (error) {
      const message = errorMessage(error);
      if (errorStatus(error) === 400) {
        const parsed = parseFieldErrors(message);
        const known = new Set([WORKFLOW_PATH, ...fields.map(f => f.path)]);
        const onFields: Record<string, string> = {};
        const elsewhere = [...parsed.general];
        for (const [path, problem] of Object.entries(parsed.fields)) {
          if (known.has(path)) onFields[path] = problem;
          else elsewhere.push(`${path}: ${problem}`);
        }
        setErrors(onFields);
        if (elsewhere.length > 0) setGeneral(elsewhere);
        else if (Object.keys(onFields).length === 0) setGeneral([message]);
      } else {
        setGeneral([message]);
      }
    } finally {
      setSubmitting(false);
    }
  };

  const systemFields = fields.filter(f => f.path.startsWith('systemParameters.'));
  const parameterFields = fields.filter(f => f.path.startsWith('parameters.'));
  const render = (field: SchemaField) => (
    <SchemaFieldInput
      key={field.path}
      field={field}
      value={inputs[field.path] ?? ''}
      error={errors[field.path]}
      onChange={value => setInput(field.path, value)}
    />
  );

  let workflowHelp: string;
  if (source === 'none') {
    workflowHelp = workflowName
      ? 'Nothing comes from the component: every value below is sent as shown.'
      : 'This component names no workflow: choose the one to run.';
  } else if (sameAsComponent || !workflowName) {
    workflowHelp = "Values you leave unchanged come from the component's workflow configuration.";
  } else {
    workflowHelp =
      'A different workflow than the component uses: its parameters start from the workflow defaults; the repository still comes from the component.';
  }
  const listed = workflows.value?.items ?? [];
  const unlistedDefault = defaults && !listed.some(w => w.name === defaults.name) ? defaults.name : undefined;
  const componentLoading = component.loading || (open && !component.value && !component.error);

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="md" aria-labelledby="start-build-title">
      <DialogTitle id="start-build-title">
        Start a build of {target.component}
      </DialogTitle>
      <DialogContent dividers>
        {(workflows.loading || componentLoading) && <Progress />}
        {workflows.error && <ErrorState error={workflows.error} retry={workflows.retry} />}
        {component.error && componentMissing && (
          <ErrorState
            error={component.error}
            retry={component.retry}
            title={`Cannot build ${target.component}`}
          />
        )}
        {component.error && !componentMissing && (
          <Alert
            severity="warning"
            sx={{ mb: 1 }}
            data-testid="component-defaults-unavailable"
            action={<Button color="inherit" size="small" onClick={component.retry}>Try again</Button>}
          >
            Could not read the build defaults of {target.component}: {errorMessage(component.error)}. The form is
            not prefilled; values you leave unchanged come from the component's workflow configuration on
            the server.
          </Alert>
        )}
        {source === 'none' && (
          <Alert severity="info" sx={{ mb: 1 }} data-testid="component-has-no-workflow">
            {target.component} has no workflow configuration (<code>spec.workflow</code>), so nothing is
            prefilled: choose a workflow and give the repository to build.
          </Alert>
        )}
        {workflows.value && !componentLoading && !componentMissing && (
          <Box component="form" noValidate onSubmit={e => { e.preventDefault(); void submit(); }}>
            <TextField
              select
              label="Workflow"
              value={workflowName}
              SelectProps={{ displayEmpty: true }}
              InputLabelProps={{ shrink: true }}
              onChange={event => {
                setWorkflowName(event.target.value);
                setErrors(({ [WORKFLOW_PATH]: _dropped, ...rest }) => rest);
              }}
              fullWidth
              size="small"
              margin="dense"
              required={source === 'none'}
              error={Boolean(errors[WORKFLOW_PATH])}
              helperText={errors[WORKFLOW_PATH] ?? workflowHelp}
            >
              {source === 'server' && (
                <MenuItem value={DEFAULT_WORKFLOW}>The component's workflow</MenuItem>
              )}
              {source === 'none' && (
                <MenuItem value={DEFAULT_WORKFLOW} disabled>
                  Choose a workflow
                </MenuItem>
              )}
              {unlistedDefault && (
                <MenuItem value={unlistedDefault}>{unlistedDefault} (not found in {target.namespace})</MenuItem>
              )}
              {listed.map(w => (
                <MenuItem key={w.name} value={w.name}>
                  {w.displayName ?? w.name}
                  {w.ready ? '' : ' (secrets not ready)'}
                </MenuItem>
              ))}
            </TextField>
            {workflow && !workflow.ready && (
              <Alert severity="warning" sx={{ my: 1 }}>
                Some secrets this workflow needs are not ready; the build may fail. See the
                Workflows page for the fix.
              </Alert>
            )}
            <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
              Repository
            </Typography>
            {systemFields.map(render)}
            {parameterFields.length > 0 && (
              <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
                Parameters
              </Typography>
            )}
            {parameterFields.map(render)}
            {!workflow && workflowName === DEFAULT_WORKFLOW && source === 'server' && (
              <Typography variant="body2" sx={{ mt: 1 }}>
                Pick a workflow to change its parameters.
              </Typography>
            )}
            <button type="submit" hidden aria-hidden tabIndex={-1} />
          </Box>
        )}
        {general.length > 0 && (
          <Alert severity="error" sx={{ mt: 2 }} data-testid="start-build-error">
            {general.map(line => (
              <div key={line}>{line}</div>
            ))}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          onClick={() => void submit()}
          disabled={submitting || !workflows.value || componentLoading || componentMissing}
        >
          {submitting ? 'Starting…' : 'Start build'}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
