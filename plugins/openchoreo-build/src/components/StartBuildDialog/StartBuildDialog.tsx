import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  uniqueFieldErrors,
  type FieldError,
  type RunSummary,
  type RunWorkflowConfig,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { getDefaultFormState, type RJSFSchema } from '@rjsf/utils';
import { useEffect, useMemo, useState } from 'react';
import { openChoreoBuildApiRef } from '../../api';
import {
  errorMessage,
  errorStatus,
  fieldErrorsOf,
} from '../../api/fieldErrors';
import { useComponent } from '../../hooks/useComponent';
import { useComponentWorkflows } from '../../hooks/useWorkflows';
import { openchoreoBuildTranslationRef } from '../../translation';
import { ErrorState } from '../common/ErrorState';
import { ParametersForm } from './ParametersForm';
import { parametersValidator } from './parametersValidator';
import { RepositorySection } from './RepositorySection';
import { previewRun } from './runPreview';
import { RunPreviewSection } from './RunPreviewSection';
import {
  buildRequest,
  componentRepositoryOf,
  defaultsSourceOf,
  formStartFromRun,
  repositoryBaseline,
  repositoryFieldsFor,
  routeProblems,
  type RepositoryInputs,
  type RepositoryRole,
  type StartBuildTarget,
} from './startBuildForm';
import { keepUnchanged, shownErrors } from './parameterErrors';
import { WorkflowPicker, COMPONENT_WORKFLOW } from './WorkflowPicker';
import {
  componentWorkflowKey,
  parseWorkflowKey,
  workflowKey,
} from './workflowChoice';

export type { StartBuildTarget } from './startBuildForm';

/** Props of {@link StartBuildDialog}. */
export interface StartBuildDialogProps {
  open: boolean;
  onClose: () => void;
  /** The component to build; its `spec.workflow` (read when the dialog opens) gives the defaults. */
  target: StartBuildTarget;
  onStarted: (run: RunSummary) => void;
  /**
   * A run's `spec.workflow` to start again with changes: its workflow, repository and parameters
   * fill the form instead of the Component's (which stay the baseline of what is sent).
   */
  initial?: RunWorkflowConfig;
}

const NO_ERRORS: FieldError[] = [];

/**
 * Starts a build: the repository section (the override both generations take) and the workflow's
 * parameters as an rjsf form, prefilled from the Component's `spec.workflow`, checked by the rules
 * `POST /runs` uses (-common `parameters/`), with the server's field errors shown at their fields
 * and a YAML preview of the run. On a v1 organization the picker lists Workflows and
 * ClusterWorkflows and the repository is the group of fields the workflow marks.
 */
