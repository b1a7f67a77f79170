import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  RUN_STATUSES,
  type RunStatus,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import { useId } from 'react';
import { openchoreoBuildTranslationRef } from '../../translation';

/** Picks one run status, or all. */
export const StatusFilter = (props: {
  value: RunStatus | undefined;
  onChange: (status: RunStatus | undefined) => void;
}) => {
  const id = useId();
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <FormControl size="small" sx={{ minWidth: 160 }}>
      <InputLabel id={`${id}-label`}>{t('statusFilter.label')}</InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        label={t('statusFilter.label')}
        value={props.value ?? ''}
        onChange={event =>
          props.onChange(
            (event.target.value || undefined) as RunStatus | undefined,
          )
        }
      >
        <MenuItem value="">{t('statusFilter.all')}</MenuItem>
        {RUN_STATUSES.map(status => (
          <MenuItem key={status} value={status}>
            {status}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
};
