import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
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
import { errorMessage, errorStatus } from '../../api/fieldErrors';
import { useComponent } from '../../hooks/useComponent';
import { useComponentWorkflows } from '../../hooks/useWorkflows';
import { ErrorState } from '../common/ErrorState';
import { SchemaFieldInput } from './SchemaFieldInput';
import type { SchemaField } from './schemaValidation';
import {
  baselineFor,
  buildRequest,
  componentRepositoryOf,
  defaultsSourceOf,
  errorRoutes,
  fieldErrorsFor,
  fieldsFor,
  type StartBuildTarget,
} from './startBuildForm';
import {
  componentWorkflowKey,
  parseWorkflowKey,
  workflowKey,
  workflowLabel,
} from './workflowChoice';

export type { StartBuildTarget } from './startBuildForm';

/** Props of {@link StartBuildDialog}. */
export interface StartBuildDialogProps {
  open: boolean;
  onClose: () => void;
  /** The component to build; its `spec.workflow` (read when the dialog opens) gives the defaults. */
  target: StartBuildTarget;
  onStarted: (run: RunSummary) => void;
}

/**
 * The workflow select's value for "name no workflow in the request": the server then runs the
 * component's own `spec.workflow`. When the component has none, it stands for "not chosen yet".
 */
const COMPONENT_WORKFLOW = '';
const WORKFLOW_PATH = 'workflow';

/**
 * Starts a build: a form generated from the workflow's JSON Schemas (system parameters with the
 * branch/commit override, and the workflow's parameters), prefilled from the Component's
 * `spec.workflow`, validated as the server does, with the server's field errors shown on the
 * fields they name. On a v1 organization the picker lists Workflows and ClusterWorkflows and the
 * repository is the group of fields the workflow marks, sent as the repository override.
 */
