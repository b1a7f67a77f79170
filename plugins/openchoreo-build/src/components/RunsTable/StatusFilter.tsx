import {
  RUN_STATUSES,
  type RunStatus,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import { useId } from 'react';

/** Picks one run status, or all. */
export const StatusFilter = (props: {
  value: RunStatus | undefined;
  onChange: (status: RunStatus | undefined) => void;
}) => {
  const id = useId();
  return (
    <FormControl size="small" sx={{ minWidth: 160 }}>
      <InputLabel id={`${id}-label`}>Status</InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        label="Status"
        value={props.value ?? ''}
        onChange={event =>
          props.onChange(
            (event.target.value || undefined) as RunStatus | undefined,
          )
        }
      >
        <MenuItem value="">All statuses</MenuItem>
        {RUN_STATUSES.map(status => (
          <MenuItem key={status} value={status}>
            {status}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
};
