import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  RUN_STATUSES,
  type RunStatus,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import CheckBoxIcon from '@mui/icons-material/CheckBox';
import CheckBoxOutlineBlankIcon from '@mui/icons-material/CheckBoxOutlineBlank';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import OutlinedInput from '@mui/material/OutlinedInput';
import Select from '@mui/material/Select';
import { useElementId } from '../../hooks/useElementId';
import { openchoreoBuildTranslationRef } from '../../translation';
import { statusesFromParams } from './runFilterParams';

/** Picks any number of run statuses; none means all. */
export const StatusFilter = (props: {
  value: readonly RunStatus[];
  onChange: (statuses: RunStatus[]) => void;
}) => {
  const id = useElementId();
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const label = t('runsList.filters.status');
  return (
    <FormControl size="small" sx={{ width: 180 }}>
      {/* Always shrunk: the empty value reads "All statuses", which the label must not cover. */}
      <InputLabel id={`${id}-label`} shrink>
        {label}
      </InputLabel>
      <Select<RunStatus[]>
        labelId={`${id}-label`}
        id={id}
        multiple
        displayEmpty
        value={[...props.value]}
        input={<OutlinedInput label={label} notched />}
        renderValue={selected =>
          selected.length
            ? selected.join(', ')
            : t('runsList.filters.allStatuses')
        }
        onChange={event => {
          const { value } = event.target;
          props.onChange(
            statusesFromParams(typeof value === 'string' ? [value] : value),
          );
        }}
      >
        {RUN_STATUSES.map(status => (
          <MenuItem key={status} value={status} dense>
            {/* A picture of a check box: the option's aria-selected is what assistive technology reads. */}
            <ListItemIcon>
              {props.value.includes(status) ? (
                <CheckBoxIcon fontSize="small" />
              ) : (
                <CheckBoxOutlineBlankIcon fontSize="small" />
              )}
            </ListItemIcon>
            <ListItemText primary={status} />
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
};