export const StartBuildDialog = (props: StartBuildDialogProps) => {
  const { open, onClose, target, onStarted, initial } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
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
  const initialKey = componentWorkflowKey(initial, generation);
  const startKey = initialKey || componentKey || COMPONENT_WORKFLOW;
  // The picker's value: a workflow name (v0) or `<kind>/<name>` (v1), see workflowChoice.ts.
  const [workflowName, setWorkflowName] = useState<string>(startKey);
  const [repository, setRepository] = useState<RepositoryInputs>({
    url: '',
    branch: '',
    commit: '',
    appPath: '',
  });
  const [parameters, setParameters] = useState<Record<string, unknown>>({});
  const [problems, setProblems] = useState<FieldError[]>(NO_ERRORS);
  const [general, setGeneral] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (open) setWorkflowName(startKey);
  }, [open, startKey]);

  const workflow = listed.find(w => workflowKey(w) === workflowName);
  const componentWorkflow = listed.find(w => workflowKey(w) === componentKey);
  const sameAsComponent = Boolean(defaults && componentKey === workflowName);
  const repositoryFields = useMemo(
    () => repositoryFieldsFor(workflow),
    [workflow],
  );
  const repositoryStart = useMemo(
    () =>
      repositoryBaseline(
        repositoryFields,
        componentRepositoryOf(defaults, componentWorkflow?.repositoryFields),
      ),
    [repositoryFields, defaults, componentWorkflow],
  );
  // The schema's defaults under the Component's values, which the server applies only to runs of
  // the Component's own workflow.
  const parametersStart = useMemo(
    () =>
      workflow
        ? ((getDefaultFormState(
            parametersValidator,
            workflow.parametersSchema as RJSFSchema,
            sameAsComponent ? structuredClone(defaults?.parameters ?? {}) : {},
          ) ?? {}) as Record<string, unknown>)
        : {},
    [workflow, sameAsComponent, defaults],
  );
  // v1 applies the Component's parameters only to runs of its own workflow: for another one,
  // every value shown (the repository prefilled from the Component) is sent.
  const sendAll =
    source === 'none' ||
    (generation === 'v1' && !sameAsComponent && Boolean(workflowName));

  // Re-run with changes: the run's values fill the form; the Component's stay the baseline above,
  // so what differs from the Component is sent and the new run builds what the old one did.
  const initialWorkflow = listed.find(w => workflowKey(w) === initialKey);
  const formStart = useMemo(
    () =>
      initial
        ? formStartFromRun({
            initial,
            repositoryFields,
            markedFields: initialWorkflow?.repositoryFields,
            parameters:
              workflow && initialKey === workflowName
                ? ((getDefaultFormState(
                    parametersValidator,
                    workflow.parametersSchema as RJSFSchema,
                    structuredClone(initial.parameters ?? {}),
                  ) ?? {}) as Record<string, unknown>)
                : parametersStart,
          })
        : { repository: repositoryStart, parameters: parametersStart },
    [
      initial,
      initialKey,
      initialWorkflow,
      workflow,
      workflowName,
      repositoryFields,
      repositoryStart,
      parametersStart,
    ],
  );

  useEffect(() => {
    setRepository(formStart.repository);
    setParameters(formStart.parameters);
    setProblems(NO_ERRORS);
    setGeneral([]);
  }, [formStart, open]);

  const built = useMemo(
    () =>
      buildRequest({
        target,
        choice: parseWorkflowKey(workflowName, generation),
        repositoryFields,
        repository,
        repositoryBaseline: repositoryStart,
        parameters,
        parametersBaseline: parametersStart,
        sendAll,
      }),
    [
      target,
      workflowName,
      generation,
      repositoryFields,
      repository,
      repositoryStart,
      parameters,
      parametersStart,
      sendAll,
    ],
  );
  const preview = useMemo(
    () =>
      previewRun({
        generation,
        request: built.request,
        workflow,
        defaults: source === 'component' ? defaults : undefined,
        componentKnown: source !== 'server',
      }),
    [generation, built, workflow, source, defaults],
  );
  const routed = useMemo(
    () => routeProblems(problems, repositoryFields),
    [problems, repositoryFields],
  );
  const parameterErrors = useMemo(
    () => shownErrors(routed.parameters, workflow?.parametersSchema),
    [routed, workflow],
  );

  const setRepositoryInput = (role: RepositoryRole, value: string) => {
    setRepository(current => ({ ...current, [role]: value }));
    const field = repositoryFields.find(f => f.role === role);
    setProblems(current =>
      current.filter(
        p => p.path !== field?.path && p.path !== field?.valuePath,
      ),
    );
  };
  const setParameterValues = (next: Record<string, unknown>) => {
    setProblems(current => keepUnchanged(current, parameters, next));
    setParameters(next);
  };

  const submit = async () => {
    const found = [...built.problems, ...preview.problems];
    if (source === 'none' && !workflowName) {
      found.push({
        path: 'workflow',
        message: t('startBuild.workflowRequired', {
          component: target.component,
        }),
      });
    }
    setGeneral([]);
    if (found.length > 0) {
      setProblems(uniqueFieldErrors(found));
      return;
    }
    setSubmitting(true);
    try {
      onStarted(await api.createRun(built.request));
    } catch (error) {
      const refused = fieldErrorsOf(error);
      // Only a 400 replaces the field errors; other failures keep what the fields show.
      if (errorStatus(error) === 400) setProblems(refused ?? NO_ERRORS);
      if (!refused) setGeneral([errorMessage(error)]);
    } finally {
      setSubmitting(false);
    }
  };

  const componentLoading =
    component.loading || (open && !component.value && !component.error);
  // The first render after opening comes before the load starts.
  const workflowsLoading =
    workflows.loading || (open && !workflows.value && !workflows.error);
  const generalShown = [
    ...general,
    ...routed.general,
    ...parameterErrors.general,
  ];

  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="md"
      aria-labelledby="start-build-title"
    >
      <DialogTitle id="start-build-title">
        {t('startBuild.dialogTitle', { component: target.component })}
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
            title={t('startBuild.cannotBuild', { component: target.component })}
          />
        )}
        {component.error && !componentMissing && (
          <Alert
            severity="warning"
            sx={{ mb: 1 }}
            data-testid="component-defaults-unavailable"
            action={
              <Button color="inherit" size="small" onClick={component.retry}>
                {t('startBuild.tryAgain')}
              </Button>
            }
          >
            {t('startBuild.defaultsUnavailable', {
              component: target.component,
              message: errorMessage(component.error),
            })}
          </Alert>
        )}
        {source === 'none' && (
          <Alert
            severity="info"
            sx={{ mb: 1 }}
            data-testid="component-has-no-workflow"
          >
            {t('startBuild.noWorkflowConfiguration', {
              component: target.component,
            })}
          </Alert>
        )}
        {workflows.value && !componentLoading && !componentMissing && (
          <Box>
            <WorkflowPicker
              value={workflowName}
              listed={listed}
              source={source}
              generation={generation}
              defaults={defaults}
              componentKey={componentKey}
              componentListed={Boolean(componentWorkflow)}
              sameAsComponent={sameAsComponent}
              namespace={target.namespace}
              error={routed.workflow}
              onChange={value => {
                setWorkflowName(value);
                setProblems(current =>
                  current.filter(
                    p => p.path !== 'workflow' && p.path !== 'workflowKind',
                  ),
                );
              }}
            />
            {workflow && !workflow.ready && (
              <Alert severity="warning" sx={{ my: 1 }}>
                {t('startBuild.secretsNotReady')}
              </Alert>
            )}
            <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
              {t('startBuild.repositoryHeading')}
            </Typography>
            <Box
              component="form"
              noValidate
              onSubmit={event => {
                event.preventDefault();
                void submit();
              }}
            >
              <RepositorySection
                fields={repositoryFields}
                values={repository}
                errors={routed.repository}
                onChange={setRepositoryInput}
              />
              <button type="submit" hidden aria-hidden tabIndex={-1} />
            </Box>
            {workflow && (
              <>
                <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
                  {t('startBuild.parametersHeading')}
                </Typography>
                <ParametersForm
                  schema={workflow.parametersSchema}
                  marked={workflow.repositoryFields}
                  formData={parameters}
                  errors={parameterErrors.fields}
                  onChange={setParameterValues}
                  onSubmit={() => void submit()}
                />
              </>
            )}
            {!workflow &&
              workflowName === COMPONENT_WORKFLOW &&
              source === 'server' && (
                <Typography variant="body2" sx={{ mt: 1 }}>
                  {t('startBuild.pickWorkflow')}
                </Typography>
              )}
            <RunPreviewSection
              manifest={preview.manifest}
              componentKnown={source !== 'server'}
            />
          </Box>
        )}
        {generalShown.length > 0 && (
          <Alert
            severity="error"
            sx={{ mt: 2 }}
            data-testid="start-build-error"
          >
            {generalShown.map(line => (
              <div key={line}>{line}</div>
            ))}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('startBuild.cancel')}</Button>
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
          {submitting ? t('startBuild.starting') : t('startBuild.start')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
