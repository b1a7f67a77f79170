import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  ApiGeneration,
  ComponentWorkflowSummary,
  RunWorkflowConfig,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { openchoreoBuildTranslationRef } from '../../translation';
import type { DefaultsSource } from './startBuildForm';
import { workflowKey, workflowLabel } from './workflowChoice';

/**
 * The picker's value for "name no workflow in the request": the server then runs the
 * component's own `spec.workflow`. When the component has none, it stands for "not chosen yet".
 */
export const COMPONENT_WORKFLOW = '';

/** The workflow select, with what the choice means for the values below it. */
export const WorkflowPicker = (props: {
  value: string;
  listed: ComponentWorkflowSummary[];
  source: DefaultsSource;
  generation: ApiGeneration;
  defaults: RunWorkflowConfig | undefined;
  componentKey: string;
  componentListed: boolean;
  sameAsComponent: boolean;
  namespace: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) => {
  const { value, listed, source, generation, defaults, componentKey } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  let help: string;
  if (source === 'none') {
    help = value
      ? t('startBuild.help.sendAll')
      : t('startBuild.help.chooseWorkflow');
  } else if (props.sameAsComponent || !value) {
    help = t('startBuild.help.fromComponent');
  } else if (generation === 'v1') {
    help = t('startBuild.help.otherWorkflowV1');
  } else {
    help = t('startBuild.help.otherWorkflowV0');
  }
  const unlisted =
    defaults && !props.componentListed ? componentKey : undefined;
  return (
    <TextField
      select
      label={t('startBuild.workflowLabel')}
      value={value}
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
      onChange={event => props.onChange(event.target.value)}
      fullWidth
      size="small"
      margin="dense"
      required={source === 'none'}
      error={Boolean(props.error)}
      helperText={props.error ?? help}
    >
      {source === 'server' && (
        <MenuItem value={COMPONENT_WORKFLOW}>
          {t('startBuild.componentWorkflowOption')}
        </MenuItem>
      )}
      {source === 'none' && (
        <MenuItem value={COMPONENT_WORKFLOW} disabled>
          {t('startBuild.chooseWorkflowOption')}
        </MenuItem>
      )}
      {unlisted && (
        <MenuItem value={unlisted}>
          {t('startBuild.notFoundIn', {
            workflow:
              generation === 'v1'
                ? `${defaults?.name} · ${unlisted.split('/')[0]}`
                : unlisted,
            namespace: props.namespace,
          })}
        </MenuItem>
      )}
      {listed.map(w => (
        <MenuItem key={workflowKey(w)} value={workflowKey(w)}>
          {w.ready
            ? workflowLabel(w)
            : t('startBuild.secretsNotReadySuffix', {
                workflow: workflowLabel(w),
              })}
        </MenuItem>
      ))}
    </TextField>
  );
};
