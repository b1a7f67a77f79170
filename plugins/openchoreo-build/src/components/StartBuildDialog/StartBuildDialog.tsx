import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
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
  target: StartBuildTarget;
  /** The component's workflow configuration when known (e.g. from its latest run): the form's defaults. */
  defaults?: ComponentWorkflowRunConfig;
  onStarted: (run: RunSummary) => void;
}

const DEFAULT_WORKFLOW = '';

function fieldsFor(workflow: ComponentWorkflowSummary | undefined): SchemaField[] {
  if (!workflow) return schemaFields(FIXED_SYSTEM_PARAMETERS, 'systemParameters');
  return [
    ...schemaFields(workflow.systemParametersSchema, 'systemParameters'),
    ...schemaFields(workflow.parametersSchema, 'parameters'),
  ];
}

function baselineFor(
  fields: SchemaField[],
  defaults: ComponentWorkflowRunConfig | undefined,
): Record<string, string | boolean> {
  const baseline: Record<string, string | boolean> = {};
  for (const field of fields) {
    const known = defaults ? getAt(defaults, field.path) : undefined;
    baseline[field.path] = toInput(field, known !== undefined ? known : field.schema.default);
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
 * branch/commit override, and the workflow's parameters), validated as the server does, with the
 * server's field errors shown on the fields they name.
 */
export const StartBuildDialog = (props: StartBuildDialogProps) => {
  const { open, onClose, target, defaults, onStarted } = props;
  const api = useApi(openChoreoBuildApiRef);
  const workflows = useWorkflows(target.namespace);
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
    () => baselineFor(fields, sameAsComponent ? defaults : undefined),
    [fields, defaults, sameAsComponent],
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
      baseline,
    );
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
        const known = new Set(fields.map(f => f.path));
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

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="md" aria-labelledby="start-build-title">
      <DialogTitle id="start-build-title">
        Start a build of {target.component}
      </DialogTitle>
      <DialogContent dividers>
        {workflows.loading && <Progress />}
        {workflows.error && <ErrorState error={workflows.error} retry={workflows.retry} />}
        {workflows.value && (
          <Box component="form" noValidate onSubmit={e => { e.preventDefault(); void submit(); }}>
            <TextField
              select
              label="Workflow"
              value={workflowName}
              SelectProps={{ displayEmpty: true }}
              InputLabelProps={{ shrink: true }}
              onChange={event => setWorkflowName(event.target.value)}
              fullWidth
              size="small"
              margin="dense"
              helperText={
                sameAsComponent || !workflowName
                  ? 'Values you leave unchanged come from the component\'s workflow configuration.'
                  : 'A different workflow than the component uses: its parameters start from the workflow defaults.'
              }
            >
              {!defaults && (
                <MenuItem value={DEFAULT_WORKFLOW}>The component's workflow</MenuItem>
              )}
              {workflows.value.items.map(w => (
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
            {!workflow && workflowName === DEFAULT_WORKFLOW && (
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
          disabled={submitting || !workflows.value}
        >
          {submitting ? 'Starting…' : 'Start build'}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