export const StartBuildDialog = (props: StartBuildDialogProps) => {
  const { open, onClose, target, onStarted } = props;
  const api = useApi(openChoreoBuildApiRef);
  const workflows = useComponentWorkflows(target, open);
  const component = useComponent(target, open);
  const componentMissing = errorStatus(component.error) === 404;
  const source = defaultsSourceOf(component.value);
  const defaults = component.value?.workflow;
  const listed = workflows.value?.items ?? [];
  // The Component says which generation; when it could not be read, the workflows it may use do.
  const generation =
    component.value?.generation ?? listed[0]?.generation ?? 'v0';
  const componentKey = componentWorkflowKey(defaults, generation);
  // The picker's value: a workflow name (v0) or `<kind>/<name>` (v1), see workflowChoice.ts.
  const [workflowName, setWorkflowName] = useState<string>(
    componentKey || COMPONENT_WORKFLOW,
  );
  const [inputs, setInputs] = useState<Record<string, string | boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (open) setWorkflowName(componentKey || COMPONENT_WORKFLOW);
  }, [open, componentKey]);

  const workflow = listed.find(w => workflowKey(w) === workflowName);
  const componentWorkflow = listed.find(w => workflowKey(w) === componentKey);
  const fields = useMemo(() => fieldsFor(workflow), [workflow]);
  const sameAsComponent = Boolean(defaults && componentKey === workflowName);
  const componentRepository = useMemo(
    () => componentRepositoryOf(defaults, componentWorkflow?.repositoryFields),
    [defaults, componentWorkflow],
  );
  const baseline = useMemo(
    () =>
      baselineFor(fields, defaults, {
        sameWorkflow: sameAsComponent,
        componentRepository,
      }),
    [fields, defaults, sameAsComponent, componentRepository],
  );
  // v1 applies the Component's parameters only to runs of its own workflow: for another one,
  // every value shown (the repository prefilled from the Component) is sent.
  const sendAll =
    source === 'none' ||
    (generation === 'v1' && !sameAsComponent && Boolean(workflowName));

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
      parseWorkflowKey(workflowName, generation),
      fields,
      inputs,
      // Without a workflow configuration on the component the server has nothing to fall back
      // to: send every value the form shows (and check the required ones here).
      sendAll ? {} : baseline,
    );
    if (source === 'none' && !workflowName) {
      problems[
        WORKFLOW_PATH
      ] = `is required: ${target.component} has no workflow configuration`;
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
      const refused = fieldErrorsFor(
        error,
        errorRoutes(fields, {
          [WORKFLOW_PATH]: WORKFLOW_PATH,
          workflowKind: WORKFLOW_PATH,
        }),
      );
      // Only a 400 replaces the field errors; other failures keep what the fields show.
      if (errorStatus(error) === 400) setErrors(refused.fields);
      setGeneral(refused.general);
    } finally {
      setSubmitting(false);
    }
  };

  const repositoryFields = fields.filter(f => f.section === 'repository');
  const parameterFields = fields.filter(f => f.section === 'parameters');
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
    workflowHelp =
      "Values you leave unchanged come from the component's workflow configuration.";
  } else if (generation === 'v1') {
    workflowHelp =
      "A different workflow than the component uses: its parameters start from the workflow defaults, the repository from the component's; every value below is sent as shown.";
  } else {
    workflowHelp =
      'A different workflow than the component uses: its parameters start from the workflow defaults; the repository still comes from the component.';
  }
  const unlistedDefault =
    defaults && !componentWorkflow ? componentKey : undefined;
  const componentLoading =
    component.loading || (open && !component.value && !component.error);
  // The first render after opening comes before the load starts.
  const workflowsLoading =
    workflows.loading || (open && !workflows.value && !workflows.error);

  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="md"
      aria-labelledby="start-build-title"
    >
      <DialogTitle id="start-build-title">
        Start a build of {target.component}
      </DialogTitle>
      <DialogContent dividers>
        {(workflowsLoading || componentLoading) && <Progress />}
        {workflows.error && (
          <ErrorState error={workflows.error} retry={workflows.retry} />
        )}
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
            action={
              <Button color="inherit" size="small" onClick={component.retry}>
                Try again
              </Button>
            }
          >
            Could not read the build defaults of {target.component}:{' '}
            {errorMessage(component.error)}. The form is not prefilled; values
            you leave unchanged come from the component's workflow configuration
            on the server.
          </Alert>
        )}
        {source === 'none' && (
          <Alert
            severity="info"
            sx={{ mb: 1 }}
            data-testid="component-has-no-workflow"
          >
            {target.component} has no workflow configuration (
            <code>spec.workflow</code>), so nothing is prefilled: choose a
            workflow and give the repository to build.
          </Alert>
        )}
        {workflows.value && !componentLoading && !componentMissing && (
          <Box
            component="form"
            noValidate
            onSubmit={e => {
              e.preventDefault();
              void submit();
            }}
          >
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
                <MenuItem value={COMPONENT_WORKFLOW}>
                  The component's workflow
                </MenuItem>
              )}
              {source === 'none' && (
                <MenuItem value={COMPONENT_WORKFLOW} disabled>
                  Choose a workflow
                </MenuItem>
              )}
              {unlistedDefault && (
                <MenuItem value={unlistedDefault}>
                  {generation === 'v1'
                    ? `${defaults?.name} · ${unlistedDefault.split('/')[0]}`
                    : unlistedDefault}{' '}
                  (not found in {target.namespace})
                </MenuItem>
              )}
              {listed.map(w => (
                <MenuItem key={workflowKey(w)} value={workflowKey(w)}>
                  {workflowLabel(w)}
                  {w.ready ? '' : ' (secrets not ready)'}
                </MenuItem>
              ))}
            </TextField>
            {workflow && !workflow.ready && (
              <Alert severity="warning" sx={{ my: 1 }}>
                Some secrets this workflow needs are not ready; the build may
                fail. See the Workflows page for the fix.
              </Alert>
            )}
            <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
              Repository
            </Typography>
            {repositoryFields.map(render)}
            {parameterFields.length > 0 && (
              <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
                Parameters
              </Typography>
            )}
            {parameterFields.map(render)}
            {!workflow &&
              workflowName === COMPONENT_WORKFLOW &&
              source === 'server' && (
                <Typography variant="body2" sx={{ mt: 1 }}>
                  Pick a workflow to change its parameters.
                </Typography>
              )}
            <button type="submit" hidden aria-hidden tabIndex={-1} />
          </Box>
        )}
        {general.length > 0 && (
          <Alert
            severity="error"
            sx={{ mt: 2 }}
            data-testid="start-build-error"
          >
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
          disabled={
            submitting ||
            !workflows.value ||
            componentLoading ||
            componentMissing
          }
        >
          {submitting ? 'Starting…' : 'Start build'}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
