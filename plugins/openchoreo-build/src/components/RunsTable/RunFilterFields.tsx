import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RunTriggerKind } from '@openchoreo-build/plugin-openchoreo-build-common';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import { useEffect, useState } from 'react';
import { openchoreoBuildTranslationRef } from '../../translation';
import { SelectFilter } from './SelectFilter';

/** A text filter applied on Enter or when leaving the field (not per keystroke). */
export const TextFilter = (props: {
  label: string;
  value?: string;
  onApply: (value: string | undefined) => void;
}) => {
  const [text, setText] = useState(props.value ?? '');
  useEffect(() => setText(props.value ?? ''), [props.value]);
  const apply = () => {
    const trimmed = text.trim();
    if (trimmed !== (props.value ?? '')) props.onApply(trimmed || undefined);
  };
  return (
    <TextField
      size="small"
      label={props.label}
      value={text}
      onChange={event => setText(event.target.value)}
      onBlur={apply}
      onKeyDown={event => {
        if (event.key === 'Enter') apply();
      }}
      sx={{ width: 170 }}
    />
  );
};

/** Any start, or only runs people started from the portal, or only webhook-started ones. */
export const TriggerFilter = (props: {
  value?: RunTriggerKind;
  onChange: (trigger: RunTriggerKind | undefined) => void;
}) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <SelectFilter<RunTriggerKind>
      label={t('runsList.filters.trigger')}
      value={props.value}
      allLabel={t('runsList.filters.triggerAny')}
      options={[
        { value: 'user', label: t('runsList.filters.triggerUser') },
        { value: 'webhook', label: t('runsList.filters.triggerWebhook') },
      ]}
      onChange={props.onChange}
      sx={{ width: 150 }}
    />
  );
};

/** Only the runs the signed-in user started. */
export const MineFilter = (props: {
  value: boolean;
  onChange: (mine: boolean) => void;
}) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <Tooltip title={t('runsList.filters.mineHint')} describeChild>
      <FormControlLabel
        control={
          <Switch
            checked={props.value}
            onChange={event => props.onChange(event.target.checked)}
          />
        }
        label={t('runsList.filters.mine')}
      />
    </Tooltip>
  );
};
